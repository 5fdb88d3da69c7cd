import { describe, expect, it } from 'vitest';
import { budgetExcess, INPUT_BUDGET } from '../../src/verify/input-budget.js';
import { buildAchievement, buildAchievementCredential, buildIssuerProfile } from '../../src/domain/open-badges.js';

const OB_CONTEXTS = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];

/** A credential as large as real ones get: every optional field, long texts, many results, five embedded endorsements. */
function largeRealisticCredential(): Record<string, unknown> {
  const issuer = buildIssuerProfile({ id: 'did:web:mobicred.example:issuers:lp', profile: { name: 'Lycée professionnel Jean Moulin', url: 'https://lp.example.fr' } });
  const achievement = buildAchievement({
    id: 'https://mobicred.example/achievements/1',
    creator: issuer,
    achievement: { name: 'Stage', description: 'é'.repeat(5000), criteria: { narrative: 'x'.repeat(5000) }, tag: Array.from({ length: 50 }, (_, i) => `tag ${i}`) },
  });
  const credential = buildAchievementCredential({
    id: 'https://mobicred.example/credentials/1',
    issuer,
    achievement,
    recipient: { email: 'lea@example.org', salt: 'salt', displayName: 'Léa Martin' },
    validFrom: '2026-07-01T00:00:00Z',
  }) as Record<string, unknown>;
  const endorsement = { '@context': OB_CONTEXTS, type: ['VerifiableCredential', 'EndorsementCredential'], credentialSubject: { type: ['EndorsementSubject'], endorsementComment: 'Très bien' } };
  return { ...credential, endorsement: Array.from({ length: 5 }, () => endorsement), proof: [{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' }] };
}

describe('the input budget of a submitted credential', () => {
  it('when a credential is as large as real ones get, then it is within the budget', () => {
    expect(budgetExcess(largeRealisticCredential())).toBeUndefined();
  });

  it('when a credential carries 2,000 inline contexts (70 kB), then it is refused at its @context', () => {
    const contexts = Array.from({ length: 2000 }, (_, i) => ({ [`t${i}`]: `https://example.org/t${i}` }));
    expect(budgetExcess({ ...largeRealisticCredential(), '@context': [...OB_CONTEXTS, ...contexts] })).toEqual({
      field: '/@context',
      message: `brings the document's @context entries past ${INPUT_BUDGET.maxContextEntries}`,
    });
  });

  it('when contexts are nested in scoped term definitions, then every one counts', () => {
    let context: Record<string, unknown> = { leaf: 'https://example.org/leaf' };
    for (let level = 40; level > 0; level -= 1) context = { [`s${level}`]: { '@id': `https://example.org/s${level}`, '@context': context } };
    expect(budgetExcess({ '@context': [...OB_CONTEXTS, context] })?.message).toMatch(/@context entries past 32|nested deeper/);
  });

  it('when a few inline contexts define thousands of terms, then their size is refused', () => {
    const big = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`term${i}`, `https://example.org/vocabulary#term${i}`]));
    expect(budgetExcess({ '@context': [...OB_CONTEXTS, big] })?.message).toBe(`brings the document's contexts past ${INPUT_BUDGET.maxContextCharacters} characters`);
  });

  it('when a document is nested 10,000 levels deep, then it is refused without recursion, at the level where it passed the limit', () => {
    let node: unknown = 'bottom';
    for (let level = 0; level < 10_000; level += 1) node = { narrative: node };
    const excess = budgetExcess({ credentialSubject: node });
    expect(excess?.message).toBe(`is nested deeper than ${INPUT_BUDGET.maxDepth} levels`);
    expect(excess?.field.split('/')).toHaveLength(INPUT_BUDGET.maxDepth + 1);
  });

  it('when a document holds more values than the budget, then it is refused', () => {
    const items = Array.from({ length: INPUT_BUDGET.maxValues }, (_, i) => i);
    expect(budgetExcess({ credentialSubject: { items } })?.message).toBe(`holds more than ${INPUT_BUDGET.maxValues} values`);
    expect(budgetExcess({ credentialSubject: { items: items.slice(0, INPUT_BUDGET.maxValues - 10) } })).toBeUndefined();
  });

  it('when a key holds a slash or a tilde, then the field is a proper JSON Pointer', () => {
    let node: unknown = 'x';
    for (let level = 0; level < 40; level += 1) node = { 'a/b~c': node };
    expect(budgetExcess(node)?.field.startsWith('/a~1b~0c/a~1b~0c')).toBe(true);
  });
});
