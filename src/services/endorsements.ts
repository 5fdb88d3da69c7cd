import { randomBytes, randomUUID } from 'node:crypto';
import { newSecret, sha256Hex } from '../domain/hash.js';
import { buildEndorsementCredential, buildIssuerProfile, type IssuerProfileInput, type JsonObject } from '../domain/open-badges.js';
import { addDays, toXsdDateTime } from '../domain/date-time.js';
import { EndorsementLinkClosedError, ConflictError, NotFoundError } from '../errors.js';
import { didWebForIssuer } from '../keys/did-web.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import { findCredentialById, type CredentialRow } from '../storage/credentials-repository.js';
import {
  findEndorsement,
  findEndorsementLink,
  insertEndorsement,
  insertEndorsementLink,
  listEndorsementsOf,
  useEndorsementLink,
  type EndorsementLinkRow,
} from '../storage/endorsements-repository.js';
import { findEndorserById, insertIssuer, type IssuerRow } from '../storage/issuers-repository.js';
import { EVERY_SCHOOL } from '../storage/tenancy.js';
import type { Actor } from './access.js';
import type { ServiceContext } from './context.js';
import type { Db } from '../storage/database.js';
import { verifyEndorsementProof } from './verification.js';
import { credentialDocument } from './credential-views.js';

const DEFAULT_ENDORSEMENT_DAYS = 30;

interface EndorsementLinkView {
  /** The page the endorser opens; the link is the secret, shown only here (and in the email, if sent). */
  url: string;
  credentialId: string;
  endorser: { id: string; did: string; name: string };
  expiresAt: string;
  emailed: boolean;
}

/**
 * Asks an organisation (the host company, an academy) to endorse a credential: the organisation gets a
 * did:web and a key held here, and a one-time link through which its mentor writes and signs the
 * endorsement. Only the link's hash is stored.
 */
export async function createEndorsementLink(
  ctx: ServiceContext,
  credentialId: string,
  input: { endorser: Pick<IssuerProfileInput, 'name' | 'url' | 'email'>; expiresInDays?: number; sendEmail?: boolean },
  actor: Actor,
): Promise<EndorsementLinkView> {
  const credential = await findCredentialById(ctx.db, credentialId, actor.tenancy);
  if (!credential) throw new NotFoundError(`Credential ${credentialId}`);
  if (input.sendEmail && !ctx.mailer) throw new ConflictError('Email is not configured on this service (MOBICRED_SMTP_URL)', '/sendEmail');
  if (input.sendEmail && !input.endorser.email) throw new ConflictError('The endorser has no email address to send the link to', '/endorser/email');
  const token = newSecret();
  const expiresAt = addDays(ctx.now(), input.expiresInDays ?? DEFAULT_ENDORSEMENT_DAYS);
  const endorser = await ctx.db.transaction().execute(async (trx) => {
    const row = await createEndorserIdentity(ctx, trx, input.endorser);
    await insertEndorsementLink(trx, { token_hash: token.hash, credential_id: credential.id, endorser_id: row.id, expires_at: expiresAt, created_by: actor.apiKeyId });
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'credential.endorsement-requested', issuerId: credential.issuer_id, subjectId: credential.id, details: { endorserId: row.id } });
    return row;
  });
  const url = ctx.publicUrls.endorse(token.secret);
  const view = { url, credentialId: credential.id, endorser: { id: endorser.id, did: endorser.did, name: input.endorser.name }, expiresAt: expiresAt.toISOString(), emailed: false };
  if (!input.sendEmail || !ctx.mailer || !input.endorser.email) return view;
  const document = credentialDocument(credential);
  const achievement = (document.credentialSubject as JsonObject).achievement as JsonObject;
  await ctx.mailer.send({
    to: input.endorser.email,
    subject: `Endorsement requested: ${String(achievement.name)}`,
    text: `Hello,\n\n${String((document.issuer as JsonObject).name)} asks ${input.endorser.name} to endorse the credential "${String(achievement.name)}".\n\nWrite and sign your endorsement here (one use, until ${view.expiresAt.slice(0, 10)}):\n${url}\n`,
  });
  return { ...view, emailed: true };
}

/**
 * An organisation that signs statements about a school's credentials or stays (a host company, an
 * academy): a did:web and a key held here, like a school's, so that its signature verifies the same way.
 */
