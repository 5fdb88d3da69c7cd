import { decodeJwt } from 'jose';
import type { JsonObject } from '../domain/open-badges.js';
import type { IssuerSigner } from './signer.js';

/**
 * VC-JWT as Open Badges 3.0 defines it: the credential itself is the JWT payload (no `vc` wrapper),
 * with the registered claims mirrored from it: iss, jti, nbf, sub (when the subject has an id), exp.
 * A compact JWS signed by the issuer's signer, as its Data Integrity proofs are: the same bytes as jose's
 * SignJWT (a unit test compares them), without its copies of the payload through a base64url of its own
 * (measured: a tenth of the garbage of a VC-JWT issuance).
 */
export async function signVcJwt(options: { credential: JsonObject; signer: IssuerSigner }): Promise<string> {
  const { credential, signer } = options;
  const { proof: _ignored, ...payload } = credential;
  const subjectId = (credential.credentialSubject as JsonObject | undefined)?.id;
  const claims = {
    ...payload,
    iss: issuerId(credential),
    jti: String(credential.id),
    nbf: epochSeconds(String(credential.validFrom)),
    ...(typeof subjectId === 'string' ? { sub: subjectId } : {}),
    ...(typeof credential.validUntil === 'string' ? { exp: epochSeconds(credential.validUntil) } : {}),
  };
  const signingInput = `${base64url(JSON.stringify({ alg: 'EdDSA', kid: signer.id, typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  const signature = await signer.sign({ data: Buffer.from(signingInput, 'ascii') });
  return `${signingInput}.${Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('base64url')}`;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function epochSeconds(dateTime: string): number {
  return Math.floor(new Date(dateTime).getTime() / 1000);
}

function issuerId(credential: JsonObject): string {
  const issuer = credential.issuer;
  return typeof issuer === 'string' ? issuer : String((issuer as JsonObject).id);
}

/** The claims signVcJwt adds beside the credential's own properties (OB 3.0 never uses these names). */
const REGISTERED_CLAIMS = ['iss', 'jti', 'nbf', 'sub', 'exp'];

/** The credential a VC-JWT carries: its payload without the registered claims mirrored from it. */
export function credentialOfVcJwt(jwt: string): JsonObject {
  const payload = decodeJwt(jwt) as JsonObject;
  return Object.fromEntries(Object.entries(payload).filter(([claim]) => !REGISTERED_CLAIMS.includes(claim)));
}
