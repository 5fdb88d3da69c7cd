import { createHash } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { DocumentLoader } from '@digitalbazaar/vc';
import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { decodeStatusList, isStatusBitSet, type StatusPurpose } from '../domain/bitstring-status-list.js';
import type { JsonObject } from '../domain/open-badges.js';
import { DocumentNotFoundError } from '../proof/document-loader.js';
import { isFrozenThroughout } from '../domain/frozen.js';
import { LINKED_DATA_SUITES, type LinkedDataSuiteId } from '../proof/linked-data-suites.js';
import { AppError, DocumentTooComplexError } from '../errors.js';
import { budgetExcess } from './input-budget.js';

/**
 * One verification pipeline for every entry point and both securing mechanisms: each check is reported on
 * its own, and the verdict follows from them.
 */

export type CheckName = 'proof' | 'issuer-key' | 'schema' | 'validity-window' | 'status';
export type CheckOutcome = 'passed' | 'failed' | 'skipped';

export type Verdict =
  | 'valid'
  | 'not-authentic'
  | 'not-open-badge'
  | 'unverifiable'
  | 'key-compromised'
  | 'revoked'
  | 'suspended'
  | 'expired'
  | 'not-yet-valid'
  | 'status-unavailable';

export interface VerificationCheck {
  check: CheckName;
  outcome: CheckOutcome;
  detail: string;
  /** For a failed check, the verdict it leads to. */
  verdict?: Verdict;
}

type CredentialFormat = 'ldp_vc' | 'jwt_vc';

/** What was submitted: a JSON-LD credential secured with Data Integrity, or a VC-JWT. */
export type SecuredCredential = { format: 'ldp_vc'; credential: JsonObject } | { format: 'jwt_vc'; jwt: string };

/**
 * Who the issuer is, as far as this service can tell: a school hosted here, an issuer on a host its operator
 * trusts, or anyone (a did:key, or a DID on another host, names itself whatever it likes).
 */
type IssuerTrust = 'hosted' | 'trusted-host' | 'unknown';

/** The registry that vouches for an issuer, as it was read and checked for this verification. */
export interface RegistryReference {
  /** Where the registry is published. */
  registry: string;
  /** Who signed it (an academy, a ministry…), by the name the registry gives. */
  registryName: string;
  signedBy: string;
  /** When its signer signed the registry as it was read. */
  signedAt: string;
  validUntil: string;
}

/**
 * Whether a registry this service trusts vouches for the issuer: recognised now, or recognised when the
 * credential was issued (the school has since left), or in none of them. Registries that could not be relied
 * on (unreachable, badly signed, expired) are named, never used.
 */
export interface Recognition {
  status: 'recognised' | 'recognised-at-issuance' | 'not-recognised';
  vouchedBy: (RegistryReference & { legalName: string; recognisedFrom: string; recognisedUntil: string | null }) | null;
  unavailableRegistries: { url: string; reason: string }[];
}

export interface VerificationReport {
  verdict: Verdict;
  format: CredentialFormat;
  credentialId: string | null;
  issuer: string | null;
  issuerTrust: IssuerTrust;
  /** The name the credential gives its issuer: vouched for only when the issuer is hosted or on a trusted host. */
  issuerName: string | null;
  /** Who vouches for the issuer; only asked when the signature holds (else nobody can tell who signed). */
  recognition: Recognition;
  checks: VerificationCheck[];
  /** The issuer's public reason for a revocation or suspension, when it gave one. */
  statusReason: string | null;
  verifiedAt: string;
}

interface KeyRecord {
  compromisedAt: Date | null;
}

interface IssuerStatusRecord {
  state: 'active' | 'suspended' | 'revoked';
  publicReason: string | null;
}

