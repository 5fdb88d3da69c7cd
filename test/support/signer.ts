import { generateKeyPairSync, sign } from 'node:crypto';
import type { IssuerSigner } from '../../src/proof/signer.js';

/** A throwaway Ed25519 signer for an example issuer, for tests that sign without a service. */
export function testSigner(issuer = 'did:web:example.org:issuers:lp'): IssuerSigner {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    id: `${issuer}#key`,
    algorithm: 'Ed25519',
    issuer,
    privateKey,
    sign: async ({ data }) => new Uint8Array(sign(null, data, privateKey)),
  };
}
