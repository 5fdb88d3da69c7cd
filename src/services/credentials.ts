import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from '../domain/hash.js';
import canonicalize from 'canonicalize';
import { buildAchievementCredential, disclosedRecipientName, type AchievementRecord, type JsonObject } from '../domain/open-badges.js';
import type { AchievementRow } from '../storage/achievements-repository.js';
import { findIssuerById, type IssuerRow } from '../storage/issuers-repository.js';
import { toXsdDateTime } from '../domain/date-time.js';
import { linkedInAddToProfileUrl } from '../domain/linkedin.js';
import type { StatusPurpose } from '../domain/bitstring-status-list.js';
import { allocateStatusEntries, type AllocatedStatus } from '../status/status-lists.js';
import { findStatusEntryOfCredential, type StatusEntryRow } from '../storage/status-repository.js';
import { credentialOfVcJwt, signVcJwt } from '../proof/vc-jwt.js';
import { isUniqueViolation } from '../storage/database.js';
import { groupCommit } from './group-commit.js';
import { latestSnapshot } from '../storage/fresh-cache.js';
import { concurrencyLimit } from './concurrency-limit.js';
import {
  listCredentials,
  findCredentialById,
  findIdempotencyRecord,
  insertIssuedCredentials,
  type CredentialFilter,
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
import { decodePageCursor, encodePageCursor } from './page-cursor.js';

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

export type ProofFormat = 'ldp_vc' | 'jwt_vc_json';
const BOTH_PROOF_FORMATS: readonly ProofFormat[] = ['ldp_vc', 'jwt_vc_json'];

/** The credential itself, without its proofs: from its Data Integrity form, else from its VC-JWT. */
export function credentialDocument(row: Pick<CredentialRow, 'data_integrity' | 'jwt'>): JsonObject {
  if (row.data_integrity) {
    const { proof: _proof, ...document } = row.data_integrity;
    return document;
  }
  return credentialOfVcJwt(row.jwt!);
}

export function proofFormatsOf(row: Pick<CredentialRow, 'data_integrity' | 'jwt'>): ProofFormat[] {
  return BOTH_PROOF_FORMATS.filter((format) => (format === 'ldp_vc' ? row.data_integrity !== null : row.jwt !== null));
}

export interface CredentialView {
  id: string;
  url: string;
  issuerId: string;
  achievementId: string;
  /** The credential with its Data Integrity proof (null when issued as a VC-JWT only). */
  credential: JsonObject | null;
  /** Its VC-JWT (null when issued with a Data Integrity proof only). */
  jwt: string | null;
  proofFormats: ProofFormat[];
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
 * Bulk requests issued at once in this process: two keep every core busy; more would only hold more
 * credentials in memory. Others wait their turn.
 */
const bulkIssuanceSlots = concurrencyLimit(2);

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
  return bulkIssuanceSlots(() =>
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
  return Promise.all(
    checked.map(async (item) => {
      if (item.replayed) return item.replayed;
      const { achievement, issuer, input, validFrom, validUntil, idempotency } = item.toIssue;
      try {
        return await issueAchievementCredential(ctx, {
          achievement,
          issuer,
          recipient: input.recipient,
          validFrom,
          validUntil,
          awardedDate: input.awardedDate,
          statusPurpose: input.statusPurpose,
          proofFormats: input.proofFormats,
          actor,
          ...(idempotency ? { idempotency } : {}),
        });
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
    validFrom?: string;
    validUntil?: string;
    awardedDate?: string;
    statusPurpose?: StatusPurpose;
    proofFormats?: ProofFormat[];
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
    id: publicUrls(ctx.publicBaseUrl).credential(options.id),
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
      id: publicUrls(ctx.publicBaseUrl).credential(id),
      credentialSubject: { ...(document.credentialSubject as JsonObject), id: holderId },
      credentialStatus,
    }),
    actor,
    holder: { id: holderId, derivedFrom: original.id },
  });
  return outcome.record;
}

type ActiveSigner = Awaited<ReturnType<ServiceContext['keyRing']['activeSigner']>>;

/**
 * The proofs of a credential in the formats asked for, by the issuer's active key (looked up now, unless
 * given): Data Integrity (eddsa-rdfc-2022) and VC-JWT (EdDSA).
 */
export async function signProofs(
  ctx: ServiceContext,
  issuer: IssuerRow,
  credential: JsonObject,
  formats: readonly ProofFormat[],
  active: Promise<ActiveSigner> = ctx.keyRing.activeSigner(ctx.db, { issuerId: issuer.id, did: issuer.did }),
): Promise<{ keyId: string; verificationMethod: string; dataIntegrity: JsonObject | null; jwt: string | null }> {
  const { keyId, signer } = await active;
  const [dataIntegrity, jwt] = await Promise.all([
    formats.includes('ldp_vc') ? ctx.dataIntegrity.sign({ credential, signer, created: ctx.now() }) : null,
    formats.includes('jwt_vc_json') ? signVcJwt({ credential, signer }) : null,
  ]);
  return { keyId, verificationMethod: signer.id, dataIntegrity, jwt };
}

interface IssuanceJob {
  id: string;
  issuer: IssuerRow;
  achievementId: string;
  recipientEmail: string;
  statusPurpose: StatusPurpose;
  proofFormats: readonly ProofFormat[];
  /** The unsigned credential, given its status entry. */
  build: (credentialStatus: JsonObject) => JsonObject;
  actor: Actor;
  mobility?: { id: string; kind: string };
  batchId?: string;
  idempotency?: { key: string; requestHash: string };
  holder?: { id: string; derivedFrom: string };
}

/**
 * Signs a built credential (in its proof formats) and stores it with its status entry, its idempotency
 * record, mobility or holder link, and its audit event, in one transaction — shared with the credentials
 * issued at the same moment (group commit).
 */
async function signAndStoreCredential(ctx: ServiceContext, job: IssuanceJob): Promise<IssuanceOutcome> {
  const labels = { proof_formats: job.proofFormats.join('+') };
  const stopTimer = ctx.metrics.issuanceSeconds.startTimer(labels);
  const outcome = await issuanceQueue(ctx)(job);
  stopTimer();
  ctx.metrics.credentialsIssued.inc(labels);
  return outcome;
}

/**
 * At most 256 credentials a group (well within PostgreSQL's 65,535 parameters a statement); two groups in
 * flight, so that one is signed while the other is written.
 */
const ISSUANCE_GROUP = { maxGroup: 256, maxInFlight: 2 };
const issuanceQueues = new WeakMap<ServiceContext, (job: IssuanceJob) => Promise<IssuanceOutcome>>();

function issuanceQueue(ctx: ServiceContext): (job: IssuanceJob) => Promise<IssuanceOutcome> {
  let queue = issuanceQueues.get(ctx);
  if (!queue) {
    queue = groupCommit((jobs: IssuanceJob[]) => issueTogether(ctx, jobs), ISSUANCE_GROUP);
    issuanceQueues.set(ctx, queue);
  }
  return queue;
}

interface SignedJob {
  job: IssuanceJob;
  status: AllocatedStatus;
  credential: JsonObject;
  keyId: string;
  verificationMethod: string;
  dataIntegrity: JsonObject | null;
  jwt: string | null;
}

/** A group of issuances: status indexes a statement per list, one key lookup per issuer, one statement to store them. */
async function issueTogether(ctx: ServiceContext, jobs: IssuanceJob[]): Promise<PromiseSettledResult<IssuanceOutcome>[]> {
  const statuses = allocateForJobs(ctx, jobs);
  // Looked up while the status indexes are taken; each job awaits both together, so no failure goes unheard.
  // As fresh as every job's own request needs: through the latest of their snapshots when all have one.
  const snapshots = jobs.flatMap(({ actor }) => (actor.readsAsOf ? [actor.readsAsOf] : []));
  const asOf = snapshots.length === jobs.length ? latestSnapshot(snapshots) : undefined;
  const activeSigners = new Map<string, Promise<ActiveSigner>>();
  for (const { issuer } of jobs) {
    if (!activeSigners.has(issuer.id)) activeSigners.set(issuer.id, ctx.keyRing.activeSigner(ctx.db, { issuerId: issuer.id, did: issuer.did, asOf }));
  }
  const signed = await Promise.allSettled(
    jobs.map(async (job, index): Promise<SignedJob> => {
      const active = activeSigners.get(job.issuer.id)!;
      const [status] = await Promise.all([statuses[index]!, active]);
      const credential = job.build(status.entry);
      return { job, status, credential, ...(await signProofs(ctx, job.issuer, credential, job.proofFormats, active)) };
    }),
  );
  const ready = signed.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const positionInReady = new Map(ready.map((item, index) => [item, index]));
  const storedResults = await storeTogether(ctx, ready);
  return signed.map((result): PromiseSettledResult<IssuanceOutcome> => {
    if (result.status === 'rejected') return result;
    const outcome = storedResults[positionInReady.get(result.value)!]!;
    if (outcome.status === 'rejected') return outcome;
    const { job, status, credential } = result.value;
    const entry = { purpose: job.statusPurpose, state: 'active' as const, list_id: status.listId, list_index: status.index, public_reason: null, changed_at: null };
    return { status: 'fulfilled', value: { record: credentialView(ctx, outcome.value, entry, credential), replayed: false } };
  });
}

/** Each job's status entry, allocated together with the others of the same issuer and purpose. */
function allocateForJobs(ctx: ServiceContext, jobs: IssuanceJob[]): Promise<AllocatedStatus>[] {
  const byList = new Map<string, number[]>();
  jobs.forEach((job, index) => {
    const key = `${job.issuer.id} ${job.statusPurpose}`;
    const indexes = byList.get(key) ?? [];
    indexes.push(index);
    byList.set(key, indexes);
  });
  const statuses: Promise<AllocatedStatus>[] = [];
  for (const indexes of byList.values()) {
    const first = jobs[indexes[0]!]!;
    const allocated = allocateStatusEntries(ctx, { issuerId: first.issuer.id, purpose: first.statusPurpose, count: indexes.length });
    indexes.forEach((jobIndex, position) => (statuses[jobIndex] = allocated.then((entries) => entries[position]!)));
  }
  return statuses;
}

/**
 * Stores signed credentials in one statement. If it fails (one of them broke a constraint: a concurrent
 * duplicate), each is stored on its own, so that only the one at fault fails.
 */
async function storeTogether(ctx: ServiceContext, items: SignedJob[]): Promise<PromiseSettledResult<CredentialRow>[]> {
  if (items.length === 0) return [];
  try {
    const rows = await storeInOneStatement(ctx, items);
    return rows.map((row) => ({ status: 'fulfilled', value: row }));
  } catch (error) {
    if (items.length === 1) return [{ status: 'rejected', reason: error }];
    return Promise.all(
      items.map((item) =>
        storeInOneStatement(ctx, [item]).then(
          ([row]): PromiseSettledResult<CredentialRow> => ({ status: 'fulfilled', value: row! }),
          (reason: unknown): PromiseSettledResult<CredentialRow> => ({ status: 'rejected', reason }),
        ),
      ),
    );
  }
}

/** The credentials with their status entries, idempotency records and audit events; rows in the items' order. */
async function storeInOneStatement(ctx: ServiceContext, items: SignedJob[]): Promise<CredentialRow[]> {
  return insertIssuedCredentials(ctx.db, {
    credentials: items.map(({ job, credential, keyId, dataIntegrity, jwt }) => ({
      id: job.id,
      issuer_id: job.issuer.id,
      achievement_id: job.achievementId,
      key_id: keyId,
      recipient_email: job.recipientEmail,
      data_integrity: dataIntegrity,
      jwt,
      valid_from: new Date(String(credential.validFrom)),
      valid_until: typeof credential.validUntil === 'string' ? new Date(credential.validUntil) : null,
      issued_by: job.actor.apiKeyId,
      mobility_id: job.mobility?.id ?? null,
      mobility_kind: job.mobility?.kind ?? null,
      batch_id: job.batchId ?? null,
      holder_id: job.holder?.id ?? null,
      derived_from: job.holder?.derivedFrom ?? null,
    })),
    statusEntries: items.map(({ job, status }) => ({ list_id: status.listId, list_index: status.index, credential_id: job.id })),
    idempotencyRecords: items.flatMap(({ job }) =>
      job.idempotency ? [{ api_key_id: job.actor.apiKeyId, idempotency_key: job.idempotency.key, request_hash: job.idempotency.requestHash, credential_id: job.id }] : [],
    ),
    auditEvents: items.map(({ job, verificationMethod }) => ({
      actor: job.actor.apiKeyId,
      action: 'credential.issued' as const,
      issuerId: job.issuer.id,
      subjectId: job.id,
      details: {
        achievementId: job.achievementId,
        verificationMethod,
        ...(job.mobility ? { mobilityId: job.mobility.id, kind: job.mobility.kind } : {}),
        ...(job.holder ? { holderId: job.holder.id, derivedFrom: job.holder.derivedFrom } : {}),
      },
    })),
  });
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
  return credentialView(ctx, row, await findStatusEntryOfCredential(ctx.db, row.id));
}

function credentialView(
  ctx: ServiceContext,
  row: CredentialRow,
  entry: Pick<StatusEntryRow, 'state' | 'list_id' | 'list_index' | 'public_reason' | 'changed_at'> & { purpose: StatusPurpose } | undefined,
  /** The credential without its proofs, when it is in hand (as just issued): else read from the row. */
  document: JsonObject = credentialDocument(row),
): CredentialView {
  const urls = publicUrls(ctx.publicBaseUrl);
  return {
    id: row.id,
    url: urls.credential(row.id),
    issuerId: row.issuer_id,
    achievementId: row.achievement_id,
    credential: row.data_integrity,
    jwt: row.jwt,
    proofFormats: proofFormatsOf(row),
    validFrom: toXsdDateTime(row.valid_from),
    validUntil: row.valid_until && toXsdDateTime(row.valid_until),
    createdAt: row.created_at.toISOString(),
    linkedInAddToProfileUrl: linkedInAddToProfileUrl(document),
    badgeImages: { png: urls.bakedBadge(row.id, 'png'), svg: urls.bakedBadge(row.id, 'svg') },
    status: entry
      ? {
          purpose: entry.purpose,
          state: entry.state,
          statusListCredential: urls.statusList(entry.list_id),
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

/** Credentials a key may read, newest first, a page at a time (`next` is the cursor of the following page). */
export async function listCredentialSummaries(
  ctx: ServiceContext,
  tenancy: Tenancy,
  options: CredentialFilter & { limit: number; after?: string },
): Promise<{ credentials: CredentialSummary[]; next: string | null }> {
  if (options.issuerId !== undefined && !(await findIssuerById(ctx.db, options.issuerId, tenancy))) throw new NotFoundError(`Issuer ${options.issuerId}`, 'issuerId');
  const { after: cursor, limit, ...filter } = options;
  const after = cursor === undefined ? undefined : decodePageCursor(cursor);
  const rows = await listCredentials(ctx.db, tenancy, { ...filter, limit: limit + 1, ...(after ? { after } : {}) });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    credentials: page.map((row) => {
      const document = credentialDocument(row);
      const subject = document.credentialSubject as JsonObject;
      return {
        id: row.id,
        url: publicUrls(ctx.publicBaseUrl).credential(row.id),
        issuerId: row.issuer_id,
        achievementId: row.achievement_id,
        name: String((subject.achievement as JsonObject).name),
        recipientName: disclosedRecipientName(document) ?? null,
        validFrom: toXsdDateTime(row.valid_from),
        validUntil: row.valid_until && toXsdDateTime(row.valid_until),
        createdAt: row.created_at.toISOString(),
        status: row.state,
        mobilityId: row.mobility_id,
        batchId: row.batch_id,
        copyOf: row.derived_from,
      };
    }),
    next: rows.length > limit && last ? encodePageCursor(last) : null,
  };
}
