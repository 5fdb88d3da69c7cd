import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import canonicalize from 'canonicalize';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { OAuthError, PROOF_JWT_TYPE } from './protocol.js';

const ALGORITHMS = ['EdDSA', 'ES256'];
/** A proof is fresh for five minutes; clocks may differ by one. */
const MAX_AGE = '5m';
const CLOCK_TOLERANCE_SECONDS = 60;

/**
 * Checks the wallet's proof of possession (a JWT of type openid4vci-proof+jwt, for this issuer, recent,
 * carrying one of our nonces) and says who the holder is: the did:key of its `kid`, or, for a bare `jwk`,
 * the equivalent did:jwk. Only Ed25519 did:key identifiers are resolved (offline, from the key itself).
 */
export async function verifyProofOfPossession(jwt: string, options: { audience: string; now: Date }): Promise<{ holderId: string; nonce: string }> {
  let header;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    throw new OAuthError('invalid_proof', 'The proof is not a JWT');
  }
  if (header.typ !== PROOF_JWT_TYPE) throw new OAuthError('invalid_proof', `The proof JWT must have typ "${PROOF_JWT_TYPE}"`);
  if (!header.alg || !ALGORITHMS.includes(header.alg)) throw new OAuthError('invalid_proof', `The proof must be signed with ${ALGORITHMS.join(' or ')}`);
  const { jwk, holderId } = await holderKey(header.kid, header.jwk);
  let payload;
  try {
    ({ payload } = await jwtVerify(jwt, await importJWK(jwk, header.alg), {
      audience: options.audience,
      algorithms: ALGORITHMS,
      typ: PROOF_JWT_TYPE,
      currentDate: options.now,
      maxTokenAge: MAX_AGE,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    throw new OAuthError('invalid_proof', `The proof JWT does not verify: ${(error as Error).message}`);
  }
  if (typeof payload.nonce !== 'string') throw new OAuthError('invalid_nonce', 'The proof carries no nonce: get one from the nonce endpoint');
  return { holderId, nonce: payload.nonce };
}

async function holderKey(kid: string | undefined, jwk: JWK | undefined): Promise<{ jwk: JWK; holderId: string }> {
  if (kid?.startsWith('did:key:')) {
    const did = kid.split('#')[0]!;
    if (!did.startsWith('did:key:z6Mk')) throw new OAuthError('invalid_proof', 'Only Ed25519 did:key holders are supported; send a jwk header otherwise');
    try {
      const keyPair = await Ed25519Multikey.from({ publicKeyMultibase: did.slice('did:key:'.length) });
      return { jwk: (await Ed25519Multikey.toJwk({ keyPair })) as JWK, holderId: did };
    } catch {
      throw new OAuthError('invalid_proof', 'The did:key of the proof is not a valid Ed25519 key');
    }
  }
  if (jwk && kid === undefined) {
    if ('d' in jwk) throw new OAuthError('invalid_proof', 'The jwk header must hold a public key only');
    const { kty, crv, x, y, e, n } = jwk;
    const publicJwk = Object.fromEntries(Object.entries({ kty, crv, x, y, e, n }).filter(([, value]) => value !== undefined));
    return { jwk: publicJwk as JWK, holderId: `did:jwk:${Buffer.from(canonicalize(publicJwk)!).toString('base64url')}` };
  }
  throw new OAuthError('invalid_proof', 'The proof must name its key: a did:key kid, or a jwk header');
}