export interface VerifierPorts {
  /** Resolves contexts and DIDs offline; every key a hosted issuer ever had must resolve, compromised ones included. */
  documentLoader: DocumentLoader;
  /** Whether a DID belongs to an issuer hosted here (then its keys are known one by one). */
  isHostedDid(did: string): boolean;
  /** Whether a DID is a did:web on a host the operator trusts. */
  isTrustedHostDid(did: string): boolean;
  /** What a hosted issuer says about one of its verification methods; undefined if it never published it. */
  findHostedKey(verificationMethod: string): Promise<KeyRecord | undefined>;
  /** The status list credential at a URL, already verified as signed by `issuer`; throws when unavailable. */
  fetchStatusList(url: string, issuer: string): Promise<JsonObject>;
  /**
   * The issuer's own record of a credential it hosts. It never overrides the list's bit; it tells what a
   * set bit means (a revoked credential with a suspension entry keeps its bit set for good) and why.
   */
  findIssuerStatus(credentialId: string): Promise<IssuerStatusRecord | undefined>;
  /**
   * Data Integrity proofs of hosted issuers already found valid, by the SHA-256 of the secured document's
   * JSON text. Whether a proof verifies depends only on that exact content and on the public key its
   * verification method names, which never changes for a hosted key (its id is its thumbprint); so a
   * document seen valid once is valid again, and any change to it is a different key. Key compromise and
   * status are separate checks and always run.
   */
  provenProofs?: ProvenProofs;
  /**
   * Checks a linked-data proof with the key its verification method names, resolving the DID that controls
   * it (throws DocumentNotFoundError when it cannot be resolved here); the service does it on proof threads.
   */
  verifyLinkedDataProof(options: { credential: JsonObject; suite: LinkedDataSuiteId; did: string; now: Date }): Promise<boolean>;
  /** Which trusted registry vouches for an issuer whose signature holds, for a credential issued at `issuedAt`. */
  findRecognition(issuer: string, issuedAt: Date | undefined): Promise<Recognition>;
  /** Where the credential departs from the Open Badges 3.0 AchievementCredential shape (empty if nowhere). */
  shapeErrors(credential: JsonObject): { field: string; message: string }[];
  now: Date;
}

export interface ProvenProofs {
  has(documentHash: string): boolean;
  add(documentHash: string): void;
}

/** VC-JWT algorithms accepted: OB 3.0 names RS256 as the interoperability minimum; EdDSA and ES256 are allowed. */
const JWT_ALGORITHMS = ['EdDSA', 'ES256', 'RS256'];

/**
 * Throws DocumentTooComplexError, before any work starts, for a document past the input budget, and passes
 * on the proof threads' refusals; every other failure is a check's outcome.
 */
export async function verifyCredential(ports: VerifierPorts, secured: SecuredCredential): Promise<VerificationReport> {
  if (secured.format === 'ldp_vc') assertWithinBudget(secured.credential);
  const { credential, proof, verificationMethod } =
    secured.format === 'ldp_vc' ? await checkDataIntegrity(ports, secured.credential) : await checkVcJwt(ports, secured.jwt);
  const issuer = credential ? issuerIdOf(credential) : null;
  const credentialId = typeof credential?.id === 'string' ? credential.id : null;
  const issuerStatus = credentialId === null ? undefined : await ports.findIssuerStatus(credentialId);
  const status = credential ? await checkStatus(ports, credential, issuer, issuerStatus) : skipped('status', 'Not checked: the credential cannot be read');
  const issuerKey = await checkIssuerKey(ports, verificationMethod, issuer);
  const authentic = proof.outcome === 'passed' && issuerKey.verdict !== 'not-authentic';
  const recognition = authentic && issuer !== null ? await ports.findRecognition(issuer, issuedAtOf(credential!)) : NOT_RECOGNISED;
  const checks: VerificationCheck[] = [
    proof,
    issuerKey,
    credential ? checkShape(ports, credential) : skipped('schema', 'Not checked: the credential cannot be read'),
    credential ? checkValidityWindow(ports.now, credential) : skipped('validity-window', 'Not checked: the credential cannot be read'),
    status,
  ];
  return {
    verdict: verdictOf(checks),
    format: secured.format,
    credentialId,
    issuer,
    issuerTrust: authentic ? issuerTrustOf(ports, issuer) : 'unknown',
    issuerName: credential ? issuerNameOf(credential) : null,
    recognition,
    checks,
    statusReason: status.outcome === 'failed' ? (issuerStatus?.publicReason ?? null) : null,
    verifiedAt: ports.now.toISOString(),
  };
}

interface ProofResult {
  credential: JsonObject | undefined;
  proof: VerificationCheck;
  verificationMethod: string | undefined;
}

/** A document kept between requests (deep-frozen) is one of ours, stored: only submitted ones are measured. */
function assertWithinBudget(document: unknown): void {
  if (document !== null && typeof document === 'object' && isFrozenThroughout(document)) return;
  const excess = budgetExcess(document);
  if (excess) throw new DocumentTooComplexError(`The credential ${excess.message}`, excess.field);
}

