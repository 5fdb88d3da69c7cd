import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi } from '../support/api.js';
import { provenProofsMemory } from '../../src/verify/proven-proofs.js';

/**
 * Verification remembers the Data Integrity proofs of hosted issuers it found valid (by document hash): a
 * second verification of the same bytes skips the canonicalization, and nothing else changes — altered
 * bytes, a compromised key, a revocation are all still seen.
 */
describe.each(BACKENDS)('remembered proofs on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let issuerId: string;
  let achievementId: string;
  const lookups = { hits: 0, misses: 0 };

  beforeAll(async () => {
    service = await startTestService(backend, { verifyRequestsPerMinute: 10_000 });
    api = adminApi(service);
    issuerId = (await api.createIssuer()).id;
    achievementId = (await api.createAchievement(issuerId)).id;
    const memory = provenProofsMemory();
    service.ctx.provenProofs = {
      has: (hash) => (memory.has(hash) ? (lookups.hits += 1) > 0 : (lookups.misses += 1) < 0),
      add: (hash) => memory.add(hash),
    };
  });
  afterAll(() => service.close());

  const report = async (id: string) => (await request(service.app).get(`/credentials/${id}/verification`)).body;
  /** The checks without their timestamps: what a verifier learns. */
  const checks = (body: any) => ({ verdict: body.verdict, checks: body.checks });

  it('when a credential is verified twice, then the second time reuses the proof and the report is the same as a full verification', async () => {
    const { id } = (await api.post('/v1/credentials', { achievementId, recipient: { email: 'lea@example.org' } })).body;
    const first = await report(id);
    expect(lookups).toMatchObject({ hits: 0 });
    const second = await report(id);
    expect(lookups.hits).toBe(1);
    expect(checks(second)).toEqual(checks(first));
    expect(second.verdict).toBe('valid');

    const tampered = structuredClone((await api.get(`/v1/credentials/${id}`)).body.credential);
    tampered.credentialSubject.achievement.name = 'Master chef';
    const hitsBefore = lookups.hits;
    expect((await request(service.app).post('/v1/verify').send(tampered)).body.verdict).toBe('not-authentic');
    expect(lookups.hits).toBe(hitsBefore);
  });

  it('when the key is compromised or the credential revoked after a remembered verification, then the verdict says so', async () => {
    const { id, credential } = (await api.post('/v1/credentials', { achievementId, recipient: { email: 'tom@example.org' } })).body;
    expect((await report(id)).verdict).toBe('valid');
    await api.post(`/v1/credentials/${id}/revoke`, { reason: 'error' }).expect(200);
    expect((await report(id)).verdict).toBe('revoked');

    const other = (await api.post('/v1/credentials', { achievementId, recipient: { email: 'ana@example.org' } })).body;
    expect((await report(other.id)).verdict).toBe('valid');
    await api.post(`/v1/issuers/${issuerId}/keys/rotate`, {}).expect(200);
    await api.post(`/v1/issuers/${issuerId}/keys/compromise`, { verificationMethod: credential.proof[0].verificationMethod, reason: 'stolen laptop' }).expect(200);
    const hitsBefore = lookups.hits;
    expect((await report(other.id)).verdict).toBe('key-compromised');
    expect(lookups.hits).toBe(hitsBefore + 1);
  });
});
