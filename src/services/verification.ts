import type { DocumentLoader } from '@digitalbazaar/vc';
import { dataIntegrityVerifies } from '../proof/data-integrity.js';
import type { JsonObject } from '../domain/open-badges.js';
import { isUuid } from '../domain/uuid.js';
import { didWebForIssuer } from '../keys/did-web.js';
import { createDocumentLoader } from '../proof/document-loader.js';
import { findIssuerKeyByVerificationMethod } from '../storage/issuers-repository.js';
import { findStatusEntryOfCredential, findStatusListVersion } from '../storage/status-repository.js';
import { getPublishedStatusList } from '../status/status-lists.js';
import { issuerIdOf, verifyCredential, type SecuredCredential, type VerificationReport, type VerifierPorts } from '../verify/verify-credential.js';
import type { ServiceContext } from './context.js';
import { findCredentialForVerification, type CredentialVerificationRow } from '../storage/credentials-repository.js';
import type { ReadSnapshot } from '../storage/fresh-cache.js';
import { DocumentTooComplexError, NotFoundError, VerifierBusyError } from '../errors.js';
import { ThreadWorkRefusedError } from '../worker-threads.js';
import { budgetExcess } from '../verify/input-budget.js';
import { deepFreeze } from '../domain/frozen.js';
import { resolveHostedDidForVerification } from './issuers.js';
import { findRecognition } from './academy-registries.js';

const OPEN_BADGE_CREDENTIAL_SCHEMA = 'urn:mobicred:schema:open-badge-credential';

/**
 * The verdict on a credential this service issued, as anyone reading its public URL would get it. What the
 * checks read of the issuer's records comes from the same single query as the credential (kept in memory
 * while nothing it depends on changes); the checks are the ones any credential goes through.
 */
export async function verifyStoredCredential(ctx: ServiceContext, credentialId: string): Promise<VerificationReport> {
  // One snapshot for every read kept in memory: one query on the change generation for the whole verification.
  const asOf = ctx.freshReads.snapshot();
  const stored = await ctx.freshReads.verifications.read(credentialId, async () => deepFreeze(await findCredentialForVerification(ctx.db, credentialId)), asOf);
  if (!stored) throw new NotFoundError(`Credential ${credentialId}`);
  return verifySecuredCredential(ctx, storedSecuredCredential(stored), { ...stored, credentialId, asOf });
}

/** A credential this service issued, as read for its verification, with the snapshot its other reads share. */
type StoredForVerification = CredentialVerificationRow & { credentialId: string; asOf: ReadSnapshot };

/** A stored credential as a verifier gets it: with its Data Integrity proof, else as its VC-JWT. */
function storedSecuredCredential(row: { data_integrity: JsonObject | null; jwt: string | null }): SecuredCredential {
  return row.data_integrity ? { format: 'ldp_vc', credential: row.data_integrity } : { format: 'jwt_vc', jwt: row.jwt! };
}

/** The verdict on any secured credential: one of ours, or one someone pasted or uploaded, from any issuer. */
export async function verifySecuredCredential(
  ctx: ServiceContext,
  secured: SecuredCredential,
  stored?: StoredForVerification,
): Promise<VerificationReport> {
  const report = await verifyCredential(verifierPorts(ctx, stored), secured);
  ctx.metrics.verifications.inc({ verdict: report.verdict, format: report.format });
  return report;
}

/**
 * The verifier's view of this service: hosted DIDs resolve with every key they ever had; status lists are
 * read through the same publication path as their public URL, and their own proofs are checked. Records
 * already read with a stored credential answer the questions about that credential, its key and its list;
 * any other is looked up.
 */
