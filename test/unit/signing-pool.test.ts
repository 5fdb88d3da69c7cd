import { afterAll, describe, expect, it } from 'vitest';
import { testSigner } from '../support/signer.js';
import { buildAchievement, buildAchievementCredential, buildIssuerProfile } from '../../src/domain/open-badges.js';
import { createDocumentLoader } from '../../src/proof/document-loader.js';
import { inProcessSigning, signingPool } from '../../src/proof/signing-pool.js';

describe('signing on worker threads', () => {
  const pool = signingPool(2);
  afterAll(() => pool.close());
  const signer = testSigner();
  const names = ['Léa Martin', 'Zoë Ødegård', '李小龍', 'محمد', 'O\u2019Brien "the cook"', 'x'.repeat(2000)];

  it('when varied credentials are signed concurrently on the pool, then each is byte-identical to signing in process', async () => {
    const local = inProcessSigning(createDocumentLoader());
    const credentials = names.flatMap((name, index) => {
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
    const [pooled, inProcess] = await Promise.all([
      Promise.all(credentials.map((credential) => pool.sign({ credential, signer, created }))),
      Promise.all(credentials.map((credential) => local.sign({ credential, signer, created }))),
    ]);
    expect(pooled).toHaveLength(credentials.length);
    expect(JSON.stringify(pooled)).toBe(JSON.stringify(inProcess));
  });
});
