import { describe, expect, it } from 'vitest';
import { SignJWT, jwtVerify } from 'jose';
import { createPublicKey } from 'node:crypto';
import { buildAchievement, buildAchievementCredential, buildIssuerProfile, type JsonObject } from '../../src/domain/open-badges.js';
import { credentialOfVcJwt, signVcJwt } from '../../src/proof/vc-jwt.js';
import { testSigner } from '../support/signer.js';
import { PLACEMENT_ACHIEVEMENT, SCHOOL } from '../support/api.js';

/** The VC-JWT as jose's SignJWT makes it (what signVcJwt did before signing the compact JWS itself). */
async function joseVcJwt(credential: JsonObject, signer: ReturnType<typeof testSigner>): Promise<string> {
  const { proof: _proof, ...payload } = credential;
  const jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: 'EdDSA', kid: signer.id, typ: 'JWT' })
    .setIssuer(String((credential.issuer as JsonObject).id))
    .setJti(String(credential.id))
    .setNotBefore(new Date(String(credential.validFrom)));
  const subjectId = (credential.credentialSubject as JsonObject).id;
  if (typeof subjectId === 'string') jwt.setSubject(subjectId);
  if (typeof credential.validUntil === 'string') jwt.setExpirationTime(new Date(credential.validUntil));
  return jwt.sign(signer.privateKey);
}

describe('VC-JWT', () => {
  const signer = testSigner();
  const { slug: _slug, ...profile } = SCHOOL;
  const issuer = buildIssuerProfile({ id: signer.issuer, profile });
  const achievement = buildAchievement({ id: 'https://mobicred.test/achievements/1', creator: issuer, achievement: PLACEMENT_ACHIEVEMENT as never });
  const credentials = ['Léa Martin', '李小龍', 'O’Brien "the cook"', 'x'.repeat(3000)].flatMap((name, index) =>
    [false, true].map((variant) => {
      const credential = buildAchievementCredential({
        id: `https://mobicred.test/credentials/${index}-${variant}`,
        issuer,
        achievement,
        recipient: { email: `p${index}@example.org`, salt: `s${index}`, displayName: name },
        validFrom: '2026-07-01T08:30:15Z',
        ...(variant ? { validUntil: '2031-07-01T00:00:00Z' } : {}),
      });
      // Wallet copies have the holder's DID as the subject id (then `sub`).
      if (variant) (credential.credentialSubject as JsonObject).id = `did:key:z6Mk${index}`;
      return credential;
    }),
  );

  it('when credentials are signed, then the JWTs are byte for byte those of jose’s SignJWT, verify with jose, and give the credential back', async () => {
    for (const credential of credentials) {
      const jwt = await signVcJwt({ credential, signer });
      expect(jwt).toBe(await joseVcJwt(credential, signer));
      const { payload } = await jwtVerify(jwt, createPublicKey(signer.privateKey), { issuer: signer.issuer });
      expect(payload.jti).toBe(credential.id);
      expect(credentialOfVcJwt(jwt)).toEqual(credential);
    }
  });
});
