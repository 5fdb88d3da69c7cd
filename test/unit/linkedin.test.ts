import { describe, expect, it } from 'vitest';
import { linkedInAddToProfileUrl } from '../../src/domain/linkedin.js';

describe('LinkedIn add-to-profile link', () => {
  it('when built for a credential, then it names the certification, the school, the issue and expiry months and the credential', () => {
    const url = new URL(
      linkedInAddToProfileUrl({
        id: 'https://badges.example.fr/credentials/6a1e0f39',
        name: 'Unité facultative de mobilité',
        issuer: { id: 'did:web:badges.example.fr:issuers:lp', name: 'Lycée professionnel Jean Moulin' },
        validFrom: '2026-07-03T00:00:00Z',
        awardedDate: '2026-07-02T00:00:00Z',
        validUntil: '2031-01-15T00:00:00Z',
        credentialSubject: { achievement: { name: 'ignored when the credential has a name' } },
      }),
    );
    expect(url.origin + url.pathname).toBe('https://www.linkedin.com/profile/add');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'Unité facultative de mobilité',
      organizationName: 'Lycée professionnel Jean Moulin',
      issueYear: '2026',
      issueMonth: '7',
      certUrl: 'https://badges.example.fr/credentials/6a1e0f39',
      certId: '6a1e0f39',
      expirationYear: '2031',
      expirationMonth: '1',
    });
  });
});
