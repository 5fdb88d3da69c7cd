import { describe, expect, it } from 'vitest';
import * as vc from '@digitalbazaar/vc';
import { createDocumentLoader } from '../../src/proof/document-loader.js';
import { LINKED_DATA_SUITES } from '../../src/proof/linked-data-suites.js';

/** Every blank node linked to every other: the poison graph that makes naive RDF canonicalization factorial. */
function cliqueCredential(size: number, proof: Record<string, unknown>) {
  const didKey = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
  const nodes = Array.from({ length: size }, (_, i) => ({
    '@id': `_:b${i}`,
    'https://example.org/knows': Array.from({ length: size - 1 }, (_, j) => ({ '@id': `_:b${(i + j + 1) % size}` })),
  }));
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', ...(proof.type === 'Ed25519Signature2020' ? ['https://w3id.org/security/suites/ed25519-2020/v1'] : [])],
    type: ['VerifiableCredential'],
    issuer: didKey,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { 'https://example.org/graph': { '@included': nodes } },
    proof: { ...proof, verificationMethod: `${didKey}#${didKey.slice('did:key:'.length)}`, proofPurpose: 'assertionMethod', created: '2026-01-01T00:00:00Z', proofValue: 'z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKods5D2UAUL5n2Brbx' },
  };
}

describe('linked-data suites and poison graphs', () => {
  // Unguarded, the 8-node clique takes URDNA2015 ~20 s here; guarded, a fraction of a second.
  it.each(LINKED_DATA_SUITES.map((suite) => [suite.id, suite] as const))('when a %s proof covers a blank-node clique, then canonicalization stops at its deep-iteration guard', async (_id, suite) => {
    const proof = suite.id === 'Ed25519Signature2020' ? { type: 'Ed25519Signature2020' } : { type: 'DataIntegrityProof', cryptosuite: suite.id };
    const result = await vc.verifyCredential({
      credential: cliqueCredential(8, proof),
      suite: suite.suite(),
      documentLoader: createDocumentLoader(),
      checkStatus: async () => ({ verified: true }),
    });
    expect(result.verified).toBe(false);
    expect(JSON.stringify(result, Object.getOwnPropertyNames(new Error()).concat(Object.keys(result)))).toMatch(/[Mm]aximum deep iterations/);
  });
});
