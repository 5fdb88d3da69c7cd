import { randomBytes, randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { StatusPurpose } from '../domain/bitstring-status-list.js';
import { toXsdDateTime } from '../domain/date-time.js';
import { sha256Hex } from '../domain/hash.js';
import { buildAchievementCredential, type AchievementRecord, type JsonObject } from '../domain/open-badges.js';
import { IdempotencyKeyReusedError, NotFoundError, ValidationError } from '../errors.js';
import type { AchievementRow } from '../storage/achievements-repository.js';
import { findIdempotencyRecord, type CredentialRow, type IdempotencyRow } from '../storage/credentials-repository.js';
import { isUniqueViolation } from '../storage/database.js';
import { findIssuerById, type IssuerRow } from '../storage/issuers-repository.js';
import { findStatusEntryOfCredential } from '../storage/status-repository.js';
import type { Actor } from './access.js';
import { achievementDocument, loadAchievementWithIssuer } from './achievements.js';
import type { ServiceContext } from './context.js';
import { recordedMinors } from './credential-names.js';
import { credentialDocument, credentialView, getCredential, type CredentialView } from './credential-views.js';
import { BOTH_PROOF_FORMATS, type IssuanceJob, type ProofFormat } from './issuance-pipeline.js';
import { issuerProfile } from './issuers.js';

/*
 * Issuance as a school asks for it: one credential or many (with Idempotency-Key replays), a credential for
 * an achievement (also for mobilities and batches), a wallet's holder-bound copy. Signing and storing is the
 * issuance pipeline's (issuance-pipeline.ts); reading credentials back, credential-views.ts and
 * credential-listing.ts.
 */

export interface IssueCredentialInput {
  achievementId: string;
  recipient: { email: string; name?: string };
  validFrom?: string;
  validUntil?: string;
  awardedDate?: string;
  /** The purpose of the credential's one status entry: revocation (default) or suspension (reversible holds). */
  statusPurpose?: StatusPurpose;
  /** How it is secured: a Data Integrity proof, a VC-JWT, or both (the default). */
  proofFormats?: ProofFormat[];
}

interface IssuanceOutcome {
  record: CredentialView;
  /** True when an earlier request with the same Idempotency-Key already issued this credential. */
  replayed: boolean;
}

/** One credential (POST /v1/credentials). */
export async function issueCredential(
  ctx: ServiceContext,
  input: IssueCredentialInput,
  options: { actor: Actor; idempotencyKey?: string },
): Promise<IssuanceOutcome> {
  const [outcome] = await issueRequested(ctx, [{ input, field: (path) => path, idempotencyKey: options.idempotencyKey }], options.actor);
  return outcome!;
}

/**
 * Several credentials in one request (POST /v1/credentials/bulk), in the order asked. With an
 * Idempotency-Key, item i is recorded under `${key}#${i}`: a retry replays what was issued and issues the rest.
 */
export async function issueCredentialsInBulk(
  ctx: ServiceContext,
  inputs: IssueCredentialInput[],
  options: { actor: Actor; idempotencyKey?: string },
): Promise<IssuanceOutcome[]> {
  const { idempotencyKey } = options;
  return ctx.issuance.inBulkSlot(() =>
    issueRequested(
      ctx,
      inputs.map((input, index) => ({
        input,
        field: (path) => `/credentials/${index}${path}`,
        idempotencyKey: idempotencyKey === undefined ? undefined : `${idempotencyKey}#${index}`,
      })),
      options.actor,
    ),
  );
}

interface IssuanceRequest {
  input: IssueCredentialInput;
  /** Where a field of this input is, in the request body. */
  field(path: string): string;
  idempotencyKey: string | undefined;
}

/**
 * Every request is checked first — replayed, or its achievement found and its dates in order — so that a
 * bad one issues nothing; then all are issued at once (and so share group commits).
 */
async function issueRequested(ctx: ServiceContext, requests: IssuanceRequest[], actor: Actor): Promise<IssuanceOutcome[]> {
  const now = ctx.now();
  const achievements = new Map<string, ReturnType<typeof loadAchievementWithIssuer>>();
  const checked = await Promise.all(
    requests.map(async ({ input, field, idempotencyKey }) => {
      const idempotency = idempotencyKey === undefined ? undefined : { key: idempotencyKey, requestHash: sha256Hex(canonicalize(input) ?? '') };
      if (idempotency) {
        const earlier = await findIdempotencyRecord(ctx.db, actor.apiKeyId, idempotency.key);
        if (earlier) return { replayed: await replay(ctx, earlier, idempotency.requestHash, actor) } as const;
      }
      let loading = achievements.get(input.achievementId);
      if (!loading) {
        loading = loadAchievementWithIssuer(ctx, input.achievementId, actor.tenancy, { field: field('/achievementId'), asOf: actor.readsAsOf });
        achievements.set(input.achievementId, loading);
      }
      const validFrom = toXsdDateTime(input.validFrom ?? now);
      const validUntil = input.validUntil === undefined ? undefined : toXsdDateTime(input.validUntil);
      if (validUntil !== undefined && validUntil <= validFrom) {
        throw new ValidationError('validUntil must be later than validFrom', [{ field: field('/validUntil'), message: 'must be later than validFrom' }]);
      }
      return { replayed: undefined, toIssue: { ...(await loading), input, validFrom, validUntil, idempotency } };
    }),
  );
  // A minor recorded on any school's stay is issued to without the name, kept aside as for a stay's credential.
  const named = checked.flatMap((item) => (item.toIssue?.input.recipient.name !== undefined ? [item.toIssue.input.recipient.email] : []));
  const minors = await recordedMinors(ctx, named, actor.readsAsOf);
  return Promise.all(
    checked.map(async (item) => {
      if (item.replayed) return item.replayed;
      const { achievement, issuer, input, validFrom, validUntil, idempotency } = item.toIssue;
      const withheldName = minors.has(input.recipient.email.trim().toLowerCase()) ? input.recipient.name : undefined;
      try {
        const outcome = await issueAchievementCredential(ctx, {
          achievement,
          issuer,
          recipient: withheldName === undefined ? input.recipient : { email: input.recipient.email },
          withheldName,
          validFrom,
          validUntil,
          awardedDate: input.awardedDate,
          statusPurpose: input.statusPurpose,
          proofFormats: input.proofFormats,
          actor,
          ...(idempotency ? { idempotency } : {}),
        });
        return outcome;
      } catch (error) {
        // A concurrent request with the same key committed first: its credential is the one, ours is discarded.
        if (idempotency && isUniqueViolation(error, 'idempotency_keys_pkey')) {
          const winner = await findIdempotencyRecord(ctx.db, actor.apiKeyId, idempotency.key);
          if (winner) return replay(ctx, winner, idempotency.requestHash, actor);
        }
        throw error;
      }
    }),
  );
}

/**
 * Builds, signs (Data Integrity and VC-JWT) and stores one credential, with its status entry, its
 * idempotency record or mobility link, and its audit event, in one transaction. The caller has checked
 * that validUntil, if any, is later than validFrom.
 */
export async function issueAchievementCredential(
  ctx: ServiceContext,
  options: {
    achievement: AchievementRow;
    issuer: IssuerRow;
    recipient: { email: string; name?: string };
    /** The recipient's name when it is left out of the credential (a minor's): kept aside, to be shown later. */
    withheldName?: string | undefined;
    validFrom?: string;
    validUntil?: string;
    awardedDate?: string;
    statusPurpose?: StatusPurpose;
    proofFormats?: ProofFormat[];
    record?: AchievementRecord;
    mobility?: { id: string; kind: string; issue: number };
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

  const id = randomUUID();
  return signAndStoreCredential(ctx, {
    id,
    issuer,
    achievementId: achievement.id,
    recipientEmail: options.recipient.email,
    statusPurpose: options.statusPurpose ?? 'revocation',
    proofFormats: options.proofFormats ?? BOTH_PROOF_FORMATS,
    build: (credentialStatus) =>
      unsignedCredential(ctx, { ...options, id, validFrom, validUntil, awardedDate: toXsdDateTime(options.awardedDate ?? now), credentialStatus }),
    actor,
    ...(options.mobility ? { mobility: options.mobility } : {}),
    ...(options.batchId ? { batchId: options.batchId } : {}),
    ...(options.idempotency ? { idempotency: options.idempotency } : {}),
    ...(options.withheldName !== undefined ? { withheldName: options.withheldName } : {}),
  });
}

/**
 * The credential an issuance signs, before its proofs: also what a preview shows. Without a status entry
 * (a preview), it has no credentialStatus; its id is the URL it will have.
 */
export function unsignedCredential(
  ctx: ServiceContext,
  options: {
    id: string;
    achievement: AchievementRow;
    issuer: IssuerRow;
    recipient: { email: string; name?: string };
    validFrom: string;
    validUntil: string | undefined;
    awardedDate: string;
    credentialStatus?: JsonObject;
    record?: AchievementRecord;
  },
): JsonObject {
  return buildAchievementCredential({
    id: ctx.publicUrls.credential(options.id),
    issuer: issuerProfile(options.issuer),
    achievement: achievementDocument(ctx, options.achievement, options.issuer),
    recipient: {
      email: options.recipient.email,
      salt: randomBytes(16).toString('base64url'),
      ...(options.recipient.name === undefined ? {} : { displayName: options.recipient.name }),
    },
    validFrom: options.validFrom,
    validUntil: options.validUntil,
    awardedDate: options.awardedDate,
    ...(options.credentialStatus ? { credentialStatus: options.credentialStatus } : {}),
    ...(options.record ? { record: options.record } : {}),
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
  const document = credentialDocument(original);
  const id = randomUUID();
  const outcome = await signAndStoreCredential(ctx, {
    id,
    issuer,
    achievementId: original.achievement_id,
    recipientEmail: original.recipient_email,
    statusPurpose: originalStatus.purpose,
    // A wallet asks for one format or the other: its copy has both.
    proofFormats: BOTH_PROOF_FORMATS,
    build: (credentialStatus) => ({
      ...document,
      id: ctx.publicUrls.credential(id),
      credentialSubject: { ...(document.credentialSubject as JsonObject), id: holderId },
      credentialStatus,
    }),
    actor,
    holder: { id: holderId, derivedFrom: original.id },
  });
  return outcome.record;
}

async function replay(ctx: ServiceContext, record: IdempotencyRow, requestHash: string, actor: Actor): Promise<IssuanceOutcome> {
  if (record.request_hash !== requestHash) throw new IdempotencyKeyReusedError();
  return { record: await getCredential(ctx, record.credential_id, actor.tenancy), replayed: true };
}


/** Hands a built credential to the issuance pipeline; answers its view. */
async function signAndStoreCredential(ctx: ServiceContext, job: IssuanceJob): Promise<IssuanceOutcome> {
  const { row, entry, credential } = await ctx.issuance.issue(job);
  return { record: credentialView(ctx, row, entry, credential), replayed: false };
}
