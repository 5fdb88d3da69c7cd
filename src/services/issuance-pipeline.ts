import type { StatusPurpose } from '../domain/bitstring-status-list.js';
import type { JsonObject } from '../domain/open-badges.js';
import type { KeyRing } from '../keys/key-ring.js';
import type { Metrics } from '../metrics.js';
import type { DataIntegrityProofs } from '../proof/proof-threads.js';
import { signVcJwt } from '../proof/vc-jwt.js';
import type { AllocatedStatus, StatusAllocator } from '../status/status-allocator.js';
import { insertIssuedCredentials, type CredentialRow } from '../storage/credentials-repository.js';
import type { Db } from '../storage/database.js';
import { latestSnapshot } from '../storage/fresh-cache.js';
import type { IssuerRow } from '../storage/issuers-repository.js';
import type { StatusEntryRow } from '../storage/status-repository.js';
import type { Actor } from './access.js';
import { concurrencyLimit } from './concurrency-limit.js';
import { groupCommit } from './group-commit.js';

export type ProofFormat = 'ldp_vc' | 'jwt_vc_json';
export const BOTH_PROOF_FORMATS: readonly ProofFormat[] = ['ldp_vc', 'jwt_vc_json'];

/** One credential to sign and store: everything about it but its status entry, which the pipeline allocates. */
export interface IssuanceJob {
  id: string;
  issuer: IssuerRow;
  achievementId: string;
  recipientEmail: string;
  statusPurpose: StatusPurpose;
  proofFormats: readonly ProofFormat[];
  /** The unsigned credential, given its status entry. */
  build: (credentialStatus: JsonObject) => JsonObject;
  actor: Actor;
  /** The stay it is issued for, its kind, and which of the stay's credentials of that kind it is (1, then 2 after a revocation…). */
  mobility?: { id: string; kind: string; issue: number };
  batchId?: string;
  idempotency?: { key: string; requestHash: string };
  holder?: { id: string; derivedFrom: string };
  /** The recipient's name, left out of the credential (a minor's) and kept aside in the same transaction. */
  withheldName?: string;
}

/** A credential just stored: its row, its status entry, and the credential without proofs. */
export interface IssuedCredential {
  row: CredentialRow;
  entry: Pick<StatusEntryRow, 'state' | 'list_id' | 'list_index' | 'public_reason' | 'changed_at'> & { purpose: StatusPurpose };
  credential: JsonObject;
}

interface SignedProofs {
  keyId: string;
  verificationMethod: string;
  dataIntegrity: JsonObject | null;
  jwt: string | null;
}

type ActiveSigner = Awaited<ReturnType<KeyRing['activeSigner']>>;

export interface IssuancePipeline {
  /**
   * Signs a built credential (in its proof formats) and stores it with its status entry, its idempotency
   * record, mobility or holder link, and its audit event, in one transaction — shared with the credentials
   * issued at the same moment (group commit).
   */
  issue(job: IssuanceJob): Promise<IssuedCredential>;
  /**
   * The proofs of a credential in the formats asked for, by the issuer's active key (looked up now, unless
   * given): Data Integrity (eddsa-rdfc-2022) and VC-JWT (EdDSA).
   */
  signProofs(issuer: IssuerRow, credential: JsonObject, formats: readonly ProofFormat[], active?: Promise<ActiveSigner>): Promise<SignedProofs>;
  /**
   * Runs a bulk request's issuance when one of the bulk slots is free: two keep every core busy; more would
   * only hold more credentials in memory. Others wait their turn.
   */
  inBulkSlot<T>(task: () => Promise<T>): Promise<T>;
}

/**
 * At most 256 credentials a group (well within PostgreSQL's 65,535 parameters a statement); two groups in
 * flight, so that one is signed while the other is written.
 */
const ISSUANCE_GROUP = { maxGroup: 256, maxInFlight: 2 };
const BULK_SLOTS = 2;

interface SignedJob extends SignedProofs {
  job: IssuanceJob;
  status: AllocatedStatus;
  credential: JsonObject;
}

