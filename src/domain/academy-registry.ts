import type { JsonObject } from './open-badges.js';

/**
 * An academy's registry of its schools: one document that is both
 * - DCC's known-issuer registry format (`meta` and `registry`, a map from each recognised school's DID to its
 *   name, location and URL), read as it is by DCC's `@digitalcredentials/issuer-registry-client`, VerifierPlus
 *   and the Learner Credential Wallet; and
 * - a W3C Verifiable Credential (2.0) issued by the academy, whose subject lists every school with its official
 *   identifiers and the period it was recognised — past members included — as an EBSI trusted-issuers entry
 *   does. The academy's Data Integrity proof covers both views; its validity window bounds how long a copy
 *   may be relied on; the registry's own terms are signed too (REGISTRY_VOCABULARY_CONTEXT).
 * Pure functions: no I/O, no clock.
 */

export const REGISTRY_TYPE = 'AcademyRegistryCredential';
/**
 * The VC 2.0 context defines none of the registry's own terms (DCC's `registry`, `meta`; the subject's
 * periods): this inline context maps them, and the registry's type, under one vocabulary of this service,
 * so that JSON-LD processors in safe mode sign and verify them.
 */
export const REGISTRY_VOCABULARY_CONTEXT = { '@vocab': 'urn:mobicred:vocab:registry#' } as const;
export const DCC_REGISTRY_FORMAT_VERSION = '0.1.0';

export interface RegistryIdentifier {
  /** As in Open Badges' IdentifierEntry: "ext:UAI", "ext:QuebecOrganisationCode", "ext:ErasmusOID"… */
  identifierType: string;
  identifier: string;
}

export interface RegistrySchool {
  did: string;
  legalName: string;
  url?: string;
  location?: string;
  identifiers: RegistryIdentifier[];
  recognisedFrom: string;
  /** Absent while the school is in the academy. */
  recognisedUntil?: string;
}

/** The part of a registry that the academy vouches for: what its hash is taken of, so a re-sign is only needed when it changes. */
export interface RegistryContent {
  id: string;
  academy: { did: string; name: string };
  schools: RegistrySchool[];
}

export function buildAcademyRegistry(options: RegistryContent & { validFrom: string; validUntil: string; created: string }): JsonObject {
  const { id, academy, schools, validFrom, validUntil, created } = options;
  const current = schools.filter((school) => school.recognisedUntil === undefined);
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', REGISTRY_VOCABULARY_CONTEXT],
    id,
    type: ['VerifiableCredential', REGISTRY_TYPE],
    name: `${academy.name}: registry of recognised schools`,
    issuer: { id: academy.did, name: academy.name },
    validFrom,
    validUntil,
    meta: { created, updated: validFrom, version: DCC_REGISTRY_FORMAT_VERSION },
    registry: Object.fromEntries(
      current.map((school) => [school.did, { name: school.legalName, ...(school.location ? { location: school.location } : {}), ...(school.url ? { url: school.url } : {}) }]),
    ),
    credentialSubject: {
      id: academy.did,
      recognisedIssuer: schools.map((school) => ({
        id: school.did,
        legalName: school.legalName,
        ...(school.identifiers.length ? { identifier: school.identifiers } : {}),
        recognisedFrom: school.recognisedFrom,
        ...(school.recognisedUntil ? { recognisedUntil: school.recognisedUntil } : {}),
      })),
    },
  };
}

export type RecognitionStatus = 'recognised' | 'recognised-at-issuance';

export interface RegistryMatch {
  status: RecognitionStatus;
  legalName: string;
  recognisedFrom: string;
  recognisedUntil: string | null;
}

/**
 * What a registry says of an issuer: recognised now; or, when the issuer has left, recognised when the
 * credential was issued (`issuedAt` within one of its periods); else nothing. A period ends at its
 * `recognisedUntil`, exclusive.
 */
export function recognitionIn(registry: JsonObject, issuerDid: string, at: { now: Date; issuedAt: Date | undefined }): RegistryMatch | undefined {
  const subject = registry.credentialSubject as JsonObject | undefined;
  const entries = (Array.isArray(subject?.recognisedIssuer) ? subject.recognisedIssuer : []) as JsonObject[];
  const periods = entries
    .filter((entry) => entry.id === issuerDid && typeof entry.recognisedFrom === 'string')
    .map((entry) => ({
      legalName: String(entry.legalName ?? ''),
      recognisedFrom: String(entry.recognisedFrom),
      recognisedUntil: typeof entry.recognisedUntil === 'string' ? entry.recognisedUntil : null,
    }));
  // Credentials date their issuance to the second: a school that joined during that second was recognised then.
  const covers = (period: (typeof periods)[number], moment: Date) =>
    Math.floor(Date.parse(period.recognisedFrom) / 1000) * 1000 <= moment.getTime() && (period.recognisedUntil === null || moment.getTime() < Date.parse(period.recognisedUntil));
  const now = periods.find((period) => covers(period, at.now));
  if (now) return { status: 'recognised', ...now };
  const issued = at.issuedAt && periods.find((period) => covers(period, at.issuedAt!));
  return issued ? { status: 'recognised-at-issuance', ...issued } : undefined;
}