async function checkDataIntegrity(ports: VerifierPorts, credential: JsonObject): Promise<ProofResult> {
  const proofs = Array.isArray(credential.proof) ? credential.proof : [credential.proof];
  const firstProof = proofs[0] as JsonObject | undefined;
  const verificationMethod = typeof firstProof?.verificationMethod === 'string' ? firstProof.verificationMethod : undefined;
  const known = firstProof && LINKED_DATA_SUITES.find((candidate) => candidate.matches(firstProof));
  if (!known) {
    const names = LINKED_DATA_SUITES.map((candidate) => candidate.name).join(', ');
    return { credential, verificationMethod, proof: failure('proof', 'unverifiable', `The proof is of a kind this verifier does not check (it checks ${names})`) };
  }
  const did = verificationMethod?.split('#')[0];
  if (!did) return { credential, verificationMethod, proof: failure('proof', 'not-authentic', 'The proof names no verification method') };
  const hostedRdfc = known.id === 'eddsa-rdfc-2022' && ports.isHostedDid(did);
  const documentHash = hostedRdfc && ports.provenProofs !== undefined ? documentHashOf(credential) : undefined;
  const valid = { credential, verificationMethod, proof: passed('proof', `The ${known.name} proof is valid for this exact content`) };
  if (documentHash !== undefined && ports.provenProofs!.has(documentHash)) return valid;
  // The reference library also checks the validity window; evaluating the proof at validFrom keeps that a
  // separate check (an expired credential is still authentic).
  const validFrom = typeof credential.validFrom === 'string' ? new Date(credential.validFrom) : ports.now;
  const evaluatedAt = Number.isNaN(validFrom.getTime()) ? ports.now : validFrom;
  try {
    if (await ports.verifyLinkedDataProof({ credential, suite: known.id, did, now: evaluatedAt })) {
      if (documentHash !== undefined) ports.provenProofs!.add(documentHash);
      return valid;
    }
    return { credential, verificationMethod, proof: proofFailure(ports, verificationMethod, undefined) };
  } catch (error) {
    if (error instanceof AppError) throw error;
    return { credential, verificationMethod, proof: proofFailure(ports, verificationMethod, error) };
  }
}

/** The hash of a frozen document (one kept between requests) is kept with it: its text cannot change. */
const frozenDocumentHashes = new WeakMap<object, string>();

function documentHashOf(document: JsonObject): string {
  const kept = frozenDocumentHashes.get(document);
  if (kept !== undefined) return kept;
  // JSON text, not a canonical form: the same content with its keys in another order is only a cache miss.
  const hash = createHash('sha256').update(JSON.stringify(document)).digest('hex');
  if (isFrozenThroughout(document)) frozenDocumentHashes.set(document, hash);
  return hash;
}

async function checkVcJwt(ports: VerifierPorts, jwt: string): Promise<ProofResult> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let payload: JsonObject;
  try {
    header = decodeProtectedHeader(jwt);
    payload = decodeJwt(jwt) as JsonObject;
  } catch {
    return { credential: undefined, verificationMethod: undefined, proof: failure('proof', 'not-authentic', 'This is not a readable JWT') };
  }
  assertWithinBudget(payload);
  const verificationMethod = typeof header.kid === 'string' ? header.kid : undefined;
  if (!header.alg || !JWT_ALGORITHMS.includes(header.alg) || !verificationMethod?.startsWith('did:')) {
    return { credential: payload, verificationMethod, proof: failure('proof', 'not-authentic', `The JWT must be signed with ${JWT_ALGORITHMS.join(', ')} and name its key as a DID URL in "kid"`) };
  }
  try {
    const key = await resolveJwtKey(ports.documentLoader, verificationMethod, header.alg);
    await compactVerify(jwt, key, { algorithms: [header.alg] });
  } catch (error) {
    return { credential: payload, verificationMethod, proof: proofFailure(ports, verificationMethod, error) };
  }
  const mismatch = jwtClaimMismatch(payload);
  if (mismatch) return { credential: payload, verificationMethod, proof: failure('proof', 'not-authentic', mismatch) };
  return { credential: payload, verificationMethod, proof: passed('proof', `The VC-JWT signature (${header.alg}) is valid for this exact content`) };
}

/** The key a JWT names, from the issuer's DID document, accepted only if that document lists it for assertions. */
async function resolveJwtKey(documentLoader: DocumentLoader, verificationMethod: string, alg: string) {
  const method = (await documentLoader(verificationMethod)).document as JsonObject;
  const controller = (await documentLoader(String(method.controller))).document as JsonObject;
  const assertions = (controller.assertionMethod ?? []) as (string | JsonObject)[];
  if (!assertions.some((entry) => (typeof entry === 'string' ? entry : entry.id) === verificationMethod)) {
    throw new Error('The key is not an assertion method of its controller');
  }
  const jwk =
    method.type === 'Multikey' && typeof method.publicKeyMultibase === 'string'
      ? await Ed25519Multikey.toJwk({ keyPair: await Ed25519Multikey.from({ publicKeyMultibase: method.publicKeyMultibase }) })
      : (method.publicKeyJwk as JWK | undefined);
  if (!jwk) throw new Error('The verification method has no usable public key');
  return importJWK(jwk as JWK, alg);
}

