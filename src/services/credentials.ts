import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from '../domain/hash.js';
import canonicalize from 'canonicalize';
import { buildAchievementCredential, disclosedRecipientName, type AchievementRecord, type JsonObject } from '../domain/open-badges.js';
import type { AchievementRow } from '../storage/achievements-repository.js';
import { findIssuerById, type IssuerRow } from '../storage/issuers-repository.js';
import { toXsdDateTime } from '../domain/date-time.js';
import { linkedInAddToProfileUrl } from '../domain/linkedin.js';
import type { StatusPurpose } from '../domain/bitstring-status-list.js';
import { allocateStatusEntry } from '../status/status-lists.js';
import { linkStatusEntry, findStatusEntryOfCredential } from '../storage/status-repository.js';
import { signVcJwt } from '../proof/vc-jwt.js';
import { isUniqueViolation } from '../storage/database.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import {
  listCredentials,
  findCredentialById,
  findIdempotencyRecord,
  insertCredential,
  insertIdempotencyRecord,
  type CredentialRow,
  type IdempotencyRow,
} from '../storage/credentials-repository.js';
import { IdempotencyKeyReusedError, NotFoundError, ValidationError } from '../errors.js';
import type { ServiceContext } from './context.js';
import type { Tenancy } from '../storage/tenancy.js';
import type { Actor } from './access.js';
import { achievementDocument, loadAchievementWithIssuer } from './achievements.js';
import { issuerProfile } from './issuers.js';
import { publicUrls } from './public-urls.js';
import { isUuid } from '../domain/uuid.js';

export interface IssueCredentialInput {
  achievementId: string;
  recipient: { email: string; name?: string };
  validFrom?: string;
  validUntil?: string;
  awardedDate?: string;
  /** The purpose of the credential's one status entry: revocation (default) or suspension (reversible holds). */
  statusPurpose?: StatusPurpose;
}

export interface CredentialView {
  id: string;
  url: string;
  issuerId: string;
  achievementId: string;
  credential: JsonObject;
  jwt: string;
  validFrom: string;
  validUntil: string | null;
  createdAt: string;
  status: CredentialStatusView | null;
  /** LinkedIn's "Add to profile" link, prefilled for this credential. */
  linkedInAddToProfileUrl: string;
  /** The badge image with this credential baked in, for online CVs. */
  badgeImages: { png: string; svg: string };
}

export interface CredentialStatusView {
  purpose: StatusPurpose;
  state: 'active' | 'suspended' | 'revoked';
  statusListCredential: string;
  statusListIndex: number;
  publicReason: string | null;
  changedAt: string | null;
}

export interface IssuanceOutcome {
  record: CredentialView;
  /** True when an earlier request with the same Idempotency-Key already issued this credential. */
  replayed: boolean;
}

export async function issueCredential(
  ctx: ServiceContext,
  input: IssueCredentialInput,
  options: { actor: Actor; idempotencyKey?: string },
): Promise<IssuanceOutcome> {
  const { actor, idempotencyKey } = options;
  const requestHash = sha256Hex(canonicalize(input) ?? '');
  if (idempotencyKey !== undefined) {
    const earlier = await findIdempotencyRecord(ctx.db, actor.apiKeyId, idempotencyKey);
    if (earlier) return replay(ctx, earlier, requestHash, actor);
  }
  const { achievement, issuer } = await loadAchievementWithIssuer(ctx, input.achievementId, actor.tenancy, '/achievementId');
  try {
    return await issueAchievementCredential(ctx, {
      achievement,
      issuer,
      recipient: input.recipient,
      validFrom: input.validFrom,
      validUntil: input.validUntil,
      awardedDate: input.awardedDate,
      statusPurpose: input.statusPurpose,
      actor,
      ...(idempotencyKey === undefined ? {} : { idempotency: { key: idempotencyKey, requestHash } }),
    });
  } catch (error) {
    // A concurrent request with the same key committed first: its credential is the one, ours is discarded.
    if (idempotencyKey !== undefined && isUniqueViolation(error, 'idempotency_keys_pkey')) {
      const winner = await findIdempotencyRecord(ctx.db, actor.apiKeyId, idempotencyKey);
      if (winner) return replay(ctx, winner, requestHash, actor);
    }
    throw error;
  }
}

