import { createHash, randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { DocumentLoader } from '@digitalbazaar/vc';
import { buildAcademyRegistry, recognitionIn, REGISTRY_TYPE, type RegistryContent, type RegistrySchool } from '../domain/academy-registry.js';
import { addDays, toXsdDateTime } from '../domain/date-time.js';
import type { JsonObject } from '../domain/open-badges.js';
import { didWebForIssuer } from '../keys/did-web.js';
import { dataIntegrityVerifies } from '../proof/data-integrity.js';
import { NotFoundError } from '../errors.js';
import {
  deleteTrustedRegistry,
  findAcademySigner,
  findAcademyRegistry,
  insertTrustedRegistry,
  listAcademiesOfIssuerDid,
  listAcademyMemberships,
  listTrustedRegistries,
  storeAcademySigner,
  storeSignedRegistry,
  type MembershipRow,
  type TrustedRegistryRow,
} from '../storage/academy-registries-repository.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import type { Db } from '../storage/database.js';
import { insertIssuer } from '../storage/issuers-repository.js';
import { budgetExcess } from '../verify/input-budget.js';
import { issuerIdOf, type Recognition, type RegistryReference } from '../verify/verify-credential.js';
import type { Actor } from './access.js';
import type { ServiceContext } from './context.js';
import type { ReadSnapshot } from '../storage/fresh-cache.js';

/** How long a signed registry may be relied on, and how old it may get before it is signed again. */
const REGISTRY_VALIDITY_DAYS = 30;
const REGISTRY_RESIGN_AFTER_DAYS = 10;
/** How long a registry read from another deployment is used before it is fetched again (its proof and dates are checked on every use). */
const REMOTE_REGISTRY_TTL_MS = 5 * 60 * 1000;

export interface PublishedRegistry {
  document: JsonObject;
  signedAt: Date;
}

/**
 * The academy's signed registry of its schools: re-signed only when what it says has changed (a school
 * joined, left or was renamed) or when it is a third of the way through its validity, so its "signed on"
 * date tells when the academy last vouched for this list. Like a status list, it is published on read.
 */
export async function getPublishedAcademyRegistry(ctx: ServiceContext, academyId: string): Promise<PublishedRegistry> {
  const academy = await findAcademyRegistry(ctx.db, academyId);
  if (!academy) throw new NotFoundError(`Academy registry ${academyId}`);
  const signer = await academySigner(ctx, academy.id, academy.name, academy.signer_issuer_id);
  const content: RegistryContent = {
    id: ctx.publicUrls.academyRegistry(academy.id),
    academy: { did: signer.did, name: academy.name },
    schools: (await listAcademyMemberships(ctx.db, academy.id)).filter((row) => row.kind === 'school').map(registrySchool),
  };
  const contentHash = createHash('sha256').update(canonicalize(content)!).digest('base64url');
  const now = ctx.now();
  if (
    academy.registry_document &&
    academy.registry_signed_at &&
    academy.registry_content_hash === contentHash &&
    now < addDays(academy.registry_signed_at, REGISTRY_RESIGN_AFTER_DAYS)
  ) {
    return { document: academy.registry_document, signedAt: academy.registry_signed_at };
  }
  const unsigned = buildAcademyRegistry({
    ...content,
    validFrom: toXsdDateTime(now),
    validUntil: toXsdDateTime(addDays(now, REGISTRY_VALIDITY_DAYS)),
    created: toXsdDateTime(academy.created_at),
  });
  const { signer: keySigner } = await ctx.keyRing.activeSigner(ctx.db, { issuerId: signer.id, did: signer.did });
  const document = await ctx.dataIntegrity.sign({ credential: unsigned, signer: keySigner, created: now });
  await storeSignedRegistry(ctx.db, academy.id, { document, contentHash, signedAt: now });
  return { document, signedAt: now };
}

function registrySchool(row: MembershipRow): RegistrySchool {
  const { address } = row.profile;
  const location = address && [address.addressLocality, address.addressCountryCode].filter(Boolean).join(', ');
  return {
    did: row.did,
    legalName: row.profile.name,
    ...(row.profile.url ? { url: row.profile.url } : {}),
    ...(location ? { location } : {}),
    identifiers: (row.profile.otherIdentifier ?? []).map(({ identifierType, identifier }) => ({ identifierType, identifier })),
    recognisedFrom: toXsdDateTime(row.recognised_from),
    ...(row.recognised_until ? { recognisedUntil: toXsdDateTime(row.recognised_until) } : {}),
  };
}

/**
 * The academy's own signing identity (a hosted did:web with its own key): made with the academy, or, for an
 * academy from before registries, the first time it signs.
 */
export async function academySigner(ctx: ServiceContext, academyId: string, name: string, signerIssuerId: string | null): Promise<{ id: string; did: string }> {
  if (signerIssuerId) return academySignerRow(ctx, signerIssuerId);
  return ctx.db.transaction().execute(async (trx) => {
    const locked = await findAcademyRegistry(trx, academyId, { forUpdate: true });
    if (locked?.signer_issuer_id) return academySignerRow(ctx, locked.signer_issuer_id);
    return createAcademySigner(ctx, trx, { academyId, name });
  });
}

/** Creates the academy's signing identity; call inside the transaction that creates or locks the academy. */
export async function createAcademySigner(ctx: ServiceContext, trx: Db, academy: { academyId: string; name: string }): Promise<{ id: string; did: string }> {
  const slug = `academy-${academy.academyId}`;
  const did = didWebForIssuer(ctx.publicBaseUrl, slug);
  const issuer = await insertIssuer(trx, { id: randomUUID(), slug, did, profile: { name: academy.name }, kind: 'academy' });
  await ctx.keyRing.createIssuerKey(trx, { issuerId: issuer.id, did });
  await storeAcademySigner(trx, academy.academyId, issuer.id);
  return { id: issuer.id, did };
}

async function academySignerRow(ctx: ServiceContext, issuerId: string): Promise<{ id: string; did: string }> {
  const signer = await findAcademySigner(ctx.db, issuerId);
  if (!signer) throw new Error(`Academy signer ${issuerId} is missing`);
  return signer;
}

/**
 * Who vouches for an issuer, among the registries this service trusts: its own academies' (each one the
 * issuer was ever a school of) and those the platform admin added. Every registry used is checked now: its
 * proof by the signer expected, its type and its validity window; one that fails is named, never used.
 */
export async function findRecognition(
  ctx: ServiceContext,
  options: { issuer: string; issuedAt: Date | undefined; documentLoader: DocumentLoader; asOf?: ReadSnapshot },
): Promise<Recognition> {
  const unavailable: Recognition['unavailableRegistries'] = [];
  const sources = (await ctx.freshReads.recognitionSources.read(
    options.issuer,
    async () => ({ academyIds: await listAcademiesOfIssuerDid(ctx.db, options.issuer), trustedRegistries: await listTrustedRegistries(ctx.db) }),
    options.asOf,
  ))!;
  const candidates: { url: string; expectedSigner: string | undefined; load: () => Promise<JsonObject | undefined> }[] = [
    ...sources.academyIds.map((academyId) => ({
      url: ctx.publicUrls.academyRegistry(academyId),
      expectedSigner: undefined,
      load: async () => (await currentAcademyRegistry(ctx, academyId, options.asOf)).document,
    })),
    ...sources.trustedRegistries.map((row) => ({ url: row.url, expectedSigner: row.signer_did, load: () => fetchRemoteRegistry(ctx, row) })),
  ];
  for (const candidate of candidates) {
    let document: JsonObject | undefined;
    try {
      document = await candidate.load();
    } catch {
      unavailable.push({ url: candidate.url, reason: 'unreachable' });
      continue;
    }
    if (!document) {
      unavailable.push({ url: candidate.url, reason: 'unreachable' });
      continue;
    }
    // The clock read once the registry is in hand: one signed while it loaded is valid from that second on.
    const now = ctx.now();
    const problem = await registryProblem(document, { expectedSigner: candidate.expectedSigner, now, documentLoader: options.documentLoader });
    if (problem) {
      unavailable.push({ url: candidate.url, reason: problem });
      continue;
    }
    const match = recognitionIn(document, options.issuer, { now, issuedAt: options.issuedAt });
    if (match) return { status: match.status, vouchedBy: { ...registryReference(candidate.url, document), ...match }, unavailableRegistries: unavailable };
  }
  return { status: 'not-recognised', vouchedBy: null, unavailableRegistries: unavailable };
}

/**
 * The academy's registry as a verification uses it: kept in memory while the database says nothing it says
 * changed, and published again (signed anew) once it is due, as its public URL would.
 */
async function currentAcademyRegistry(ctx: ServiceContext, academyId: string, asOf: ReadSnapshot | undefined): Promise<PublishedRegistry> {
  const kept = await ctx.freshReads.academyRegistries.read(academyId, () => getPublishedAcademyRegistry(ctx, academyId), asOf);
  if (kept && ctx.now() < addDays(kept.signedAt, REGISTRY_RESIGN_AFTER_DAYS)) return kept;
  return getPublishedAcademyRegistry(ctx, academyId);
}

function registryReference(url: string, document: JsonObject): RegistryReference {
  const issuer = document.issuer as JsonObject;
  const proof = (Array.isArray(document.proof) ? document.proof[0] : document.proof) as JsonObject | undefined;
  return {
    registry: url,
    registryName: String(issuer.name ?? issuer.id),
    signedBy: String(issuer.id),
    signedAt: String(proof?.created ?? document.validFrom),
    validUntil: String(document.validUntil),
  };
}

/** Proofs of registry documents already found valid, by the hash of their JSON text (a document never changes its proof's verdict). */
const verifiedRegistryProofs = new Set<string>();
const MAX_VERIFIED_PROOFS = 1_000;

/** Why a registry cannot be relied on now, or undefined when it can. */
async function registryProblem(
  document: JsonObject,
  options: { expectedSigner: string | undefined; now: Date; documentLoader: DocumentLoader },
): Promise<'not-a-registry' | 'wrong-signer' | 'expired' | 'not-yet-valid' | 'bad-signature' | undefined> {
  const types = Array.isArray(document.type) ? document.type : [document.type];
  if (!types.includes(REGISTRY_TYPE) || typeof document.validUntil !== 'string' || typeof document.validFrom !== 'string') return 'not-a-registry';
  const signer = issuerIdOf(document);
  if (!signer || (options.expectedSigner !== undefined && signer !== options.expectedSigner)) return 'wrong-signer';
  if (options.now.getTime() >= Date.parse(document.validUntil)) return 'expired';
  if (options.now.getTime() < Date.parse(document.validFrom)) return 'not-yet-valid';
  const hash = createHash('sha256').update(JSON.stringify(document)).digest('hex');
  if (verifiedRegistryProofs.has(hash)) return undefined;
  if (!(await dataIntegrityVerifies(document, options.documentLoader, { now: options.now }))) return 'bad-signature';
  if (verifiedRegistryProofs.size >= MAX_VERIFIED_PROOFS) verifiedRegistryProofs.clear();
  verifiedRegistryProofs.add(hash);
  return undefined;
}

const remoteRegistries = new WeakMap<ServiceContext, Map<string, { fetchedAt: number; document: JsonObject }>>();

/** A registry another deployment publishes, fetched at most every REMOTE_REGISTRY_TTL_MS. */
async function fetchRemoteRegistry(ctx: ServiceContext, row: TrustedRegistryRow): Promise<JsonObject | undefined> {
  let kept = remoteRegistries.get(ctx);
  if (!kept) remoteRegistries.set(ctx, (kept = new Map()));
  const cached = kept.get(row.url);
  if (cached && Date.now() - cached.fetchedAt < REMOTE_REGISTRY_TTL_MS) return cached.document;
  const document = (await ctx.remoteDocuments.fetchListedJson(row.url)) as JsonObject;
  if (budgetExcess(document)) throw new Error(`Registry ${row.url} is past the input budget`);
  kept.set(row.url, { fetchedAt: Date.now(), document });
  return document;
}

export interface TrustedRegistryView {
  id: string;
  name: string;
  url: string;
  signerDid: string;
  createdAt: string;
}

/** Registries this service trusts beyond its own academies', added by the platform admin. */
export async function addTrustedRegistry(ctx: ServiceContext, input: { name: string; url: string; signerDid: string }, actor: Actor): Promise<TrustedRegistryView> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await insertTrustedRegistry(trx, { id: randomUUID(), name: input.name, url: input.url, signer_did: input.signerDid, created_by: actor.apiKeyId });
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'registry.trusted', issuerId: null, subjectId: row.id, details: { url: row.url, signerDid: row.signer_did } });
    return toTrustedRegistryView(row);
  });
}

export async function listTrustedRegistryViews(ctx: ServiceContext): Promise<TrustedRegistryView[]> {
  return (await listTrustedRegistries(ctx.db)).map(toTrustedRegistryView);
}

export async function removeTrustedRegistry(ctx: ServiceContext, id: string, actor: Actor): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await deleteTrustedRegistry(trx, id))) throw new NotFoundError(`Trusted registry ${id}`);
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'registry.untrusted', issuerId: null, subjectId: id });
  });
}

function toTrustedRegistryView(row: TrustedRegistryRow): TrustedRegistryView {
  return { id: row.id, name: row.name, url: row.url, signerDid: row.signer_did, createdAt: row.created_at.toISOString() };
}

