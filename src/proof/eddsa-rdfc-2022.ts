import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { templateCanonizer } from './template-canonize.js';

/**
 * The eddsa-rdfc-2022 cryptosuite everything here signs and verifies with: the reference suite, with the
 * template canonicalization (same bytes, so the same proofs and verdicts) and public keys imported once.
 */
export const eddsaRdfc2022Cryptosuite = { ...eddsaRdfc2022, canonize: templateCanonizer().canonize, createVerifier };

/**
 * The reference verifier imports the public key again for every signature it checks, which costs more than
 * the check itself. A key is its bytes, so a key object made once serves every check with the same bytes.
 */
const MAX_PUBLIC_KEYS = 1_000;
const publicKeys = new Map<string, KeyObject>();

async function createVerifier({ verificationMethod }: { verificationMethod: { publicKeyMultibase: string } }) {
  const key = (await Ed25519Multikey.from(verificationMethod)) as { id: string; publicKeyMultibase: string; publicKey: Uint8Array };
  let publicKey = publicKeys.get(key.publicKeyMultibase);
  if (!publicKey) {
    publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key.publicKey).toString('base64url') }, format: 'jwk' });
    if (publicKeys.size >= MAX_PUBLIC_KEYS) publicKeys.clear();
    publicKeys.set(key.publicKeyMultibase, publicKey);
  }
  const checkedKey = publicKey;
  return {
    algorithm: 'Ed25519',
    id: key.id,
    verify: async ({ data, signature }: { data: Uint8Array; signature: Uint8Array }) => verify(null, data, checkedKey, signature),
  };
}