/** The issuance pipeline of a process, built once by the composition root: it holds the group commit queue and the bulk slots. */
export function createIssuancePipeline(deps: {
  db: Db;
  keys: KeyRing;
  proofs: DataIntegrityProofs;
  statusAllocator: StatusAllocator;
  metrics: Metrics;
  now: () => Date;
}): IssuancePipeline {
  const { db, keys, proofs, statusAllocator, metrics, now } = deps;

  async function signProofs(issuer: IssuerRow, credential: JsonObject, formats: readonly ProofFormat[], active = keys.activeSigner(db, { issuerId: issuer.id, did: issuer.did })): Promise<SignedProofs> {
    const { keyId, signer } = await active;
    const [dataIntegrity, jwt] = await Promise.all([
      formats.includes('ldp_vc') ? proofs.sign({ credential, signer, created: now() }) : null,
      formats.includes('jwt_vc_json') ? signVcJwt({ credential, signer }) : null,
    ]);
    return { keyId, verificationMethod: signer.id, dataIntegrity, jwt };
  }

  /** A group of issuances: status indexes a statement per list, one key lookup per issuer, one statement to store them. */
  async function issueTogether(jobs: IssuanceJob[]): Promise<PromiseSettledResult<IssuedCredential>[]> {
    const statuses = allocateForJobs(jobs);
    // Looked up while the status indexes are taken; each job awaits both together, so no failure goes unheard.
    // As fresh as every job's own request needs: through the latest of their snapshots when all have one.
    const snapshots = jobs.flatMap(({ actor }) => (actor.readsAsOf ? [actor.readsAsOf] : []));
    const asOf = snapshots.length === jobs.length ? latestSnapshot(snapshots) : undefined;
    const activeSigners = new Map<string, Promise<ActiveSigner>>();
    for (const { issuer } of jobs) {
      if (!activeSigners.has(issuer.id)) activeSigners.set(issuer.id, keys.activeSigner(db, { issuerId: issuer.id, did: issuer.did, asOf }));
    }
    const signed = await Promise.allSettled(
      jobs.map(async (job, index): Promise<SignedJob> => {
        const active = activeSigners.get(job.issuer.id)!;
        const [status] = await Promise.all([statuses[index]!, active]);
        const credential = job.build(status.entry);
        return { job, status, credential, ...(await signProofs(job.issuer, credential, job.proofFormats, active)) };
      }),
    );
    const ready = signed.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const positionInReady = new Map(ready.map((item, index) => [item, index]));
    const storedResults = await storeTogether(ready);
    return signed.map((result): PromiseSettledResult<IssuedCredential> => {
      if (result.status === 'rejected') return result;
      const outcome = storedResults[positionInReady.get(result.value)!]!;
      if (outcome.status === 'rejected') return outcome;
      const { job, status, credential } = result.value;
      const entry = { purpose: job.statusPurpose, state: 'active' as const, list_id: status.listId, list_index: status.index, public_reason: null, changed_at: null };
      return { status: 'fulfilled', value: { row: outcome.value, entry, credential } };
    });
  }

  /** Each job's status entry, allocated together with the others of the same issuer and purpose. */
  function allocateForJobs(jobs: IssuanceJob[]): Promise<AllocatedStatus>[] {
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
      const allocated = statusAllocator.allocate({ issuerId: first.issuer.id, purpose: first.statusPurpose, count: indexes.length });
      indexes.forEach((jobIndex, position) => (statuses[jobIndex] = allocated.then((entries) => entries[position]!)));
    }
    return statuses;
  }

  /**
   * Stores signed credentials in one statement. If it fails (one of them broke a constraint: a concurrent
   * duplicate), each is stored on its own, so that only the one at fault fails.
   */
  async function storeTogether(items: SignedJob[]): Promise<PromiseSettledResult<CredentialRow>[]> {
    if (items.length === 0) return [];
    try {
      const rows = await storeInOneStatement(items);
      return rows.map((row) => ({ status: 'fulfilled', value: row }));
    } catch (error) {
      if (items.length === 1) return [{ status: 'rejected', reason: error }];
      return Promise.all(
        items.map((item) =>
          storeInOneStatement([item]).then(
            ([row]): PromiseSettledResult<CredentialRow> => ({ status: 'fulfilled', value: row! }),
            (reason: unknown): PromiseSettledResult<CredentialRow> => ({ status: 'rejected', reason }),
          ),
        ),
      );
    }
  }

  /** The credentials with their status entries, idempotency records and audit events; rows in the items' order. */
  function storeInOneStatement(items: SignedJob[]): Promise<CredentialRow[]> {
    return insertIssuedCredentials(db, {
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
        mobility_issue: job.mobility?.issue ?? 1,
        batch_id: job.batchId ?? null,
        holder_id: job.holder?.id ?? null,
        derived_from: job.holder?.derivedFrom ?? null,
      })),
      statusEntries: items.map(({ job, status }) => ({ list_id: status.listId, list_index: status.index, credential_id: job.id })),
      idempotencyRecords: items.flatMap(({ job }) =>
        job.idempotency ? [{ api_key_id: job.actor.apiKeyId, idempotency_key: job.idempotency.key, request_hash: job.idempotency.requestHash, credential_id: job.id }] : [],
      ),
      withheldNames: items.flatMap(({ job }) => (job.withheldName === undefined ? [] : [{ credential_id: job.id, name: job.withheldName, withheld_at: now() }])),
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

  const queue = groupCommit(issueTogether, ISSUANCE_GROUP);
  const bulkSlots = concurrencyLimit(BULK_SLOTS);
  return {
    async issue(job) {
      const labels = { proof_formats: job.proofFormats.join('+') };
      const stopTimer = metrics.issuanceSeconds.startTimer(labels);
      const issued = await queue(job);
      stopTimer();
      metrics.credentialsIssued.inc(labels);
      return issued;
    },
    signProofs,
    inBulkSlot: (task) => bulkSlots(task),
  };
}
