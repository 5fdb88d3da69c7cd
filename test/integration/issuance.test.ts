import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { sql } from 'kysely';
import { createLocalJWKSet, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { BACKENDS } from '../support/backends.js';
import { startTestService, TEST_BASE_URL, type TestService } from '../support/service.js';
import { adminApi } from '../support/api.js';
import { officialOpenBadgeValidator, openApiResponseValidator } from '../support/oracles.js';
import { verifyDataIntegrity } from '../support/verifier.js';
import { hashRecipientIdentity } from '../../src/domain/open-badges.js';

const validateOpenBadge = officialOpenBadgeValidator();
const validateResponse = openApiResponseValidator();

const METRICS_TOKEN = 'scraper-token-0123456789abcdef';

describe.each(BACKENDS)('issuance on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let issuer: { id: string; slug: string; did: string };
  let achievement: { id: string; url: string };

  beforeAll(async () => {
    service = await startTestService(backend, { metricsToken: METRICS_TOKEN });
    api = adminApi(service);
    issuer = await api.createIssuer();
    achievement = await api.createAchievement(issuer.id);
  });
  afterAll(() => service.close());

  async function countRows(table: 'credentials' | 'issuers' | 'achievements' | 'idempotency_keys' | 'audit_events') {
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(service.ctx.db);
    return Number(rows[0]!.n);
  }

  async function issue(body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    return api.post('/v1/credentials', { achievementId: achievement.id, recipient: { email: 'Lea.Martin@example.org' }, ...body }, headers);
  }

  it('when an issuer is created, then its did:web DID document and JWKS publish its Ed25519 key', async () => {
    expect(issuer.did).toBe('did:web:mobicred.test:issuers:lp-jean-moulin');
    const did = await request(service.app).get(`/issuers/${issuer.slug}/did.json`).expect(200);
    expect(did.headers['content-type']).toMatch(/^application\/did\+ld\+json/);
    expect(did.body.verificationMethod).toHaveLength(1);
    expect(did.body.verificationMethod[0]).toMatchObject({ type: 'Multikey', controller: issuer.did });
    expect(did.body.verificationMethod[0].publicKeyMultibase).toMatch(/^z6Mk/);
    expect(did.body.assertionMethod).toEqual([did.body.verificationMethod[0].id]);

    const jwks = await request(service.app).get(`/issuers/${issuer.slug}/jwks.json`).expect(200);
    expect(jwks.body.keys).toEqual([
      expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', kid: did.body.verificationMethod[0].id, alg: 'EdDSA' }),
    ]);
    expect(JSON.stringify(jwks.body)).not.toContain('"d"');
    expect(validateResponse({ path: '/issuers/{slug}/did.json', method: 'GET', status: 200, contentType: did.headers['content-type'], body: did.body }).valid).toBe(true);
  });

  it('when a credential is issued, then it is an OB 3.0 credential the official schema accepts, with both proofs', async () => {
    const res = await issue({ recipient: { email: 'Lea.Martin@example.org', name: 'Léa Martin' }, validUntil: '2031-06-30T00:00:00Z' });
    expect(res.status).toBe(201);
    const check = validateResponse({ path: '/v1/credentials', method: 'POST', status: 201, contentType: res.headers['content-type'], body: res.body });
    expect(check.errors).toBeNull();
    const { credential, jwt, url } = res.body;

    const official = validateOpenBadge(credential);
    expect(official.errors).toBeNull();
    expect(credential.id).toBe(url);
    expect(url).toBe(`${TEST_BASE_URL}/credentials/${res.body.id}`);
    expect(credential.issuer).toMatchObject({
      id: issuer.did,
      type: ['Profile'],
      name: 'Lycée professionnel Jean Moulin',
      otherIdentifier: expect.arrayContaining([{ type: 'IdentifierEntry', identifier: '0690001A', identifierType: 'ext:UAI' }]),
    });
    expect(credential.credentialSubject.achievement.id).toBe(achievement.url);
    expect(credential.proof).toEqual([expect.objectContaining({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' })]);

    // The email is never in the credential, only its salted hash; the disclosed name is.
    const [hashed, named] = credential.credentialSubject.identifier;
    expect(JSON.stringify(credential)).not.toContain('lea.martin@example.org');
    expect(hashed.identityHash).toBe(hashRecipientIdentity('lea.martin@example.org', hashed.salt));
    expect(named).toEqual({ type: 'IdentityObject', hashed: false, identityType: 'name', identityHash: 'Léa Martin' });

    // VC-JWT: the credential is the payload, with registered claims mirrored from it.
    const header = decodeProtectedHeader(jwt);
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'JWT', kid: credential.proof[0].verificationMethod });
    const jwks = (await request(service.app).get(`/issuers/${issuer.slug}/jwks.json`)).body;
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks), { issuer: issuer.did, currentDate: new Date() });
    const { proof: _proof, ...unsigned } = credential;
    expect(payload).toMatchObject({ ...unsigned, jti: credential.id, nbf: Date.parse(credential.validFrom) / 1000, exp: Date.parse('2031-06-30T00:00:00Z') / 1000 });
    expect(validateOpenBadge({ ...payload, proof: credential.proof }).valid).toBe(true);
  });

  it('when a JOSE-only verifier resolves the VC-JWT\'s kid through the DID document alone, then the method found carries a JWK that verifies it', async () => {
    const { jwt } = (await issue({ recipient: { email: 'jose.only@example.org' } })).body;
    const { kid } = decodeProtectedHeader(jwt);
    const [did] = kid!.split('#');
    const didDocument = (await request(service.app).get(`/issuers/${did!.split(':').pop()}/did.json`)).body;
    const method = didDocument.verificationMethod.find((entry: { id: string }) => entry.id === kid);
    expect(method).toMatchObject({ type: 'Multikey', publicKeyMultibase: expect.stringMatching(/^z6Mk/), publicKeyJwk: { kty: 'OKP', crv: 'Ed25519' } });
    expect(didDocument.assertionMethod).toContain(kid);
    const { payload } = await jwtVerify(jwt, await importJWK(method.publicKeyJwk, 'EdDSA'), { issuer: did });
    expect(payload.iss).toBe(did);
  });

  it('when a credential is asked as a VC-JWT only, then it has that proof alone, and verifiers, the page, the badge image and revocation all work from it', async () => {
    const res = await issue({ recipient: { email: 'jwt.only@example.org', name: 'Inès Roux' }, proofFormats: ['jwt_vc_json'] });
    expect(res.status).toBe(201);
    expect(validateResponse({ path: '/v1/credentials', method: 'POST', status: 201, contentType: res.headers['content-type'], body: res.body }).errors).toBeNull();
    expect(res.body).toMatchObject({ credential: null, proofFormats: ['jwt_vc_json'], jwt: expect.any(String) });
    const jwks = createLocalJWKSet((await request(service.app).get(`/issuers/${issuer.slug}/jwks.json`)).body);
    const { payload } = await jwtVerify(res.body.jwt, jwks, { issuer: issuer.did });
    expect(validateOpenBadge(payload).errors).toBeNull();
    expect(payload).toMatchObject({ id: res.body.url, credentialSubject: { achievement: { id: achievement.url } } });

    const path = `/credentials/${res.body.id}`;
    expect((await request(service.app).get(`${path}/verification`)).body).toMatchObject({ verdict: 'valid', format: 'jwt_vc' });
    const asJsonLd = await request(service.app).get(path).set('Accept', 'application/ld+json');
    expect(asJsonLd.status).toBe(406);
    expect(asJsonLd.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await request(service.app).get(path).set('Accept', 'application/vc+jwt')).text).toBe(res.body.jwt);
    const page = await request(service.app).get(path).set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('Inès Roux');
    expect(page.text).toContain(`${path}?format=jwt`);
    expect(page.text).not.toContain(`${path}?format=json`);

    // The baked image carries the VC-JWT, and the verifier reads it from there.
    const baked = await request(service.app).get(`${path}/badge.png`).buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect((baked.body as Buffer).includes(Buffer.from(res.body.jwt))).toBe(true);
    const fromImage = await request(service.app).post('/v1/verify').set('Content-Type', 'image/png').send(baked.body);
    expect(fromImage.body).toMatchObject({ verdict: 'valid', format: 'jwt_vc' });

    await api.post(`/v1/credentials/${res.body.id}/revoke`, { reason: 'issued in error' });
    expect((await request(service.app).get(`${path}/verification`)).body.verdict).toBe('revoked');
  });

  it('when a credential is asked with a Data Integrity proof only, then it has no VC-JWT, and an outside verifier accepts it', async () => {
    const res = await issue({ proofFormats: ['ldp_vc'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ jwt: null, proofFormats: ['ldp_vc'] });
    expect(validateOpenBadge(res.body.credential).errors).toBeNull();
    const didDocument = (await request(service.app).get(`/issuers/${issuer.slug}/did.json`)).body;
    const verified = await verifyDataIntegrity(service.app, res.body.credential, didDocument);
    expect(verified.verified, JSON.stringify(verified.error)).toBe(true);
    const path = `/credentials/${res.body.id}`;
    expect((await request(service.app).get(`${path}/verification`)).body).toMatchObject({ verdict: 'valid', format: 'ldp_vc' });
    expect((await request(service.app).get(path).set('Accept', 'application/vc+jwt')).status).toBe(406);
    expect((await request(service.app).get(`${path}?format=json`)).body).toEqual(res.body.credential);
    const none = await issue({ proofFormats: [] });
    expect(none.status).toBe(400);
    expect(none.body.errors?.[0]?.field ?? none.body.field).toBe('/proofFormats');
  });

  it('when a verifier that is not our code checks the proofs, then they verify, and one changed character breaks both', async () => {
    const { body } = await issue();
    const didDocument = (await request(service.app).get(`/issuers/${issuer.slug}/did.json`)).body;
    const jwks = createLocalJWKSet((await request(service.app).get(`/issuers/${issuer.slug}/jwks.json`)).body);

    const verified = await verifyDataIntegrity(service.app, body.credential, didDocument);
    expect(verified.verified, JSON.stringify(verified.error)).toBe(true);
    await expect(jwtVerify(body.jwt, jwks)).resolves.toBeDefined();

    const tampered = structuredClone(body.credential);
    tampered.credentialSubject.achievement.name = tampered.credentialSubject.achievement.name.replace('P', 'Q');
    expect((await verifyDataIntegrity(service.app, tampered, didDocument)).verified).toBe(false);

    const [head, payload, signature] = body.jwt.split('.');
    const decoded = Buffer.from(payload, 'base64url').toString('utf8').replace('Période', 'Périodf');
    const tamperedJwt = [head, Buffer.from(decoded).toString('base64url'), signature].join('.');
    await expect(jwtVerify(tamperedJwt, jwks)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  it('when the public URL is fetched, then content negotiation serves the JSON-LD credential or its JWT, with no auth', async () => {
    const { body } = await issue();
    const path = `/credentials/${body.id}`;
    const ld = await request(service.app).get(path).expect(200);
    expect(ld.headers['content-type']).toMatch(/^application\/ld\+json/);
    expect(JSON.parse(ld.text)).toEqual(body.credential);
    expect(ld.headers['access-control-allow-origin']).toBe('*');

    const vcld = await request(service.app).get(path).set('Accept', 'application/vc+ld+json').expect(200);
    expect(vcld.headers['content-type']).toMatch(/^application\/vc\+ld\+json/);
    const jwt = await request(service.app).get(path).set('Accept', 'application/vc+jwt').expect(200);
    expect(jwt.headers['content-type']).toMatch(/^application\/vc\+jwt/);
    expect(jwt.text).toBe(body.jwt);
    await request(service.app).get(path).set('Accept', 'image/png').expect(406);
    await request(service.app).get('/credentials/not-a-uuid').expect(404);

    const profile = await request(service.app).get(`/issuers/${issuer.slug}`).expect(200);
    expect(profile.body).toMatchObject({ id: issuer.did, type: ['Profile'] });
    const publicAchievement = await request(service.app).get(`/achievements/${achievement.id}`).expect(200);
    expect(publicAchievement.body).toMatchObject({ id: achievement.url, type: ['Achievement'] });
    for (const [pathTemplate, res] of [['/credentials/{id}', ld], ['/issuers/{slug}', profile], ['/achievements/{id}', publicAchievement]] as const) {
      const check = validateResponse({ path: pathTemplate, method: 'GET', status: 200, contentType: res.headers['content-type'], body: JSON.parse(res.text) });
      expect(check.errors).toBeNull();
    }
  });

  it('when a request is retried with the same Idempotency-Key, then the same credential comes back and one is stored', async () => {
    const before = await countRows('credentials');
    const key = `retry-${backend.name}-${Date.now()}`;
    const first = await issue({}, { 'Idempotency-Key': key });
    const second = await issue({}, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await countRows('credentials')).toBe(before + 1);

    const reused = await issue({ recipient: { email: 'someone.else@example.org' } }, { 'Idempotency-Key': key });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ type: 'urn:mobicred:problem:idempotency-key-reused', field: 'Idempotency-Key' });
    expect(await countRows('credentials')).toBe(before + 1);
  });

  it('when concurrent requests share an Idempotency-Key, among others issued at the same moment, then exactly one credential is issued for the key and the others are unaffected', async () => {
    const before = await countRows('credentials');
    const key = `race-${backend.name}-${Date.now()}`;
    // Issued together (group commit): the key's duplicates make the group's transaction fail, and the
    // other credentials must still be issued, each once.
    const [sharing, others] = await Promise.all([
      Promise.all(Array.from({ length: 8 }, () => issue({}, { 'Idempotency-Key': key }))),
      Promise.all(Array.from({ length: 8 }, (_, index) => issue({ recipient: { email: `other-${index}@example.org` } }))),
    ]);
    expect(sharing.map((res) => res.status)).toEqual(Array(8).fill(201));
    expect(new Set(sharing.map((res) => res.body.id)).size).toBe(1);
    expect(others.map((res) => res.status)).toEqual(Array(8).fill(201));
    expect(new Set(others.map((res) => res.body.id)).size).toBe(8);
    expect(new Set([...sharing, ...others].map((res) => res.body.status.statusListIndex)).size).toBe(9);
    expect(await countRows('credentials')).toBe(before + 9);
  });

  it('when credentials are issued in bulk, then each comes back in the order asked, official-schema valid, with proofs an outside verifier accepts', async () => {
    const second = await api.createAchievement(issuer.id, { name: 'Compétences linguistiques — espagnol' });
    const before = await countRows('credentials');
    const items = Array.from({ length: 40 }, (_, index) => ({
      achievementId: index % 3 === 0 ? second.id : achievement.id,
      recipient: { email: `bulk-${index}@example.org`, name: `Élève ${index}` },
      ...(index % 5 === 0 ? { validUntil: '2031-06-30T00:00:00Z' } : {}),
    }));
    const res = await api.post('/v1/credentials/bulk', { credentials: items });
    expect(res.status).toBe(201);
    expect(validateResponse({ path: '/v1/credentials/bulk', method: 'POST', status: 201, contentType: res.headers['content-type'], body: res.body }).errors).toBeNull();
    const issued = res.body.credentials as { id: string; credential: any; jwt: string; status: { statusListIndex: number } }[];
    expect(issued.map((record) => [record.credential.credentialSubject.achievement.id, record.credential.credentialSubject.identifier[1].identityHash])).toEqual(
      items.map((item, index) => [item.achievementId === second.id ? second.url : achievement.url, `Élève ${index}`]),
    );
    expect(new Set(issued.map((record) => record.status.statusListIndex)).size).toBe(40);
    expect(await countRows('credentials')).toBe(before + 40);

    const didDocument = (await request(service.app).get(`/issuers/${issuer.slug}/did.json`)).body;
    const jwks = createLocalJWKSet((await request(service.app).get(`/issuers/${issuer.slug}/jwks.json`)).body);
    for (const record of issued.filter((_, index) => index % 7 === 0)) {
      expect(validateOpenBadge(record.credential).errors).toBeNull();
      const verified = await verifyDataIntegrity(service.app, record.credential, didDocument);
      expect(verified.verified, JSON.stringify(verified.error)).toBe(true);
      await expect(jwtVerify(record.jwt, jwks)).resolves.toBeDefined();
    }
  });

  it('when one item of a bulk request is wrong, then the answer names it and nothing at all is issued', async () => {
    const tables = ['credentials', 'idempotency_keys', 'audit_events'] as const;
    const before = await Promise.all(tables.map(countRows));
    const good = { achievementId: achievement.id, recipient: { email: 'ok@example.org' } };
    const cases = [
      { items: [good, good, { ...good, achievementId: '00000000-0000-4000-8000-000000000000' }], status: 404, field: '/credentials/2/achievementId' },
      { items: [good, { ...good, validFrom: '2026-07-01T00:00:00Z', validUntil: '2026-06-01T00:00:00Z' }, good], status: 400, field: '/credentials/1/validUntil' },
      { items: [good, { achievementId: achievement.id }], status: 400, field: '/credentials/1/recipient' },
      { items: Array(501).fill(good), status: 400, field: '/credentials' },
      { items: [], status: 400, field: '/credentials' },
    ];
    for (const { items, status, field } of cases) {
      const res = await api.post('/v1/credentials/bulk', { credentials: items }, { 'Idempotency-Key': `bad-bulk-${Date.now()}` });
      expect(res.status, field).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.field ?? res.body.errors?.[0]?.field, JSON.stringify(res.body)).toBe(field);
    }
    expect(await Promise.all(tables.map(countRows))).toEqual(before);
  });

  it('when a bulk request is retried with its Idempotency-Key, then the same credentials come back and none is issued twice', async () => {
    const key = `bulk-${backend.name}-${Date.now()}`;
    const items = Array.from({ length: 12 }, (_, index) => ({ achievementId: achievement.id, recipient: { email: `retry-${index}@example.org` } }));
    const before = await countRows('credentials');
    const first = await api.post('/v1/credentials/bulk', { credentials: items }, { 'Idempotency-Key': key });
    const again = await api.post('/v1/credentials/bulk', { credentials: items }, { 'Idempotency-Key': key });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    // A retry that adds items replays the first twelve and issues the new one.
    const longer = await api.post('/v1/credentials/bulk', { credentials: [...items, { achievementId: achievement.id, recipient: { email: 'late@example.org' } }] }, { 'Idempotency-Key': key });
    expect(longer.status).toBe(201);
    expect(longer.headers['idempotent-replayed']).toBeUndefined();
    expect(longer.body.credentials.slice(0, 12)).toEqual(first.body.credentials);
    expect(await countRows('credentials')).toBe(before + 13);
    const changed = await api.post('/v1/credentials/bulk', { credentials: [{ ...items[0], recipient: { email: 'someone.else@example.org' } }] }, { 'Idempotency-Key': key });
    expect(changed.status).toBe(422);
    expect(changed.body).toMatchObject({ type: 'urn:mobicred:problem:idempotency-key-reused', field: 'Idempotency-Key' });
    expect(await countRows('credentials')).toBe(before + 13);
  });

  it('when requests are unauthenticated or malformed, then they get 401/400/415 problem+json and change nothing', async () => {
    const tables = ['credentials', 'issuers', 'achievements', 'idempotency_keys', 'audit_events'] as const;
    const before = await Promise.all(tables.map(countRows));
    const app = request(service.app);
    const cases = [
      { res: await app.post('/v1/credentials').send({ achievementId: achievement.id, recipient: { email: 'a@example.org' } }), status: 401, type: 'unauthorized', field: 'Authorization' },
      { res: await app.post('/v1/issuers').set('Authorization', 'Bearer mbc_wrong').send({ slug: 'x', name: 'X' }), status: 401, type: 'unauthorized', field: 'Authorization' },
      { res: await app.get(`/v1/issuers/${issuer.id}`).set('Authorization', `Basic ${service.adminKey}`), status: 401, type: 'unauthorized', field: 'Authorization' },
      { res: await issue({ recipient: { email: 'not-an-email' } }), status: 400, type: 'validation-failed', field: '/recipient/email' },
      { res: await issue({ achievementId: 'nope' }), status: 400, type: 'validation-failed', field: '/achievementId' },
      { res: await issue({ extra: true }), status: 400, type: 'validation-failed', field: '/extra' },
      { res: await issue({ validFrom: '2030-01-01T00:00:00Z', validUntil: '2029-01-01T00:00:00Z' }), status: 400, type: 'validation-failed', field: '/validUntil' },
      { res: await issue({}, { 'Idempotency-Key': 'bad key with spaces' }), status: 400, type: 'validation-failed', field: 'Idempotency-Key' },
      { res: await issue({ achievementId: '00000000-0000-4000-8000-000000000000' }), status: 404, type: 'not-found', field: '/achievementId' },
      { res: await api.post('/v1/issuers', { slug: 'Not A Slug', name: 'X' }), status: 400, type: 'validation-failed', field: '/slug' },
      { res: await api.post('/v1/issuers', { slug: issuer.slug, name: 'Duplicate' }), status: 409, type: 'conflict', field: '/slug' },
      { res: await api.post('/v1/achievements', { issuerId: issuer.id, name: 'No criteria', description: 'x' }), status: 400, type: 'validation-failed', field: '/criteria' },
      { res: await api.post('/v1/issuers', '{"slug": "x",').set('Content-Type', 'application/json'), status: 400, type: 'malformed-request' },
      { res: await api.post('/v1/issuers', '{"slug":"x","name":"X","__proto__":{"admin":true}}').set('Content-Type', 'application/json'), status: 400, type: 'malformed-request' },
      { res: await api.post('/v1/issuers', 'slug=x').set('Content-Type', 'application/x-www-form-urlencoded'), status: 415, type: 'unsupported-media-type', field: 'Content-Type' },
      { res: await api.post('/v1/issuers', { slug: 'nul-in-name', name: 'a\u0000b' }), status: 400, type: 'malformed-request' },
      { res: await api.post('/v1/issuers', { slug: 'x', name: 'X', description: 'x'.repeat(300_000) }), status: 413, type: 'payload-too-large' },
    ];
    for (const { res, status, type, field } of cases as { res: request.Response; status: number; type: string; field?: string }[]) {
      expect({ status: res.status, type: res.body.type, field: res.body.field }).toEqual({ status, type: `urn:mobicred:problem:${type}`, field });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.text).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(await Promise.all(tables.map(countRows))).toEqual(before);
  });

  it('when anything is issued, then no private key material appears in any response or log line', async () => {
    const { body } = await issue();
    const issuerRecord = await api.get(`/v1/issuers/${issuer.id}`).expect(200);
    const { rows } = await sql<{ sealed_private_key: string }>`select sealed_private_key from issuer_keys`.execute(service.ctx.db);
    const everything = [JSON.stringify(body), JSON.stringify(issuerRecord.body), ...service.logs].join('\n');
    for (const { sealed_private_key } of rows) expect(everything).not.toContain(sealed_private_key.slice(3, 40));
    expect(everything).not.toMatch(/"d"\s*:/);
    expect(everything).not.toContain('PRIVATE KEY');
    expect(everything).not.toContain(service.adminKey);
  });

  it('when /metrics is asked for without its token, then it is refused; on a service without a token, it is not served at all', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-of-the-same-kind-xx', `Bearer ${service.adminKey}`, `Basic ${METRICS_TOKEN}`]) {
      const req = request(service.app).get('/metrics');
      const res = await (authorization ? req.set('Authorization', authorization) : req);
      expect(res.status, authorization).toBe(401);
      expect(res.body.type).toBe('urn:mobicred:problem:unauthorized');
      expect(res.text).not.toContain('mobicred_');
    }
    const untokened = await startTestService(backend);
    try {
      const res = await request(untokened.app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
      expect(res.status).toBe(404);
      expect(res.body.type).toBe('urn:mobicred:problem:not-found');
    } finally {
      await untokened.close();
    }
  });

  it('when an operator scrapes metrics, then issuances and verdicts are counted; responses carry security headers', async () => {
    const { body } = await issue();
    await request(service.app).get(`/credentials/${body.id}/verification`).expect(200);
    const metrics = await request(service.app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(metrics.text).toMatch(/^mobicred_credentials_issued_total\{proof_formats="ldp_vc\+jwt_vc_json"\} [1-9]/m);
    expect(metrics.text).toMatch(/^mobicred_verifications_total\{verdict="valid",format="ldp_vc"\} [1-9]/m);
    expect(metrics.text).toMatch(/^mobicred_issuance_seconds_count/m);
    expect(metrics.text).not.toContain('@example.org');
    expect(metrics.headers['x-content-type-options']).toBe('nosniff');
    const publicDocument = await request(service.app).get(`/credentials/${body.id}`);
    expect(publicDocument.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(publicDocument.headers['strict-transport-security']).toMatch(/max-age=/);
  });

  it('when the audit is tampered with, then the database refuses', async () => {
    expect(await countRows('audit_events')).toBeGreaterThan(0);
    await expect(sql`update audit_events set actor = 'someone else'`.execute(service.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events`.execute(service.ctx.db)).rejects.toThrow(/append-only/);
  });
});
