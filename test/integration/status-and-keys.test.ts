import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { sql } from 'kysely';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi } from '../support/api.js';
import { officialOpenBadgeValidator, openApiResponseValidator } from '../support/oracles.js';
import { verifierDocumentLoader, verifyDataIntegrity } from '../support/verifier.js';

const validateOpenBadge = officialOpenBadgeValidator();
const validateResponse = openApiResponseValidator();

/** Reads bit `index` of a served encodedList by hand: base64url after "u", gunzip, MSB first. */
function servedBit(encodedList: string, index: number): boolean {
  expect(encodedList.startsWith('u')).toBe(true);
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  expect(bytes.length).toBeGreaterThanOrEqual(16_384);
  return ((bytes[Math.floor(index / 8)]! >> (7 - (index % 8))) & 1) === 1;
}

function countSetBits(encodedList: string): number {
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  let count = 0;
  for (const byte of bytes) for (let bit = 0; bit < 8; bit += 1) count += (byte >> bit) & 1;
  return count;
}

describe.each(BACKENDS)('status and keys on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let issuer: { id: string; slug: string; did: string };
  let achievementId: string;

  beforeAll(async () => {
    service = await startTestService(backend);
    api = adminApi(service);
    issuer = await api.createIssuer();
    achievementId = (await api.createAchievement(issuer.id)).id;
  });
  afterAll(() => service.close());

  async function issue(statusPurpose?: 'revocation' | 'suspension', email = 'learner@example.org') {
    const res = await api.post('/v1/credentials', { achievementId, recipient: { email }, ...(statusPurpose ? { statusPurpose } : {}) });
    expect(res.status).toBe(201);
    return res.body as { id: string; credential: Record<string, any>; jwt: string };
  }
  const change = (id: string, action: string, body: object = { reason: 'Issued to the wrong learner' }) =>
    api.post(`/v1/credentials/${id}/${action}`, body);
  const servedList = async (url: string) => {
    const res = await request(service.app).get(new URL(url).pathname).expect(200);
    return { res, credential: JSON.parse(res.text) };
  };
  const verdict = async (id: string) => (await request(service.app).get(`/credentials/${id}/verification`).expect(200)).body;
  const didDocument = async () => (await request(service.app).get(`/issuers/${issuer.slug}/did.json`)).body;

  it('when credentials are revoked, suspended and reinstated, then the served lists have exactly those bits set', async () => {
    const revoked = await issue();
    const suspended = await issue('suspension');
    const reinstated = await issue('suspension');
    const untouched = await issue();
    for (const { credential } of [revoked, suspended, reinstated, untouched]) {
      expect(validateOpenBadge(credential).errors).toBeNull();
      expect(credential.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusListIndex: expect.stringMatching(/^\d+$/) });
      expect(credential.credentialStatus.id).toBe(`${credential.credentialStatus.statusListCredential}#${credential.credentialStatus.statusListIndex}`);
    }

    expect((await change(revoked.id, 'revoke', { reason: 'Issued to the wrong learner', publicReason: 'Issued in error' })).status).toBe(200);
    expect((await change(suspended.id, 'suspend', { reason: 'Complaint under review' })).status).toBe(200);
    expect((await change(reinstated.id, 'suspend', { reason: 'Complaint under review' })).status).toBe(200);
    const back = await change(reinstated.id, 'reinstate', { reason: 'Complaint dismissed' });
    expect(back.status).toBe(200);
    expect(back.body.status).toMatchObject({ purpose: 'suspension', state: 'active' });
    expect(validateResponse({ path: '/v1/credentials/{id}/reinstate', method: 'POST', status: 200, contentType: back.headers['content-type'], body: back.body }).errors).toBeNull();

    const revocationList = (await servedList(revoked.credential.credentialStatus.statusListCredential)).credential;
    const suspensionList = (await servedList(suspended.credential.credentialStatus.statusListCredential)).credential;
    expect(revocationList.credentialSubject.statusPurpose).toBe('revocation');
    expect(suspensionList.credentialSubject.statusPurpose).toBe('suspension');
    const index = (issued: { credential: Record<string, any> }) => Number(issued.credential.credentialStatus.statusListIndex);
    expect(servedBit(revocationList.credentialSubject.encodedList, index(revoked))).toBe(true);
    expect(servedBit(revocationList.credentialSubject.encodedList, index(untouched))).toBe(false);
    expect(servedBit(suspensionList.credentialSubject.encodedList, index(suspended))).toBe(true);
    expect(servedBit(suspensionList.credentialSubject.encodedList, index(reinstated))).toBe(false);
    expect(countSetBits(revocationList.credentialSubject.encodedList)).toBe(1);
    expect(countSetBits(suspensionList.credentialSubject.encodedList)).toBe(1);

    // The reference status checker, reading the same served lists, agrees with our verdicts.
    const did = await didDocument();
    const expected = new Map([[revoked, 'revoked'], [suspended, 'suspended'], [reinstated, 'valid'], [untouched, 'valid']]);
    for (const [issued, expectedVerdict] of expected) {
      const documentLoader = verifierDocumentLoader(did, {
        [revocationList.id]: revocationList,
        [suspensionList.id]: suspensionList,
      });
      const reference = await checkStatus({
        credential: issued.credential,
        documentLoader,
        suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
        verifyBitstringStatusListCredential: true,
        verifyMatchingIssuers: true,
      });
      expect(reference.verified, JSON.stringify(reference.error)).toBe(true);
      expect(reference.results?.[0]?.status).toBe(expectedVerdict !== 'valid');
      const ours = await verdict(issued.id);
      expect(ours.verdict).toBe(expectedVerdict);
      expect(validateResponse({ path: '/credentials/{id}/verification', method: 'GET', status: 200, contentType: 'application/json', body: ours }).errors).toBeNull();
    }
  });

  it('when a status change is not allowed, then it is a 4xx problem and nothing changes', async () => {
    const revocable = await issue();
    const suspendable = await issue('suspension');
    const { rows: before } = await sql<{ n: string }>`select count(*) as n from audit_events`.execute(service.ctx.db);
    const refusals = [
      [await change(revocable.id, 'suspend'), 409],
      [await change(revocable.id, 'reinstate'), 409],
      [await change(suspendable.id, 'reinstate'), 409],
      [await change(revocable.id, 'revoke', {}), 400],
      [await change(revocable.id, 'revoke', { reason: 'x', extra: 1 }), 400],
      [await change('00000000-0000-4000-8000-000000000000', 'revoke'), 404],
    ] as const;
    for (const [res, status] of refusals) {
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const { rows: after } = await sql<{ n: string }>`select count(*) as n from audit_events`.execute(service.ctx.db);
    expect(after).toEqual(before);
    expect((await verdict(revocable.id)).verdict).toBe('valid');

    expect((await change(revocable.id, 'revoke')).status).toBe(200);
    expect((await change(revocable.id, 'revoke')).status).toBe(409);
    expect((await change(suspendable.id, 'revoke')).status).toBe(200);
    expect((await change(suspendable.id, 'reinstate')).status).toBe(409);
    expect((await verdict(suspendable.id)).verdict).toBe('revoked');
  });

  it('when a status changes, then it is audited with who, when and why, and the public reason is shown', async () => {
    const issued = await issue();
    await change(issued.id, 'revoke', { reason: 'Duplicate of another badge', publicReason: 'Issued in error' });
    const { rows } = await sql<{ actor: string; action: string; details: Record<string, unknown>; occurred_at: Date }>`
      select actor, action, details, occurred_at from audit_events where subject_id = ${issued.id} order by id`.execute(service.ctx.db);
    expect(rows.map((row) => row.action)).toEqual(['credential.issued', 'credential.revoked']);
    expect(rows[1]!.details).toMatchObject({ reason: 'Duplicate of another badge', publicReason: 'Issued in error', from: 'active', to: 'revoked' });
    expect(rows[1]!.actor).toMatch(/^[0-9a-f-]{36}$/);
    const record = await api.get(`/v1/credentials/${issued.id}`).expect(200);
    expect(record.body.status).toMatchObject({ state: 'revoked', publicReason: 'Issued in error', changedAt: expect.any(String) });
  });

  it('when a list is fetched again, then its ETag revalidates until a status change replaces it', async () => {
    const issued = await issue();
    const path = new URL(issued.credential.credentialStatus.statusListCredential).pathname;
    const first = await request(service.app).get(path).expect(200);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    expect(first.headers['content-type']).toMatch(/^application\/vc\+ld\+json/);
    const etag = first.headers.etag!;
    await request(service.app).get(path).set('If-None-Match', etag).expect(304);
    await change(issued.id, 'revoke');
    const second = await request(service.app).get(path).set('If-None-Match', etag).expect(200);
    expect(second.headers.etag).not.toBe(etag);
    expect(servedBit(JSON.parse(second.text).credentialSubject.encodedList, Number(issued.credential.credentialStatus.statusListIndex))).toBe(true);
  });

  it('when the key is rotated, then old and new credentials verify; once the old key is compromised, its credentials are reported', async () => {
    const before = await issue(undefined, 'before@example.org');
    const rotated = await api.post(`/v1/issuers/${issuer.id}/keys/rotate`, {});
    expect(rotated.status).toBe(200);
    expect(rotated.body.keys.map((key: { status: string }) => key.status)).toEqual(['retired', 'active']);
    const after = await issue(undefined, 'after@example.org');
    const [oldKey, newKey] = rotated.body.keys.map((key: { verificationMethod: string }) => key.verificationMethod);
    expect(before.credential.proof[0].verificationMethod).toBe(oldKey);
    expect(after.credential.proof[0].verificationMethod).toBe(newKey);

    const jwks = createLocalJWKSet((await request(service.app).get(`/issuers/${issuer.slug}/jwks.json`)).body);
    for (const issued of [before, after]) {
      expect((await verifyDataIntegrity(service.app, issued.credential, await didDocument())).verified).toBe(true);
      await expect(jwtVerify(issued.jwt, jwks)).resolves.toBeDefined();
      expect((await verdict(issued.id)).verdict).toBe('valid');
    }

    const compromised = await api.post(`/v1/issuers/${issuer.id}/keys/compromise`, {
      verificationMethod: oldKey,
      compromisedAt: '2026-01-01T00:00:00Z',
      reason: 'Laptop stolen',
    });
    expect(compromised.status).toBe(200);
    const did = await didDocument();
    expect(did.verificationMethod.map((method: { id: string }) => method.id)).toContain(oldKey);
    expect(did.assertionMethod).toEqual([newKey]);
    expect((await request(service.app).get(`/issuers/${issuer.slug}/jwks.json`)).body.keys.map((key: { kid: string }) => key.kid)).toEqual([newKey]);

    const report = await verdict(before.id);
    expect(report.verdict).toBe('key-compromised');
    expect(report.checks).toContainEqual(expect.objectContaining({ check: 'proof', outcome: 'passed' }));
    expect(report.checks).toContainEqual(expect.objectContaining({ check: 'issuer-key', outcome: 'failed' }));
    expect((await verifyDataIntegrity(service.app, before.credential, did)).verified).toBe(false);
    expect((await verdict(after.id)).verdict).toBe('valid');
  });

  it('when the active key is reported compromised, then a new key takes over at once', async () => {
    const current = (await api.get(`/v1/issuers/${issuer.id}`)).body.keys.find((key: { status: string }) => key.status === 'active');
    const res = await api.post(`/v1/issuers/${issuer.id}/keys/compromise`, { verificationMethod: current.verificationMethod, reason: 'Leaked' });
    expect(res.status).toBe(200);
    const active = res.body.keys.filter((key: { status: string }) => key.status === 'active');
    expect(active).toHaveLength(1);
    expect(active[0].verificationMethod).not.toBe(current.verificationMethod);
    expect((await issue()).credential.proof[0].verificationMethod).toBe(active[0].verificationMethod);
    expect((await api.post(`/v1/issuers/${issuer.id}/keys/compromise`, { verificationMethod: `${issuer.did}#${'A'.repeat(43)}`, reason: 'x' })).status).toBe(404);
  });
});