/**
 * Builds, signs (Data Integrity and VC-JWT) and stores one credential, with its status entry, its
 * idempotency record or mobility link, and its audit event, in one transaction.
 */
export async function issueAchievementCredential(
  ctx: ServiceContext,
  options: {
    achievement: AchievementRow;
    issuer: IssuerRow;
    recipient: { email: string; name?: string };
    validFrom?: string;
    validUntil?: string;
    awardedDate?: string;
    statusPurpose?: StatusPurpose;
    record?: AchievementRecord;
    mobility?: { id: string; kind: string };
    /** The batch issuing it, recorded in the credential's own insert. */
    batchId?: string;
    idempotency?: { key: string; requestHash: string };
    actor: Actor;
  },
): Promise<IssuanceOutcome> {
  const { achievement, issuer, actor } = options;
  const now = ctx.now();
  const validFrom = toXsdDateTime(options.validFrom ?? now);
  const validUntil = options.validUntil === undefined ? undefined : toXsdDateTime(options.validUntil);
  if (validUntil !== undefined && validUntil <= validFrom) {
    throw new ValidationError('validUntil must be later than validFrom', [
      { field: '/validUntil', message: 'must be later than validFrom' },
    ]);
  }

  const id = randomUUID();
  return signAndStoreCredential(ctx, {
    id,
    issuer,
    achievementId: achievement.id,
    recipientEmail: options.recipient.email,
    statusPurpose: options.statusPurpose ?? 'revocation',
    build: (credentialStatus) =>
      buildAchievementCredential({
        id: publicUrls(ctx.publicBaseUrl).credential(id),
        issuer: issuerProfile(issuer),
        achievement: achievementDocument(ctx, achievement, issuer),
        recipient: {
          email: options.recipient.email,
          salt: randomBytes(16).toString('base64url'),
          ...(options.recipient.name === undefined ? {} : { displayName: options.recipient.name }),
        },
        validFrom,
        validUntil,
        awardedDate: toXsdDateTime(options.awardedDate ?? now),
        credentialStatus,
        ...(options.record ? { record: options.record } : {}),
      }),
    actor,
    ...(options.mobility ? { mobility: options.mobility } : {}),
    ...(options.batchId ? { batchId: options.batchId } : {}),
    ...(options.idempotency ? { idempotency: options.idempotency } : {}),
  });
}

/**
 * A holder-bound copy of a credential, for a wallet (OpenID4VCI): the same achievement, recipient, dates
 * and results, with the holder's DID as credentialSubject.id, its own id and its own status entry (so
 * that revoking the original can revoke the copy too). Issued once per original and holder.
 */
export async function issueHolderBoundCopy(ctx: ServiceContext, original: CredentialRow, holderId: string, actor: Actor): Promise<CredentialView> {
  const issuer = await findIssuerById(ctx.db, original.issuer_id, actor.tenancy);
  const originalStatus = await findStatusEntryOfCredential(ctx.db, original.id);
  if (!issuer || !originalStatus) throw new NotFoundError(`Credential ${original.id}`);
  const { proof: _proof, ...document } = original.data_integrity;
  const id = randomUUID();
  const outcome = await signAndStoreCredential(ctx, {
    id,
    issuer,
    achievementId: original.achievement_id,
    recipientEmail: original.recipient_email,
    statusPurpose: originalStatus.purpose,
    build: (credentialStatus) => ({
      ...document,
      id: publicUrls(ctx.publicBaseUrl).credential(id),
      credentialSubject: { ...(document.credentialSubject as JsonObject), id: holderId },
      credentialStatus,
    }),
    actor,
    holder: { id: holderId, derivedFrom: original.id },
  });
  return outcome.record;
}

