import type { JWK } from 'jose';

/** did:web identifiers and documents for issuers served by this service. Pure functions. */

const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';
/**
 * Neither context above defines `publicKeyJwk`; this inline definition is the one of W3C Controlled
 * Identifiers 1.0 (the Multikey spec), so the term keeps its meaning for JSON-LD processors.
 */
const PUBLIC_KEY_JWK_CONTEXT = { publicKeyJwk: { '@id': 'https://w3id.org/security#publicKeyJwk', '@type': '@json' } } as const;

export interface PublishedKey {
  verificationMethod: string;
  publicKeyMultibase: string;
  publicJwk: JWK;
  /** A key reported compromised stays listed (so that it can be recognised) but no longer asserts anything. */
  compromised: boolean;
}

/**
 * did:web for an issuer slug: the host (port percent-encoded) then the path segments, so that the DID
 * resolves to `${publicBaseUrl}/issuers/${slug}/did.json` as the did:web method specifies.
 */
export function didWebForIssuer(publicBaseUrl: string, slug: string): string {
  const url = new URL(publicBaseUrl);
  const segments = url.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', encodeURIComponent(url.host), ...segments, 'issuers', slug].join(':');
}

export function buildDidDocument(options: { did: string; keys: PublishedKey[] }): Record<string, unknown> {
  const { did, keys } = options;
  const ids = keys.filter((key) => !key.compromised).map((key) => key.verificationMethod);
  return {
    '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT, PUBLIC_KEY_JWK_CONTEXT],
    id: did,
    // Each key in both forms: Data Integrity verifiers read the multibase, JOSE verifiers resolving a
    // VC-JWT's `kid` read the JWK. A JOSE verifier seldom checks assertionMethod, so a compromised key
    // loses its JWK here as it does in the JWKS.
    verificationMethod: keys.map((key) => ({
      id: key.verificationMethod,
      type: 'Multikey',
      controller: did,
      publicKeyMultibase: key.publicKeyMultibase,
      ...(key.compromised ? {} : { publicKeyJwk: publicPart(key.publicJwk) }),
    })),
    assertionMethod: ids,
    authentication: ids,
  };
}

export function buildJwks(keys: PublishedKey[]): { keys: JWK[] } {
  return {
    keys: keys.filter((key) => !key.compromised).map((key) => ({ ...publicPart(key.publicJwk), kid: key.verificationMethod, alg: 'EdDSA', use: 'sig' })),
  };
}

/** Never trust a stored JWK to be public: keep only the public members of an OKP key. */
function publicPart(jwk: JWK): JWK {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
}