function verifierPorts(ctx: ServiceContext, stored?: StoredForVerification): VerifierPorts {
  const documentLoader = verifierDocumentLoader(ctx);
  const urls = ctx.publicUrls;
  const statusListPrefix = urls.statusList('');
  const credentialPrefix = urls.credential('');
  const hostedDidPrefix = didWebForIssuer(ctx.publicBaseUrl, '');
  const listVersion = async (id: string) => (stored?.list_id === id ? stored.list_version ?? undefined : findStatusListVersion(ctx.db, id));
  return {
    documentLoader,
    now: ctx.now(),
    isHostedDid: (did) => did.startsWith(hostedDidPrefix),
    isTrustedHostDid: (did) => ctx.remoteDocuments.isTrustedDid(did),
    provenProofs: ctx.provenProofs,
    verifyLinkedDataProof: async ({ credential, suite, did, now }) => {
      const didDocument = (await documentLoader(did)).document as JsonObject;
      // Our own stored credentials go to the signing threads; anything submitted to the threads that take
      // one document at a time within a heap and time budget.
      const proofs = stored ? ctx.dataIntegrity : ctx.submittedProofs;
      return proofs.verify({ document: credential, suite, didDocument, now }).catch((error: unknown) => {
        if (!(error instanceof ThreadWorkRefusedError)) throw error;
        if (error.reason === 'busy') throw new VerifierBusyError();
        throw new DocumentTooComplexError(error.message);
      });
    },
    findRecognition: (issuer, issuedAt) => findRecognition(ctx, { issuer, issuedAt, documentLoader, ...(stored ? { asOf: stored.asOf } : {}) }),
    shapeErrors: (credential) => ctx.schemas.errorsOf(OPEN_BADGE_CREDENTIAL_SCHEMA, credential),
    findHostedKey: async (verificationMethod) => {
      if (stored?.verification_method === verificationMethod) return { compromisedAt: stored.compromised_at };
      const key = await findIssuerKeyByVerificationMethod(ctx.db, verificationMethod);
      return key && { compromisedAt: key.compromised_at };
    },
    findIssuerStatus: async (credentialId) => {
      const id = credentialId.startsWith(credentialPrefix) ? credentialId.slice(credentialPrefix.length) : '';
      if (!isUuid(id)) return undefined;
      if (stored?.credentialId === id) return stored.state === null ? undefined : { state: stored.state, publicReason: stored.public_reason };
      const entry = await findStatusEntryOfCredential(ctx.db, id);
      return entry && { state: entry.state, publicReason: entry.public_reason };
    },
    fetchStatusList: async (url, issuer) => {
      const id = url.startsWith(statusListPrefix) ? url.slice(statusListPrefix.length) : '';
      // A hosted list already verified at its current version is used as it is: one small query.
      const verified = isUuid(id) ? ctx.verifiedStatusLists.get(id) : undefined;
      if (verified && verified.version === (await listVersion(id)) && issuerIdOf(verified.credential) === issuer) return verified.credential;
      const hosted = isUuid(id) ? await getPublishedStatusList(ctx, id) : undefined;
      const credential = hosted ? hosted.credential : await ctx.remoteDocuments.fetchJson(url);
      if (!credential) throw new Error(`Status list ${url} is neither hosted here nor on a trusted host`);
      if (!hosted && budgetExcess(credential)) throw new Error(`Status list ${url} is past the input budget`);
      if (issuerIdOf(credential) !== issuer) throw new Error('Status list issued by someone else');
      if (!(await dataIntegrityVerifies(credential, documentLoader))) throw new Error('Status list proof does not verify');
      if (hosted) ctx.verifiedStatusLists.set(id, { version: hosted.version, credential: credential as JsonObject });
      return credential as JsonObject;
    },
  };
}

/**
 * An endorsement's own proof, by the endorsing organisation: its Data Integrity proof verifies, with a key
 * its DID document asserts (a DID hosted here, or on a trusted host).
 */
export async function verifyEndorsementProof(ctx: ServiceContext, endorsement: JsonObject): Promise<boolean> {
  return dataIntegrityVerifies(endorsement, verifierDocumentLoader(ctx));
}

/** Contexts offline; hosted DIDs with every key they ever had; other did:web issuers from trusted hosts only. */
function verifierDocumentLoader(ctx: ServiceContext): DocumentLoader {
  return createDocumentLoader({
    resolveDid: async (did) =>
      (await resolveHostedDidForVerification(ctx, did)) ?? (did.startsWith('did:web:') ? ctx.remoteDocuments.resolveDidWeb(did) : undefined),
  });
}