export async function createEndorserIdentity(ctx: ServiceContext, db: Db, profile: Pick<IssuerProfileInput, 'name' | 'url' | 'email'>): Promise<IssuerRow> {
  const slug = `endorser-${randomBytes(6).toString('hex')}`;
  const did = didWebForIssuer(ctx.publicBaseUrl, slug);
  const row = await insertIssuer(db, { id: randomUUID(), slug, did, profile, kind: 'endorser' });
  await ctx.keyRing.createIssuerKey(db, { issuerId: row.id, did });
  return row;
}

/** An EndorsementCredential by an endorser identity, signed now with its key (eddsa-rdfc-2022). */
export async function signEndorsementStatement(
  ctx: ServiceContext,
  endorser: IssuerRow,
  statement: { id: string; subjectId: string; subjectName: string; comment: string },
): Promise<JsonObject> {
  const unsigned = buildEndorsementCredential({
    ...statement,
    issuer: buildIssuerProfile({ id: endorser.did, profile: endorser.profile }),
    validFrom: toXsdDateTime(ctx.now()),
  });
  const { signer } = await ctx.keyRing.activeSigner(ctx.db, { issuerId: endorser.id, did: endorser.did });
  return ctx.dataIntegrity.sign({ credential: unsigned, signer, created: ctx.now() });
}

interface EndorsementRequest {
  link: EndorsementLinkRow;
  credential: CredentialRow;
  endorser: IssuerRow;
}

export async function findEndorsementRequest(ctx: ServiceContext, token: string): Promise<EndorsementRequest> {
  const link = await findEndorsementLink(ctx.db, sha256Hex(token));
  const credential = link && (await findCredentialById(ctx.db, link.credential_id, EVERY_SCHOOL));
  const endorser = link && (await findEndorserById(ctx.db, link.endorser_id));
  if (!link || !credential || !endorser) throw new NotFoundError('Endorsement link');
  if (link.used_at) throw new EndorsementLinkClosedError('used');
  if (link.expires_at <= ctx.now()) throw new EndorsementLinkClosedError('expired');
  return { link, credential, endorser };
}

/** Signs the endorsement with the endorsing organisation's key and attaches it to the credential; once. */
export async function signEndorsement(ctx: ServiceContext, token: string, comment: string): Promise<{ credentialId: string; endorsementId: string }> {
  const { link, credential, endorser } = await findEndorsementRequest(ctx, token);
  const id = randomUUID();
  const endorsed = credentialDocument(credential);
  const achievement = (endorsed.credentialSubject as JsonObject).achievement as JsonObject;
  const document = await signEndorsementStatement(ctx, endorser, {
    id: ctx.publicUrls.endorsement(id),
    subjectId: String(endorsed.id),
    subjectName: String(achievement.name),
    comment,
  });
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await useEndorsementLink(trx, link.token_hash, ctx.now()))) throw new EndorsementLinkClosedError('used');
    await insertEndorsement(trx, { id, credential_id: credential.id, endorser_id: endorser.id, document });
    await appendAuditEvent(trx, { actor: `endorser ${endorser.id}`, action: 'credential.endorsed', issuerId: credential.issuer_id, subjectId: credential.id, details: { endorsementId: id } });
  });
  return { credentialId: credential.id, endorsementId: id };
}

interface EndorsementView {
  url: string;
  endorserName: string;
  comment: string;
  issuedAt: string;
  /** Checked now: the endorser's proof, and that it is about this very credential. */
  verified: boolean;
  credential: JsonObject;
}

export async function listEndorsements(ctx: ServiceContext, credentialId: string): Promise<EndorsementView[]> {
  const credential = await findCredentialById(ctx.db, credentialId, EVERY_SCHOOL);
  if (!credential) throw new NotFoundError(`Credential ${credentialId}`);
  const endorsedId = credentialDocument(credential).id;
  return Promise.all(
    (await listEndorsementsOf(ctx.db, credentialId)).map(async (row) => {
      const document = row.document;
      const subject = document.credentialSubject as JsonObject;
      return {
        url: String(document.id),
        endorserName: String((document.issuer as JsonObject).name),
        comment: String(subject.endorsementComment),
        issuedAt: String(document.validFrom),
        verified: subject.id === endorsedId && (await verifyEndorsementProof(ctx, document)),
        credential: document,
      };
    }),
  );
}

export async function getEndorsement(ctx: ServiceContext, id: string): Promise<JsonObject> {
  const row = await findEndorsement(ctx.db, id);
  if (!row) throw new NotFoundError(`Endorsement ${id}`);
  return row.document;
}
