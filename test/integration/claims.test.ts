import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../support/backends.js';
import { bodyText, startMailbox } from '../support/mailbox.js';
import { TEST_BASE_URL, startTestService, type TestService } from '../support/service.js';
import { adminApi } from '../support/api.js';
import { databaseSnapshot } from '../support/database.js';
import { officialOpenBadgeValidator } from '../support/oracles.js';

const validateOpenBadge = officialOpenBadgeValidator();
const DAY = 24 * 60 * 60 * 1000;

describe.each(BACKENDS)('claim links on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let clock = new Date();
  let achievementId: string;

  beforeAll(async () => {
    mailbox = await startMailbox();
    service = await startTestService(backend, { now: () => clock, smtp: { url: mailbox.url, from: 'mobicred <badges@lp-jean-moulin.example.fr>' } });
    api = adminApi(service);
    achievementId = (await api.createAchievement((await api.createIssuer()).id)).id;
  });
  afterAll(async () => {
    await service.close();
    await mailbox.close();
  });

  const issue = async () => (await api.post('/v1/credentials', { achievementId, recipient: { email: 'lea.martin@example.org', name: 'Léa Martin' } })).body;
  const page = (url: string) => request(service.app).get(url.slice(TEST_BASE_URL.length)).set({ 'Accept-Language': 'fr', Accept: 'text/html' });

  it('when the school sends a claim link, then the learner gets it by email, claims once without their name, and finds everything to take the badge along', async () => {
    const credential = await issue();
    const created = await api.post(`/v1/credentials/${credential.id}/claim-links`, { sendEmail: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ emailed: true, credentialId: credential.id });
    // The link goes to the learner's mailbox only: the school does not get it.
    expect(created.body.url).toBeUndefined();
    const message = mailbox.received.at(-1)!;
    expect(message.to).toEqual(['lea.martin@example.org']);
    expect(message.from).toBe('badges@lp-jean-moulin.example.fr');
    const url = /\S+\/claim\/[A-Za-z0-9_-]+/.exec(bodyText(message.raw))![0];
    expect(url.startsWith(TEST_BASE_URL)).toBe(true);

    const before = await page(url);
    expect(before.status).toBe(200);
    expect(before.text).toContain('Afficher mon nom (Léa Martin)');
    const claimed = await request(service.app).post(new URL(url).pathname).type('form').send({ showName: 'no' });
    expect(claimed.status).toBe(303);
    const after = await page(url);
    expect(after.text).toContain('Ajouter au profil LinkedIn');
    expect(after.text).toContain(`/credentials/${credential.id}/badge.png`);
    expect(after.text).toMatch(/openid-credential-offer:\/\/\?credential_offer=/);

    // The public credential no longer names the learner, and is still valid and signed by the school.
    const published = (await request(service.app).get(`/credentials/${credential.id}`).set('Accept', 'application/ld+json')).body;
    expect(JSON.stringify(published)).not.toContain('Léa Martin');
    expect(published.id).toBe(credential.credential.id);
    expect(published.credentialStatus).toEqual(credential.credential.credentialStatus);
    expect(validateOpenBadge(published).errors).toBeNull();
    expect((await request(service.app).get(`/credentials/${credential.id}/verification`)).body.verdict).toBe('valid');
    const jwtPayload = JSON.parse(Buffer.from((await request(service.app).get(`/credentials/${credential.id}`).set('Accept', 'application/vc+jwt')).text.split('.')[1]!, 'base64url').toString());
    expect(JSON.stringify(jwtPayload)).not.toContain('Léa Martin');

    // One time: a second claim changes nothing.
    const snapshot = await databaseSnapshot(service.ctx.db);
    await request(service.app).post(new URL(url).pathname).type('form').send({ showName: 'yes' }).expect(303);
    const unchanged = await databaseSnapshot(service.ctx.db);
    expect(unchanged.credentials).toEqual(snapshot.credentials);
    expect(unchanged.claim_links).toEqual(snapshot.claim_links);
  });

  it('when a credential issued as a VC-JWT only is claimed without the name, then it is signed again in that format only, and stays valid', async () => {
    const credential = (await api.post('/v1/credentials', { achievementId, recipient: { email: 'ines.roux@example.org', name: 'Inès Roux' }, proofFormats: ['jwt_vc_json'] })).body;
    const created = (await api.post(`/v1/credentials/${credential.id}/claim-links`, {})).body;
    expect((await page(created.url)).text).toContain('Afficher mon nom (Inès Roux)');
    await request(service.app).post(new URL(created.url).pathname).type('form').send({ showName: 'no' }).expect(303);
    const after = await page(created.url);
    expect(after.text).toContain(`/credentials/${credential.id}?format=jwt`);
    expect(after.text).not.toContain(`/credentials/${credential.id}?format=json`);
    const record = (await api.get(`/v1/credentials/${credential.id}`)).body;
    expect(record).toMatchObject({ credential: null, proofFormats: ['jwt_vc_json'] });
    expect(record.jwt).not.toBe(credential.jwt);
    const payload = JSON.parse(Buffer.from(record.jwt.split('.')[1], 'base64url').toString());
    expect(JSON.stringify(payload)).not.toContain('Inès Roux');
    expect(payload.credentialStatus).toEqual(JSON.parse(Buffer.from(credential.jwt.split('.')[1], 'base64url').toString()).credentialStatus);
    expect(validateOpenBadge(payload).errors).toBeNull();
    expect((await request(service.app).get(`/credentials/${credential.id}/verification`)).body).toMatchObject({ verdict: 'valid', format: 'jwt_vc' });
  });

  it('when a learner opens and claims a link, then the request log shows the page without its token', async () => {
    const credential = await issue();
    const { url } = (await api.post(`/v1/credentials/${credential.id}/claim-links`, {})).body;
    const token = new URL(url).pathname.split('/').at(-1)!;
    expect((await page(url)).status).toBe(200);
    expect((await request(service.app).post(new URL(url).pathname).type('form').send({ showName: 'yes' })).status).toBe(303);
    // Log lines are written once each response has closed.
    const logged = () => service.logs.filter((line) => line.includes('/claim/'));
    for (let wait = 0; logged().length < 2 && wait < 100; wait += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(logged().map((line) => JSON.parse(line).req.url)).toEqual(expect.arrayContaining(['/claim/[redacted]']));
    expect(service.logs.join('\n')).not.toContain(token);
  });

  it('when a credential is revoked or suspended, then no Europass export, claim link or wallet offer is made for it, and its claim link stops offering shares', async () => {
    const count = async (table: 'claim_links' | 'credential_offers') => (await databaseSnapshot(service.ctx.db))[table]!.length;
    const credential = await issue();
    const link = (await api.post(`/v1/credentials/${credential.id}/claim-links`, {})).body;
    await request(service.app).post(new URL(link.url).pathname).type('form').send({ showName: 'yes' }).expect(303);
    expect((await page(link.url)).text).toContain('openid-credential-offer');
    await request(service.app).get(`/credentials/${credential.id}/europass`).expect(200);

    await api.post(`/v1/credentials/${credential.id}/revoke`, { reason: 'issued by mistake' }).expect(200);
    const [links, offers] = [await count('claim_links'), await count('credential_offers')];
    const claimPage = await page(link.url);
    expect(claimPage.status).toBe(409);
    expect(claimPage.text).toContain('révoqué ou suspendu');
    expect(claimPage.text).not.toContain('openid-credential-offer');
    const refusedClaim = await request(service.app).post(new URL(link.url).pathname).type('form').send({ showName: 'no' });
    expect(refusedClaim.body).toMatchObject({ status: 409, type: 'urn:mobicred:problem:credential-not-active' });
    for (const refused of [
      await request(service.app).get(`/credentials/${credential.id}/europass`),
      await request(service.app).get(`/credentials/${credential.id}/europass?format=json`),
      await api.post(`/v1/credentials/${credential.id}/claim-links`, {}),
      await api.post(`/v1/credentials/${credential.id}/offers`, {}),
    ]) {
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 409, type: 'urn:mobicred:problem:credential-not-active', field: 'id' });
    }
    expect([await count('claim_links'), await count('credential_offers')]).toEqual([links, offers]);

    const held = (await api.post('/v1/credentials', { achievementId, recipient: { email: 'tom@example.org' }, statusPurpose: 'suspension' })).body;
    await api.post(`/v1/credentials/${held.id}/suspend`, { reason: 'inquiry' }).expect(200);
    expect((await request(service.app).get(`/credentials/${held.id}/europass`)).status).toBe(409);
    expect((await api.post(`/v1/credentials/${held.id}/offers`, {})).status).toBe(409);
    await api.post(`/v1/credentials/${held.id}/reinstate`, { reason: 'cleared' }).expect(200);
    await request(service.app).get(`/credentials/${held.id}/europass`).expect(200);
    expect((await api.post(`/v1/credentials/${held.id}/offers`, {})).status).toBe(201);
  });

  it('when a claim link is unknown or expired, then the page says so and nothing is claimed; without mail, asking to email is refused', async () => {
    const credential = await issue();
    const created = (await api.post(`/v1/credentials/${credential.id}/claim-links`, { expiresInDays: 1 })).body;
    expect(created.emailed).toBe(false);
    expect((await page(`${TEST_BASE_URL}/claim/${'x'.repeat(43)}`)).status).toBe(404);
    expect((await page(`${TEST_BASE_URL}/claim/short`)).status).toBe(404);
    const now = clock;
    clock = new Date(now.getTime() + 2 * DAY);
    try {
      const expired = await page(created.url);
      expect(expired.status).toBe(410);
      expect(expired.text).toContain('a expiré');
      const refused = await request(service.app).post(new URL(created.url).pathname).type('form').send({ showName: 'no' });
      expect(refused.body).toMatchObject({ status: 410, type: 'urn:mobicred:problem:claim-link-expired' });
    } finally {
      clock = now;
    }
    expect((await page(created.url)).text).toContain('Récupérer mon badge');

    const withoutMail = await startTestService(backend);
    try {
      const other = adminApi(withoutMail);
      const otherAchievement = await other.createAchievement((await other.createIssuer()).id);
      const otherCredential = (await other.post('/v1/credentials', { achievementId: otherAchievement.id, recipient: { email: 'a@example.org' } })).body;
      const refused = await other.post(`/v1/credentials/${otherCredential.id}/claim-links`, { sendEmail: true });
      expect(refused.body).toMatchObject({ status: 409, field: '/sendEmail' });
      expect((await databaseSnapshot(withoutMail.ctx.db)).claim_links).toEqual([]);
    } finally {
      await withoutMail.close();
    }
  });
});
