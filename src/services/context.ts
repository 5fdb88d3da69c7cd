import type { Db } from '../storage/database.js';
import type { JsonObject } from '../domain/open-badges.js';
import { publicUrls, type PublicUrls } from '../domain/public-urls.js';
import { KeyRing } from '../keys/key-ring.js';
import { derivePurposeKey } from '../keys/key-encryption.js';
import { createDocumentLoader } from '../proof/document-loader.js';
import { inProcessProofs, proofThreads, type DataIntegrityProofs } from '../proof/proof-threads.js';
import { loadJsonSchemas, type JsonSchemas } from '../json-schemas.js';
import { createMetrics, type Metrics } from '../metrics.js';
import { createRemoteDocuments, type RemoteDocuments } from '../verify/remote-documents.js';
import type { Mailer } from '../notifications/mailer.js';
import { badgeRenderThread, type BadgeRenderer } from '../badges/render-thread.js';
import { DEFAULT_BADGE_RENDER_TIMEOUT_MS } from '../config.js';
import type { ProvenProofs } from '../verify/verify-credential.js';
import { createStatusAllocator } from '../status/status-allocator.js';
import { createIssuancePipeline, type IssuancePipeline } from './issuance-pipeline.js';
import { createCredentialLookups, type CredentialLookups } from './credential-lookups.js';
import { provenProofsMemory } from '../verify/proven-proofs.js';
import { changeGenerationReader, FreshCache, type ReadSnapshot } from '../storage/fresh-cache.js';
import type { ApiKeyRow } from '../storage/api-keys-repository.js';
import type { AchievementRow } from '../storage/achievements-repository.js';
import type { IssuerKeyRow, IssuerRow } from '../storage/issuers-repository.js';
import type { CredentialVerificationRow } from '../storage/credentials-repository.js';
import type { TrustedRegistryRow } from '../storage/academy-registries-repository.js';
import type { PublishedRegistry } from './academy-registries.js';
import type { StayAge } from '../storage/learners-repository.js';
import { obApiUrls } from '../domain/ob-api.js';
import { isUuid } from '../domain/uuid.js';
import { findLearnerById } from '../storage/learners-repository.js';
import { createObAuthorization, type ObAuthorization } from './ob-authorization.js';

/** What every use case may depend on; built once by the composition root (server.ts) or a test. */
export interface ServiceContext {
  db: Db;
  keyRing: KeyRing;
  publicBaseUrl: string;
  /** Every link to a document or page this service publishes: built here only, so that they all agree. */
  publicUrls: PublicUrls;
  now: () => Date;
  /** The MAC key of OpenID4VCI nonces, derived from the key-encryption key: the same in every instance. */
  nonceKey: Buffer;
  /** Seals the console's stored secrets (TOTP keys, OpenID client secrets); derived from the key-encryption key. */
  staffSecretsKey: Buffer;
  /** The MAC key that derives mentor assessment links from their row (only their hash is stored), so that reminders can resend them. */
  mentorLinkKey: Buffer;
  /** The JSON Schemas of schemas/: request bodies and credentials are checked against them. */
  schemas: JsonSchemas;
  /** Documents of other issuers, from the hosts an operator trusts (none by default). */
  remoteDocuments: RemoteDocuments;
  /** Data Integrity proofs, made and checked in process or on worker threads (same bytes and verdicts either way). */
  dataIntegrity: DataIntegrityProofs;
  /**
   * The proofs of documents anyone submits for verification: checked one at a time per thread, within the
   * heap and time budget of SUBMITTED_PROOF_LIMITS, apart from the threads that sign.
   */
  submittedProofs: DataIntegrityProofs;
  /**
   * Hosted status lists whose signed document this process has verified, by list id, with their version. A
   * version's bits never change, so the verified document serves until a status change makes a new version.
   */
  verifiedStatusLists: Map<string, { version: string; credential: JsonObject }>;
  /** Badge SVGs to PNG, on a thread of their own within a time budget: never on the main thread. */
  badgeRenderer: BadgeRenderer;
  /** Data Integrity proofs of hosted issuers found valid, by document hash (see verify/verify-credential). */
  provenProofs: ProvenProofs;
  /** Rows read on every request, kept while the database says nothing they depend on changed. */
  freshReads: FreshReads;
  metrics: Metrics;
  /** Signing and storing credentials: group commits, status positions taken ahead, the bulk slots. */
  issuance: IssuancePipeline;
  /** Look-ups of credentials' public pages and verifications, counted for their learners. */
  lookups: CredentialLookups;
  /** Present when SMTP is configured: claim links can then be emailed to learners. */
  mailer: Mailer | undefined;
  /** The OB 3.0 API's authorization server (oidc-provider over the database), built on first use. */
  obAuthorization: ObAuthorization;
}

