import { describe, expect, it } from 'vitest';
import {
  buildAchievement,
  buildAchievementCredential,
  buildIssuerProfile,
  hashRecipientIdentity,
  normalizeEmail,
  recipientEmailMatches,
} from '../../src/domain/open-badges.js';
import { officialOpenBadgeValidator } from '../support/oracles.js';

const validate = officialOpenBadgeValidator();

const issuer = buildIssuerProfile({
  id: 'did:web:example.org:issuers:cfa-quebec',
  profile: { name: 'Centre de formation professionnelle de Québec', address: { addressCountryCode: 'CA', addressRegion: 'QC' } },
});
const achievement = buildAchievement({
  id: 'https://example.org/achievements/1',
  creator: issuer,
  achievement: { name: 'Stage en Allemagne', description: 'Two weeks in a partner school', criteria: { narrative: 'Attend' } },
});

describe('recipient hashing', () => {
  it('when hashing the OB 3.0 check vector, then the hash starts b5809d8a', () => {
    expect(hashRecipientIdentity('a@example.com', 'Kosher')).toMatch(/^sha256\$b5809d8a/);
  });

  it('when an email has capitals or spaces, then it is normalised before hashing', () => {
    expect(normalizeEmail('  A@Example.COM ')).toBe('a@example.com');
  });

  it('when an employer types an address, then it matches the signed hash only if it is the recipient\'s, in any case', () => {
    const credential = buildAchievementCredential({
      id: 'https://example.org/credentials/1',
      issuer,
      achievement,
      recipient: { email: 'a@example.com', salt: 'Kosher' },
      validFrom: '2026-07-01T00:00:00Z',
    });
    expect(recipientEmailMatches(credential, ' A@Example.com')).toBe(true);
    expect(recipientEmailMatches(credential, 'b@example.com')).toBe(false);
    const truncated = structuredClone(credential) as any;
    truncated.credentialSubject.identifier[0].identityHash = 'sha256$b5809d8a';
    expect(recipientEmailMatches(truncated, 'a@example.com')).toBe(false);
    const named = structuredClone(credential) as any;
    named.credentialSubject.identifier = [{ type: 'IdentityObject', hashed: false, identityType: 'name', identityHash: 'a@example.com' }];
    expect(recipientEmailMatches(named, 'a@example.com')).toBe(false);
  });
});

describe('buildAchievementCredential', () => {
  const base = {
    id: 'https://example.org/credentials/1',
    issuer,
    achievement,
    recipient: { email: 'a@example.com', salt: 'Kosher' },
    validFrom: '2026-07-01T00:00:00Z',
  };

  it('when built with the minimum, then the official schema accepts it once a proof is attached', () => {
    const credential = buildAchievementCredential(base);
    expect(validate({ ...credential, proof: [{ type: 'DataIntegrityProof' }] }).errors).toBeNull();
    expect(credential).not.toHaveProperty('validUntil');
    expect(credential.credentialSubject).toEqual({
      type: ['AchievementSubject'],
      identifier: [
        { type: 'IdentityObject', hashed: true, identityType: 'emailAddress', identityHash: hashRecipientIdentity('a@example.com', 'Kosher'), salt: 'Kosher' },
      ],
      achievement,
    });
  });

  it('when no display name is given, then no name is disclosed', () => {
    expect(JSON.stringify(buildAchievementCredential(base))).not.toContain('"identityType":"name"');
  });

  it('when the inputs are frozen, then building does not mutate them', () => {
    const frozen = Object.freeze(structuredClone(base));
    expect(() => buildAchievementCredential(frozen)).not.toThrow();
  });

  it('when the official schema sees a credential without issuer, then it rejects it (the oracle can fail)', () => {
    const { issuer: _issuer, ...withoutIssuer } = buildAchievementCredential(base);
    expect(validate({ ...withoutIssuer, proof: [{ type: 'DataIntegrityProof' }] }).valid).toBe(false);
  });
});