/** Both proofs of a credential, by the issuer's active key: Data Integrity (eddsa-rdfc-2022) and VC-JWT. */
export async function signBothProofs(
  ctx: ServiceContext,
  issuer: IssuerRow,
  credential: JsonObject,
): Promise<{ keyId: string; verificationMethod: string; dataIntegrity: JsonObject; jwt: string }> {
  const { keyId, signer } = await ctx.keyRing.activeSigner(ctx.db, { issuerId: issuer.id, did: issuer.did });
  return {
    keyId,
    verificationMethod: signer.id,
    dataIntegrity: await ctx.signing.sign({ credential, signer, created: ctx.now() }),
    jwt: await signVcJwt({ credential, signer }),
  };
}

/**
 * Signs a built credential twice (Data Integrity and VC-JWT) and stores it with its status entry, its
 * idempotency record, mobility or holder link, and its audit event, in one transaction.
 */
async function signAndStoreCredential(
  ctx: ServiceContext,
  options: {
    id: string;
    issuer: IssuerRow;
    achievementId: string;
    recipientEmail: string;
    statusPurpose: StatusPurpose;
    /** The unsigned credential, given its status entry. */
    build: (credentialStatus: JsonObject) => JsonObject;
    actor: Actor;
    mobility?: { id: string; kind: string };
    batchId?: string;
    idempotency?: { key: string; requestHash: string };
    holder?: { id: string; derivedFrom: string };
  },
): Promise<IssuanceOutcome> {
  const { id, issuer, actor } = options;
  const stopTimer = ctx.metrics.issuanceSeconds.startTimer({ proof_formats: 'ldp_vc+jwt_vc' });
  const status = await allocateStatusEntry(ctx, { issuerId: issuer.id, purpose: options.statusPurpose });
  const credential = options.build(status.entry);
  const { keyId, verificationMethod, dataIntegrity, jwt } = await signBothProofs(ctx, issuer, credential);

  const row = await ctx.db.transaction().execute(async (trx) => {
    const stored = await insertCredential(trx, {
      id,
      issuer_id: issuer.id,
      achievement_id: options.achievementId,
      key_id: keyId,
      recipient_email: options.recipientEmail,
      data_integrity: dataIntegrity,
      jwt,
      valid_from: new Date(String(credential.validFrom)),
      valid_until: typeof credential.validUntil === 'string' ? new Date(credential.validUntil) : null,
      issued_by: actor.apiKeyId,
      mobility_id: options.mobility?.id ?? null,
      mobility_kind: options.mobility?.kind ?? null,
      batch_id: options.batchId ?? null,
      holder_id: options.holder?.id ?? null,
      derived_from: options.holder?.derivedFrom ?? null,
    });
    await linkStatusEntry(trx, { list_id: status.listId, list_index: status.index, credential_id: id });
    if (options.idempotency) {
      await insertIdempotencyRecord(trx, {
        api_key_id: actor.apiKeyId,
        idempotency_key: options.idempotency.key,
        request_hash: options.idempotency.requestHash,
        credential_id: id,
      });
    }
    await appendAuditEvent(trx, {
      actor: actor.apiKeyId,
      action: 'credential.issued',
      issuerId: issuer.id,
      subjectId: id,
      details: {
        achievementId: options.achievementId,
        verificationMethod,
        ...(options.mobility ? { mobilityId: options.mobility.id, kind: options.mobility.kind } : {}),
        ...(options.holder ? { holderId: options.holder.id, derivedFrom: options.holder.derivedFrom } : {}),
      },
    });
    return stored;
  });
  stopTimer();
  ctx.metrics.credentialsIssued.inc({ proof_formats: 'ldp_vc+jwt_vc' });
  return { record: await toCredentialView(ctx, row), replayed: false };
}

export async function getCredential(ctx: ServiceContext, id: string, tenancy: Tenancy): Promise<CredentialView> {
  const row = await findCredentialById(ctx.db, id, tenancy);
  if (!row) throw new NotFoundError(`Credential ${id}`);
  return toCredentialView(ctx, row);
}

