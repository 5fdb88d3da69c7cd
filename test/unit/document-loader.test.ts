import { describe, expect, it } from 'vitest';
import { createDocumentLoader, DocumentNotFoundError } from '../../src/proof/document-loader.js';
import { OB_CREDENTIAL_CONTEXT } from '../../src/domain/open-badges.js';

describe('offline document loader', () => {
  it('when asked for every context a credential uses, then each comes from a bundled package', async () => {
    const load = createDocumentLoader();
    for (const url of [...OB_CREDENTIAL_CONTEXT, 'https://w3id.org/security/data-integrity/v2', 'https://w3id.org/security/multikey/v1', 'https://www.w3.org/ns/did/v1']) {
      const { document } = await load(url);
      expect(document, url).toHaveProperty('@context');
    }
  });

  it('when asked for any other URL, then it refuses without a request', async () => {
    const load = createDocumentLoader();
    await expect(load('https://example.org/context.json')).rejects.toBeInstanceOf(DocumentNotFoundError);
    await expect(load('did:web:example.org')).rejects.toBeInstanceOf(DocumentNotFoundError);
  });

  it('when a DID resolver is given, then a verification method resolves to its entry with the DID context', async () => {
    const didDocument = {
      '@context': ['https://www.w3.org/ns/did/v1'],
      id: 'did:web:a',
      verificationMethod: [{ id: 'did:web:a#k1', type: 'Multikey', controller: 'did:web:a', publicKeyMultibase: 'z6Mk' }],
    };
    const load = createDocumentLoader({ resolveDid: async (did) => (did === 'did:web:a' ? didDocument : undefined) });
    expect((await load('did:web:a')).document).toBe(didDocument);
    expect((await load('did:web:a#k1')).document).toEqual({ '@context': didDocument['@context'], ...didDocument.verificationMethod[0] });
    await expect(load('did:web:a#k2')).rejects.toBeInstanceOf(DocumentNotFoundError);
    await expect(load('did:web:b')).rejects.toBeInstanceOf(DocumentNotFoundError);
  });
});
