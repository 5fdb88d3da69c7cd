import { createPublicKey } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { JWK } from 'jose';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as referenceCryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { buildDidDocument } from '../../src/keys/did-web.js';
import { testSigner } from '../support/signer.js';
import { buildAchievement, buildAchievementCredential, buildIssuerProfile, type JsonObject } from '../../src/domain/open-badges.js';
import { createDocumentLoader } from '../../src/proof/document-loader.js';
import { inProcessProofs, proofThreads } from '../../src/proof/proof-threads.js';
import { ThreadWorkRefusedError } from '../../src/worker-threads.js';

describe('proofs on worker threads', () => {
  const pool = proofThreads(2);
  afterAll(() => pool.close());
  const signer = testSigner();
  const names = ['Léa Martin', 'Zoë Ødegård', '李小龍', 'محمد', 'O\u2019Brien "the cook"', 'x'.repeat(2000)];

  const local = inProcessProofs(createDocumentLoader());
  const variedCredentials = () =>
    names.flatMap((name, index) => {
      const issuer = buildIssuerProfile({ id: signer.issuer, profile: { name: `Lycée ${name.slice(0, 40)}`, ...(index % 2 ? { url: 'https://lp.example.fr' } : {}) } });
      const achievement = buildAchievement({
        id: `https://example.org/achievements/${index}`,
        creator: issuer,
        achievement: { name: `Stage — ${name.slice(0, 60)}`, description: name, criteria: { narrative: `Critère ${index}` }, ...(index % 3 ? { tag: ['a', 'b'] } : {}) },
      });
      return [0, 1].map((variant) =>
        buildAchievementCredential({
          id: `https://example.org/credentials/${index}-${variant}`,
          issuer,
          achievement,
          recipient: { email: `p${index}@example.org`, salt: `salt${index}`, ...(variant ? { displayName: name } : {}) },
          validFrom: '2026-07-01T00:00:00Z',
          ...(variant ? { validUntil: '2031-07-01T00:00:00Z' } : {}),
        }),
      );
    });
  const created = new Date('2026-07-01T12:00:00Z');

  it('when varied credentials are signed concurrently on the pool, then each is byte-identical to signing in process', async () => {
    const credentials = variedCredentials();
    const [pooled, inProcess] = await Promise.all([
      Promise.all(credentials.map((credential) => pool.sign({ credential, signer, created }))),
      Promise.all(credentials.map((credential) => local.sign({ credential, signer, created }))),
    ]);
    expect(pooled).toHaveLength(credentials.length);
    expect(JSON.stringify(pooled)).toBe(JSON.stringify(inProcess));
    // The credentials given are left as they were: the proofs are on copies.
    expect(credentials).toEqual(variedCredentials());
    expect(credentials.some((credential) => 'proof' in credential)).toBe(false);
  });

  it('when signed, altered and foreign credentials are checked on the pool, then each verdict is the one of checking in process and of the reference verifier', async () => {
    const publicJwk = createPublicKey(signer.privateKey).export({ format: 'jwk' }) as JWK;
    const { publicKeyMultibase } = await Ed25519Multikey.fromJwk({ jwk: publicJwk });
    const didDocument = buildDidDocument({ did: signer.issuer, keys: [{ verificationMethod: signer.id, publicKeyMultibase, publicJwk, compromised: false }] }) as JsonObject;
    const otherSigner = testSigner(signer.issuer); // the same DID, a key its document does not list
    const signed = await Promise.all(variedCredentials().map((credential) => local.sign({ credential, signer, created })));
    const documents = [
      ...signed,
      ...signed.map((document) => ({ ...document, id: `${String(document.id)}-altered` })),
      await local.sign({ credential: variedCredentials()[0]!, signer: otherSigner, created }),
    ];
    const reference = async (document: JsonObject) =>
      (
        await vc.verifyCredential({
          credential: document,
          suite: new DataIntegrityProof({ cryptosuite: referenceCryptosuite }),
          documentLoader: createDocumentLoader({ resolveDid: async (did) => (did === signer.issuer ? didDocument : undefined) }),
          checkStatus: async () => ({ verified: true }),
          now: created,
        })
      ).verified === true;
    const [pooled, inProcess, referenceVerdicts] = await Promise.all([
      Promise.all(documents.map((document) => pool.verify({ document, suite: 'eddsa-rdfc-2022', didDocument, now: created }))),
      Promise.all(documents.map((document) => local.verify({ document, suite: 'eddsa-rdfc-2022', didDocument, now: created }))),
      Promise.all(documents.map(reference)),
    ]);
    expect(referenceVerdicts).toEqual([...signed.map(() => true), ...signed.map(() => false), false]);
    expect(pooled).toEqual(referenceVerdicts);
    expect(inProcess).toEqual(referenceVerdicts);
  });

  describe('with a budget (the threads that check submitted documents)', () => {
    const signedOnce = () => local.sign({ credential: variedCredentials()[0]!, signer, created });
    const didDocumentOf = async () => {
      const publicJwk = createPublicKey(signer.privateKey).export({ format: 'jwk' }) as JWK;
      const { publicKeyMultibase } = await Ed25519Multikey.fromJwk({ jwk: publicJwk });
      return buildDidDocument({ did: signer.issuer, keys: [{ verificationMethod: signer.id, publicKeyMultibase, publicJwk, compromised: false }] }) as JsonObject;
    };
    /** Past the input budget on purpose: what the budget keeps away from the threads, should it ever let it through. */
    const manyContexts = (document: JsonObject, count: number): JsonObject => ({
      ...document,
      '@context': [...(document['@context'] as string[]), ...Array.from({ length: count }, (_, i) => ({ [`t${i}`]: `https://example.org/t${i}` }))],
    });

    it('when a document exhausts its thread\'s heap, then that check is refused for memory, the process lives on, and the next check runs on a new thread', async () => {
      const limited = proofThreads(1, { heapMb: 48, timeoutMs: 60_000, maxWaiting: 4 });
      try {
        const [document, didDocument] = await Promise.all([signedOnce(), didDocumentOf()]);
        const refusal = await limited.verify({ document: manyContexts(document, 3000), suite: 'eddsa-rdfc-2022', didDocument, now: created }).catch((error: unknown) => error);
        expect(refusal).toBeInstanceOf(ThreadWorkRefusedError);
        expect((refusal as ThreadWorkRefusedError).reason).toBe('memory');
        expect(await limited.verify({ document, suite: 'eddsa-rdfc-2022', didDocument, now: created })).toBe(true);
      } finally {
        await limited.close();
      }
    });

    it('when a document takes longer than its budget, then that check is refused for time, and the checks waiting behind it run on a new thread', async () => {
      const limited = proofThreads(1, { heapMb: 256, timeoutMs: 300, maxWaiting: 4 });
      try {
        const [document, didDocument] = await Promise.all([signedOnce(), didDocumentOf()]);
        const slow = limited.verify({ document: manyContexts(document, 1500), suite: 'eddsa-rdfc-2022', didDocument, now: created });
        const behind = limited.verify({ document, suite: 'eddsa-rdfc-2022', didDocument, now: created });
        const refusal = await slow.catch((error: unknown) => error);
        expect((refusal as ThreadWorkRefusedError).reason).toBe('time');
        expect(await behind).toBe(true);
      } finally {
        await limited.close();
      }
    });

    it('when more checks wait than the budget allows, then the extra ones are refused as busy at once', async () => {
      const limited = proofThreads(1, { heapMb: 256, timeoutMs: 60_000, maxWaiting: 2 });
      try {
        const [document, didDocument] = await Promise.all([signedOnce(), didDocumentOf()]);
        const checks = Array.from({ length: 5 }, () => limited.verify({ document, suite: 'eddsa-rdfc-2022', didDocument, now: created }).catch((error: unknown) => error));
        const results = await Promise.all(checks);
        expect(results.filter((result) => result === true)).toHaveLength(2);
        expect(results.filter((result) => result instanceof ThreadWorkRefusedError && result.reason === 'busy')).toHaveLength(3);
      } finally {
        await limited.close();
      }
    });
  });
});
