import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

interface GeneratedKeyPair {
  publicJwk: JWK;
  publicKeyMultibase: string;
  /** RFC 7638 thumbprint of the public JWK: a stable, collision-free key name. */
  thumbprint: string;
  /** PKCS#8 DER: the only form in which a private key leaves this module, and only to be sealed. */
  privateKeyPkcs8: Buffer;
}

export async function generateEd25519KeyPair(): Promise<GeneratedKeyPair> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicJwk = publicKey.export({ format: 'jwk' }) as JWK;
  const { publicKeyMultibase } = await Ed25519Multikey.fromJwk({ jwk: publicJwk });
  return {
    publicJwk,
    publicKeyMultibase,
    thumbprint: await calculateJwkThumbprint(publicJwk, 'sha256'),
    privateKeyPkcs8: privateKey.export({ format: 'der', type: 'pkcs8' }),
  };
}

export function importPrivateKey(pkcs8: Buffer): KeyObject {
  return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
}