async function replay(ctx: ServiceContext, record: IdempotencyRow, requestHash: string, actor: Actor): Promise<IssuanceOutcome> {
  if (record.request_hash !== requestHash) throw new IdempotencyKeyReusedError();
  return { record: await getCredential(ctx, record.credential_id, actor.tenancy), replayed: true };
}

export async function toCredentialView(ctx: ServiceContext, row: CredentialRow): Promise<CredentialView> {
  const entry = await findStatusEntryOfCredential(ctx.db, row.id);
  return {
    id: row.id,
    url: publicUrls(ctx.publicBaseUrl).credential(row.id),
    issuerId: row.issuer_id,
    achievementId: row.achievement_id,
    credential: row.data_integrity,
    jwt: row.jwt,
    validFrom: toXsdDateTime(row.valid_from),
    validUntil: row.valid_until && toXsdDateTime(row.valid_until),
    createdAt: row.created_at.toISOString(),
    linkedInAddToProfileUrl: linkedInAddToProfileUrl(row.data_integrity),
    badgeImages: { png: publicUrls(ctx.publicBaseUrl).bakedBadge(row.id, 'png'), svg: publicUrls(ctx.publicBaseUrl).bakedBadge(row.id, 'svg') },
    status: entry
      ? {
          purpose: entry.purpose,
          state: entry.state,
          statusListCredential: publicUrls(ctx.publicBaseUrl).statusList(entry.list_id),
          statusListIndex: entry.list_index,
          publicReason: entry.public_reason,
          changedAt: entry.changed_at && entry.changed_at.toISOString(),
        }
      : null,
  };
}

export interface CredentialSummary {
  id: string;
  url: string;
  issuerId: string;
  achievementId: string;
  name: string;
  /** The recipient's name, when the credential discloses it. */
  recipientName: string | null;
  validFrom: string;
  validUntil: string | null;
  createdAt: string;
  status: string | null;
  mobilityId: string | null;
  batchId: string | null;
  /** For a wallet copy: the credential it copies. */
  copyOf: string | null;
}

const PAGE_CURSOR = /^[A-Za-z0-9_-]{1,200}$/;

/** Credentials a key may read, newest first, a page at a time (`next` is the cursor of the following page). */
export async function listCredentialSummaries(
  ctx: ServiceContext,
  tenancy: Tenancy,
  options: { issuerId?: string; limit: number; after?: string },
): Promise<{ credentials: CredentialSummary[]; next: string | null }> {
  if (options.issuerId !== undefined && !(await findIssuerById(ctx.db, options.issuerId, tenancy))) throw new NotFoundError(`Issuer ${options.issuerId}`, 'issuerId');
  const after = options.after === undefined ? undefined : decodeCursor(options.after);
  const rows = await listCredentials(ctx.db, tenancy, { ...(options.issuerId ? { issuerId: options.issuerId } : {}), limit: options.limit + 1, ...(after ? { after } : {}) });
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    credentials: page.map((row) => {
      const subject = row.data_integrity.credentialSubject as JsonObject;
      return {
        id: row.id,
        url: publicUrls(ctx.publicBaseUrl).credential(row.id),
        issuerId: row.issuer_id,
        achievementId: row.achievement_id,
        name: String((subject.achievement as JsonObject).name),
        recipientName: disclosedRecipientName(row.data_integrity) ?? null,
        validFrom: toXsdDateTime(row.valid_from),
        validUntil: row.valid_until && toXsdDateTime(row.valid_until),
        createdAt: row.created_at.toISOString(),
        status: row.state,
        mobilityId: row.mobility_id,
        batchId: row.batch_id,
        copyOf: row.derived_from,
      };
    }),
    next: rows.length > options.limit && last ? Buffer.from(JSON.stringify([last.created_at.toISOString(), last.id])).toString('base64url') : null,
  };
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const invalid = new ValidationError('after is not a cursor this service gave', [{ field: 'after', message: 'must be the "next" of a previous page' }]);
  if (!PAGE_CURSOR.test(cursor)) throw invalid;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    if (Number.isNaN(date.getTime()) || !isUuid(id)) throw invalid;
    return { createdAt: date, id };
  } catch {
    throw invalid;
  }
}