/** OB 3.0 VC-JWT: the registered claims must say what the credential says. */
function jwtClaimMismatch(payload: JsonObject): string | undefined {
  const seconds = (value: unknown) => (typeof value === 'string' ? Math.floor(Date.parse(value) / 1000) : undefined);
  if (payload.vc !== undefined) return 'The JWT wraps the credential in "vc"; Open Badges 3.0 puts the credential itself in the payload';
  if (payload.iss !== issuerIdOf(payload)) return 'The JWT "iss" is not the credential issuer';
  if (payload.jti !== undefined && payload.jti !== payload.id) return 'The JWT "jti" is not the credential id';
  if (payload.nbf !== undefined && payload.nbf !== seconds(payload.validFrom)) return 'The JWT "nbf" does not match validFrom';
  if (payload.exp !== undefined && payload.exp !== seconds(payload.validUntil)) return 'The JWT "exp" does not match validUntil';
  return undefined;
}

/**
 * A key that cannot be resolved means "cannot tell" for an outside issuer, but "not authentic" for an issuer
 * hosted here: this service knows every key its issuers ever had.
 */
function proofFailure(ports: VerifierPorts, verificationMethod: string | undefined, error: unknown): VerificationCheck {
  const hosted = verificationMethod !== undefined && ports.isHostedDid(verificationMethod.split('#')[0]!);
  if (!hosted && containsError(error, DocumentNotFoundError)) {
    return failure('proof', 'unverifiable', "The issuer's key cannot be resolved here: this verifier reads did:key, the DIDs it hosts, and did:web on the hosts its operator trusts");
  }
  return failure('proof', 'not-authentic', 'The proof does not match the content: the credential was altered or not signed by this key');
}

/** Library errors nest their causes (`cause`, `errors[]`, `details`): look through them for a kind. */
function containsError(error: unknown, kind: new (...args: never[]) => Error, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 6) return false;
  if (error instanceof kind) return true;
  const { cause, errors, details } = error as { cause?: unknown; errors?: unknown[]; details?: { error?: unknown } };
  return [cause, details?.error, ...(Array.isArray(errors) ? errors : [])].some((inner) => containsError(inner, kind, depth + 1));
}

async function checkIssuerKey(ports: VerifierPorts, verificationMethod: string | undefined, issuer: string | null): Promise<VerificationCheck> {
  if (!verificationMethod || !issuer || !verificationMethod.startsWith(`${issuer}#`)) {
    return failure('issuer-key', 'not-authentic', 'The signing key is not controlled by the issuer named in the credential');
  }
  if (!ports.isHostedDid(issuer)) return passed('issuer-key', "The signing key is an assertion method of the issuer's DID");
  const key = await ports.findHostedKey(verificationMethod);
  if (!key) return failure('issuer-key', 'not-authentic', 'The signing key is not one the issuer published');
  if (key.compromisedAt) {
    return failure('issuer-key', 'key-compromised', `The issuer reported this signing key compromised on ${key.compromisedAt.toISOString()}`);
  }
  return passed('issuer-key', 'Signed with a key the issuer published and has not reported compromised');
}

function checkShape(ports: VerifierPorts, credential: JsonObject): VerificationCheck {
  const errors = ports.shapeErrors(credential);
  if (errors.length === 0) return passed('schema', 'An Open Badges 3.0 AchievementCredential in shape');
  const shown = errors.slice(0, 3).map((error) => `${error.field} ${error.message}`).join('; ');
  return failure('schema', 'not-open-badge', `Not an Open Badges 3.0 AchievementCredential: ${shown}`);
}

function checkValidityWindow(now: Date, credential: JsonObject): VerificationCheck {
  const validFrom = typeof credential.validFrom === 'string' ? new Date(credential.validFrom) : undefined;
  const validUntil = typeof credential.validUntil === 'string' ? new Date(credential.validUntil) : undefined;
  if (validFrom && now < validFrom) return failure('validity-window', 'not-yet-valid', `Not valid before ${credential.validFrom}`);
  if (validUntil && now >= validUntil) return failure('validity-window', 'expired', `Expired on ${credential.validUntil}`);
  return passed('validity-window', validUntil ? `Valid until ${credential.validUntil}` : 'Valid with no expiry date');
}

