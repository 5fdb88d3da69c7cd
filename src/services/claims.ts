import { newSecret, sha256Hex } from '../domain/hash.js';
import { addDays } from '../domain/date-time.js';
import { disclosedRecipientName, type JsonObject } from '../domain/open-badges.js';
import { ClaimLinkExpiredError, EmailNotSentError, ConflictError, NotFoundError } from '../errors.js';
import { claimEmail } from '../notifications/claim-email.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import { claimLink, findClaimLink, insertClaimLink, type ClaimLinkRow } from '../storage/claims-repository.js';
import { findCredentialById, type CredentialRow } from '../storage/credentials-repository.js';
import { EVERY_SCHOOL } from '../storage/tenancy.js';
import type { Actor } from './access.js';
import type { ServiceContext } from './context.js';
import { credentialDocument } from './credential-views.js';
import { withoutName } from './credential-names.js';
import { assertShareable } from './credential-status.js';

const DEFAULT_CLAIM_DAYS = 30;

interface ClaimLinkBase {
  credentialId: string;
  expiresAt: string;
}

/** A link handed to the caller, to pass on: the page the learner opens (the link is the secret, shown only here). */
export interface HandedClaimLink extends ClaimLinkBase {
  url: string;
  emailed: false;
}

/**
 * A link mobicred emailed to the address the credential was issued to, and to no one else (the caller gets no
 * URL): it alone signs the learner in when they claim.
 */
export interface EmailedClaimLink extends ClaimLinkBase {
  emailed: true;
}

/**
 * A one-time, expiring link with which the learner claims a credential; only its hash is stored. With
 * `sendEmail`, it goes only to the address the credential was issued to (the caller gets no URL): claiming
 * with it proves that address, and signs the learner in to their space.
 */
export function createClaimLink(ctx: ServiceContext, credentialId: string, options: { expiresInDays?: number; sendEmail?: false }, actor: Actor): Promise<HandedClaimLink>;
export function createClaimLink(ctx: ServiceContext, credentialId: string, options: { expiresInDays?: number; sendEmail?: boolean }, actor: Actor): Promise<HandedClaimLink | EmailedClaimLink>;
export async function createClaimLink(
  ctx: ServiceContext,
  credentialId: string,
  options: { expiresInDays?: number; sendEmail?: boolean },
  actor: Actor,
): Promise<HandedClaimLink | EmailedClaimLink> {
  const credential = await findCredentialById(ctx.db, credentialId, actor.tenancy);
  if (!credential) throw new NotFoundError(`Credential ${credentialId}`);
  await assertShareable(ctx, credential.id);
  const mailer = options.sendEmail ? ctx.mailer : undefined;
  if (options.sendEmail && !mailer) throw new ConflictError('Email is not configured on this service (MOBICRED_SMTP_URL)', '/sendEmail');
  const token = newSecret();
  const expiresAt = addDays(ctx.now(), options.expiresInDays ?? DEFAULT_CLAIM_DAYS);
  await ctx.db.transaction().execute(async (trx) => {
    await insertClaimLink(trx, { token_hash: token.hash, credential_id: credential.id, expires_at: expiresAt, created_by: actor.apiKeyId, emailed_only: mailer !== undefined });
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'credential.claim-link-created', issuerId: credential.issuer_id, subjectId: credential.id });
  });
  const url = ctx.publicUrls.claim(token.secret);
  const view = { credentialId: credential.id, expiresAt: expiresAt.toISOString() };
  if (!mailer) return { url, ...view, emailed: false };
  const document = credentialDocument(credential);
  const achievement = (document.credentialSubject as JsonObject).achievement as JsonObject;
  const email = claimEmail({
    language: achievement.inLanguage === 'fr' ? 'fr' : 'en',
    achievementName: String(achievement.name),
    issuerName: String((document.issuer as JsonObject).name),
    claimUrl: url,
    expiresAt: view.expiresAt,
  });
  try {
    await mailer.send({ to: credential.recipient_email, ...email });
  } catch (error) {
    throw new EmailNotSentError((error as Error).message.slice(0, 200));
  }
  return { ...view, emailed: true };
}

export interface ClaimState {
  link: ClaimLinkRow;
  credential: CredentialRow;
  /** The recipient's name as the credential discloses it, if it does. */
  disclosedName: string | undefined;
}

/** The claim behind a token: a 404 for an unknown one, a 410 for an expired one, a 409 once the credential is revoked or suspended. */
export async function findClaim(ctx: ServiceContext, token: string): Promise<ClaimState> {
  const link = await findClaimLink(ctx.db, sha256Hex(token));
  const credential = link && (await findCredentialById(ctx.db, link.credential_id, EVERY_SCHOOL));
  if (!link || !credential) throw new NotFoundError('Claim link');
  if (link.expires_at <= ctx.now()) throw new ClaimLinkExpiredError();
  await assertShareable(ctx, credential.id);
  return { link, credential, disclosedName: disclosedRecipientName(credentialDocument(credential)) };
}

/**
 * The learner claims the credential, once: following the link sent to the address the badge was hashed for
 * proves that address. If they choose to keep their name out of the public credential, it is signed again
 * without it (same id, same status entry) before anyone else was given its URL.
 */
export async function claimCredential(ctx: ServiceContext, token: string, choice: { showName: boolean }): Promise<ClaimState & { claimedNow: boolean }> {
  const { link, credential } = await findClaim(ctx, token);
  // Signed before the transaction (signing is slow), stored in it with the claim: both or neither.
  const storeWithoutName = choice.showName ? undefined : await withoutName(ctx, credential);
  const claimedNow = await ctx.db.transaction().execute(async (trx) => {
    if (!(await claimLink(trx, link.token_hash, { showName: choice.showName, now: ctx.now() }))) return false; // claimed before: the first choice stands
    if (storeWithoutName) await storeWithoutName(trx);
    await appendAuditEvent(trx, {
      actor: 'recipient (claim link)',
      action: 'credential.claimed',
      issuerId: credential.issuer_id,
      subjectId: credential.id,
      details: { showName: choice.showName },
    });
    return true;
  });
  return { ...(await findClaim(ctx, token)), claimedNow };
}
