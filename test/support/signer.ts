import { generateKeyPairSync } from 'node:crypto';
import { ed25519Signer, type IssuerSigner } from '../../src/proof/signer.js';

/** A throwaway Ed25519 signer for an example issuer, for tests that sign without a service. */
export function testSigner(issuer = 'did:web:example.org:issuers:lp'): IssuerSigner {
  return ed25519Signer({ id: `${issuer}#key`, issuer, privateKey: generateKeyPairSync('ed25519').privateKey });
}