async function checkStatus(
  ports: VerifierPorts,
  credential: JsonObject,
  issuer: string | null,
  issuerStatus: IssuerStatusRecord | undefined,
): Promise<VerificationCheck> {
  const entry = credential.credentialStatus as JsonObject | undefined;
  if (!entry) return skipped('status', 'The credential has no status entry');
  const purpose = entry.statusPurpose as StatusPurpose;
  const index = Number(entry.statusListIndex);
  if (entry.type !== 'BitstringStatusListEntry' || typeof entry.statusListCredential !== 'string' || !Number.isInteger(index) || !issuer) {
    return failure('status', 'status-unavailable', 'The status entry is not a Bitstring Status List entry this verifier understands');
  }
  let bitSet: boolean;
  try {
    const list = await ports.fetchStatusList(entry.statusListCredential, issuer);
    const subject = list.credentialSubject as JsonObject;
    if (subject.statusPurpose !== purpose) throw new Error('purpose mismatch');
    bitSet = isStatusBitSet(statusBits(list), index);
  } catch {
    return failure('status', 'status-unavailable', `The ${purpose} status list could not be read or is not signed by the issuer`);
  }
  if (!bitSet) return passed('status', `Not ${purpose === 'revocation' ? 'revoked' : 'suspended'} (status list checked now)`);
  return purpose === 'revocation' || issuerStatus?.state === 'revoked'
    ? failure('status', 'revoked', 'Revoked by the issuer')
    : failure('status', 'suspended', 'Suspended by the issuer');
}

/** Bitstrings of status list documents, decoded once per document: a list served from a cache is not unzipped again. */
const decodedStatusLists = new WeakMap<JsonObject, Uint8Array>();

function statusBits(list: JsonObject): Uint8Array {
  let bits = decodedStatusLists.get(list);
  if (!bits) {
    bits = decodeStatusList(String((list.credentialSubject as JsonObject).encodedList));
    decodedStatusLists.set(list, bits);
  }
  return bits;
}

/**
 * Precedence: authenticity first, then what the issuer says of the key and of the credential, then dates. The
 * verdict is the first failed check's; each check leads only to its own verdicts (the README's table of
 * verdicts is these two, compared by test/unit/readme.test.ts).
 */
export const CHECK_PRECEDENCE: readonly CheckName[] = ['proof', 'issuer-key', 'schema', 'status', 'validity-window'];
export const CHECK_VERDICTS = {
  proof: ['not-authentic', 'unverifiable'],
  'issuer-key': ['not-authentic', 'key-compromised'],
  schema: ['not-open-badge'],
  status: ['revoked', 'suspended', 'status-unavailable'],
  'validity-window': ['expired', 'not-yet-valid'],
} as const satisfies Record<CheckName, readonly Verdict[]>;

function verdictOf(checks: VerificationCheck[]): Verdict {
  for (const name of CHECK_PRECEDENCE) {
    const failed = checks.find((check) => check.check === name && check.outcome === 'failed');
    if (failed?.verdict) return failed.verdict;
  }
  return 'valid';
}

function passed(check: CheckName, detail: string): VerificationCheck {
  return { check, outcome: 'passed', detail };
}

function skipped(check: CheckName, detail: string): VerificationCheck {
  return { check, outcome: 'skipped', detail };
}

function failure<C extends CheckName>(check: C, verdict: (typeof CHECK_VERDICTS)[C][number], detail: string): VerificationCheck {
  return { check, outcome: 'failed', detail, verdict };
}

/** Only a signature that holds, by a key of the issuer named, says anything about who that issuer is. */
function issuerTrustOf(ports: VerifierPorts, issuer: string | null): IssuerTrust {
  if (issuer === null) return 'unknown';
  if (ports.isHostedDid(issuer)) return 'hosted';
  return ports.isTrustedHostDid(issuer) ? 'trusted-host' : 'unknown';
}

const NOT_RECOGNISED: Recognition = Object.freeze({ status: 'not-recognised', vouchedBy: null, unavailableRegistries: [] }) as Recognition;

/** When the issuer says it issued the credential: validFrom (VC 2.0), else issuanceDate (VC 1.1). */
function issuedAtOf(credential: JsonObject): Date | undefined {
  const value = credential.validFrom ?? credential.issuanceDate;
  const date = typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

function issuerNameOf(credential: JsonObject): string | null {
  const name = (credential.issuer as JsonObject | undefined)?.name;
  return typeof name === 'string' ? name : null;
}

export function issuerIdOf(credential: JsonObject): string | null {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  const id = (issuer as JsonObject | undefined)?.id;
  return typeof id === 'string' ? id : null;
}