interface FreshReads {
  /** A snapshot of the change generation, taken now: see ReadSnapshot. */
  snapshot(): ReadSnapshot;
  /** Active API keys, by the hash of their secret. */
  apiKeys: FreshCache<ApiKeyRow>;
  /** Achievements with their issuer, by tenancy and id. */
  achievements: FreshCache<{ achievement: AchievementRow; issuer: IssuerRow }>;
  /** What verifying a hosted credential reads, by credential id (documents of a few KB each: fewer kept). */
  verifications: FreshCache<CredentialVerificationRow>;
  /** Hosted issuers' DID documents as the verifier resolves them (every key they ever had), by DID. */
  didDocuments: FreshCache<JsonObject>;
  /** Each issuer's active signing key (its private part still sealed), by issuer id: read by the key ring. */
  activeKeys: FreshCache<IssuerKeyRow>;
  /** Where to ask who vouches for an issuer, by its DID: its academies, and the registries the platform admin trusts. */
  recognitionSources: FreshCache<{ academyIds: string[]; trustedRegistries: TrustedRegistryRow[] }>;
  /** Each academy's signed registry of its schools, by academy id. */
  academyRegistries: FreshCache<PublishedRegistry>;
  /** The ages stays recorded for an address (none for most): whether its credentials leave out the name. */
  stayAges: FreshCache<StayAge[]>;
}

/**
 * The budget of one submitted proof check. A real credential's takes a few milliseconds and a few MB; what
 * passes the input budget (verify/input-budget.ts) and still overruns this is refused, and its thread
 * replaced. One thread: submissions are rate limited per client, and the signing threads keep theirs.
 */
const SUBMITTED_PROOF_LIMITS = { heapMb: 96, timeoutMs: 5_000, maxWaiting: 32 } as const;

export function createServiceContext(options: {
  db: Db;
  keyEncryptionKey: Buffer;
  publicBaseUrl: string;
  now?: () => Date;
  trustedDidWebHosts?: readonly string[];
  /** 0 makes and checks proofs in process; n > 0 on n worker threads. */
  signingThreads?: number;
  /** Whether submitted documents' proofs are checked on a thread of their own (the service), or in process. */
  submittedProofThread?: boolean;
  /** The time one badge may take to render before it is refused. */
  badgeRenderTimeoutMs?: number;
  mailer?: Mailer;
}): ServiceContext {
  const reads = freshReads(options.db);
  const keyRing = new KeyRing(options.keyEncryptionKey, reads.activeKeys);
  const urls = publicUrls(options.publicBaseUrl);
  const now = options.now ?? (() => new Date());
  // Signing needs only the bundled contexts, never a DID: the same loader as on the proof threads.
  const dataIntegrity = options.signingThreads ? proofThreads(options.signingThreads) : inProcessProofs(createDocumentLoader());
  const metrics = createMetrics();
  const statusAllocator = createStatusAllocator({ db: options.db, publicUrls: urls });
  return {
    db: options.db,
    keyRing,
    publicBaseUrl: options.publicBaseUrl,
    publicUrls: urls,
    now,
    nonceKey: derivePurposeKey({ keyEncryptionKey: options.keyEncryptionKey, purpose: 'oid4vci nonce' }),
    staffSecretsKey: derivePurposeKey({ keyEncryptionKey: options.keyEncryptionKey, purpose: 'staff secrets' }),
    mentorLinkKey: derivePurposeKey({ keyEncryptionKey: options.keyEncryptionKey, purpose: 'mentor assessment link' }),
    schemas: loadJsonSchemas(),
    remoteDocuments: createRemoteDocuments({ trustedHosts: options.trustedDidWebHosts ?? [] }),
    dataIntegrity,
    submittedProofs: options.submittedProofThread ? proofThreads(1, SUBMITTED_PROOF_LIMITS) : inProcessProofs(createDocumentLoader()),
    verifiedStatusLists: new Map(),
    badgeRenderer: badgeRenderThread({ timeoutMs: options.badgeRenderTimeoutMs ?? DEFAULT_BADGE_RENDER_TIMEOUT_MS }),
    provenProofs: provenProofsMemory(),
    freshReads: reads,
    metrics,
    issuance: createIssuancePipeline({ db: options.db, keys: keyRing, proofs: dataIntegrity, statusAllocator, metrics, now }),
    lookups: createCredentialLookups({ db: options.db, now }),
    mailer: options.mailer,
    obAuthorization: createObAuthorization({
      db: options.db,
      keyEncryptionKey: options.keyEncryptionKey,
      urls: obApiUrls(options.publicBaseUrl),
      now,
      learnerExists: async (learnerId) => isUuid(learnerId) && (await findLearnerById(options.db, learnerId)) !== undefined,
    }),
  };
}

function freshReads(db: Db): FreshReads {
  const generation = changeGenerationReader(db);
  return {
    snapshot: generation,
    apiKeys: new FreshCache(generation, 1_000),
    achievements: new FreshCache(generation, 1_000),
    verifications: new FreshCache(generation, 500),
    didDocuments: new FreshCache(generation, 1_000),
    activeKeys: new FreshCache(generation, 1_000),
    recognitionSources: new FreshCache(generation, 1_000),
    academyRegistries: new FreshCache(generation, 100),
    stayAges: new FreshCache(generation, 10_000),
  };
}
