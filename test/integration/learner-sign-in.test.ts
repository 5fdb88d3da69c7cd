import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../support/backends.js';
import { startMailbox, type Mailbox } from '../support/mailbox.js';
import { TEST_BASE_URL, mailSettled, startTestService, type TestService } from '../support/service.js';
import { adminApi } from '../support/api.js';
import { databaseSnapshot } from '../support/database.js';
import { LearnerClient, linksMailedTo, signedInLearner } from '../support/learner.js';
import { safeNextPath, signInPath } from '../../src/http/learner/session.js';

const MINUTE = 60_000;
const SENT = 'If badges were issued to this address, a link to open your space is on its way.';

describe.each(BACKENDS)('signing in to the learner space on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let mailbox: Mailbox;
  let clock = new Date('2026-06-01T08:00:00Z');
  let achievementId: string;

  beforeAll(async () => {
    mailbox = await startMailbox();
    service = await startTestService(backend, { now: () => clock, smtp: { url: mailbox.url, from: 'mobicred <badges@mobicred.test>' } });
    api = adminApi(service);
    achievementId = (await api.createAchievement((await api.createIssuer()).id)).id;
  });
  afterAll(async () => {
    await service.close();
    await mailbox.close();
  });

  const issueTo = async (email: string, name = 'Léa Martin') => (await api.post('/v1/credentials', { achievementId, recipient: { email, name } }).expect(201)).body;
  const mailsTo = (address: string) => mailbox.received.filter((message) => message.to.includes(address)).length;

  it('when a learner asks for a link with the address their badge was sent to, then the emailed link opens their space once, by a button', async () => {
    await issueTo('Lea.Martin@Example.org');
    const client = new LearnerClient(service.app, 'en');
    const asked = await client.askForLink('  LEA.martin@example.org ');
    expect(asked.status).toBe(200);
    expect(asked.text).toContain(SENT);
    const [link] = linksMailedTo(mailbox, 'lea.martin@example.org', TEST_BASE_URL);
    expect(link).toMatch(new RegExp(`^${TEST_BASE_URL}/me/sign-in/[A-Za-z0-9_-]{43}$`));

    // A mail scanner fetching the link twice does not use it: the page only offers the button.
    const scanner = new LearnerClient(service.app, 'en');
    for (let fetch = 0; fetch < 2; fetch++) expect((await scanner.get(new URL(link!).pathname)).status).toBe(200);
    const opened = await client.followLink(link!);
    expect(opened.status).toBe(303);
    expect(opened.headers.location).toBe('/me?lang=en');
    const cookie = (opened.headers['set-cookie'] as unknown as string[]).find((value) => value.startsWith('__Host-mobicred_me='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    const home = await client.get('/me');
    expect(home.status).toBe(200);
    expect(home.text).toContain('lea.martin@example.org');

    // Used once: the scanner's browser (or anyone else) can no longer use it.
    const reused = await scanner.followLink(link!);
    expect(reused.status).toBe(410);
    expect(reused.text).toContain('This link can no longer be used');
    expect((await scanner.get('/me')).status).toBe(303);
  });

  it('when an address received nothing, then the answer is the same and nothing is mailed; a malformed address is pointed out', async () => {
    const snapshot = await databaseSnapshot(service.ctx.db);
    const before = mailbox.received.length;
    const client = new LearnerClient(service.app, 'en');
    const answer = await client.askForLink('nobody@example.org');
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(SENT);
    expect(mailbox.received.length).toBe(before);
    const refused = await client.post('/me/sign-in', { email: 'not an address' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Enter an email address');
    const after = await databaseSnapshot(service.ctx.db);
    expect(after.learner_links).toEqual(snapshot.learner_links);
    expect(after.learners).toEqual(snapshot.learners);
  });

  it('when an address asks again and again, then at most three links a quarter of an hour are sent, and the answer does not change', async () => {
    await issueTo('hugo.bernard@example.org', 'Hugo Bernard');
    const client = new LearnerClient(service.app, 'en');
    for (let ask = 0; ask < 5; ask++) expect((await client.askForLink('hugo.bernard@example.org')).text).toContain(SENT);
    expect(mailsTo('hugo.bernard@example.org')).toBe(3);
    clock = new Date(clock.getTime() + 16 * MINUTE);
    await client.askForLink('hugo.bernard@example.org');
    expect(mailsTo('hugo.bernard@example.org')).toBe(4);
  });

  it('when the mail server is slow, then the answer for an address with badges does not wait for it, as for one without', async () => {
    await issueTo('zoe.lambert@example.org', 'Zoé Lambert');
    const client = new LearnerClient(service.app, 'en');
    await client.get('/me/sign-in');
    const before = mailbox.received.length;
    const slow = mailbox.hold();
    // Answered while the mail server still holds the message: the answer did not wait for delivery.
    const answer = await request(service.app).post('/me/sign-in').set({ Accept: 'text/html', 'Accept-Language': 'en', Cookie: client.cookieHeader }).type('form').send({ _csrf: client.csrfToken!, email: 'zoe.lambert@example.org' });
    expect(answer.text).toContain(SENT);
    expect(mailbox.received.length).toBe(before);
    slow.release();
    await mailSettled();
    expect(mailsTo('zoe.lambert@example.org')).toBe(1);
  });

  it('when the mail server refuses the link, then the answer is the same, and the log says so in a structured line without the address', async () => {
    await issueTo('yann.le-goff@example.org', 'Yann Le Goff');
    const refusing = mailbox.refuse();
    try {
      const answer = await new LearnerClient(service.app, 'en').askForLink('yann.le-goff@example.org');
      expect(answer.text).toContain(SENT);
      await mailSettled();
    } finally {
      refusing.accept();
    }
    const notSent = service.logs.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'mail not sent');
    expect(notSent).toEqual([expect.objectContaining({ level: 40, purpose: 'learner sign-in link', code: 'EENVELOPE', responseCode: 550 })]);
    expect(service.logs.join('\n')).not.toContain('yann.le-goff');
  });

  it('when a link has expired, is forged or is posted without the form token, then nobody is signed in', async () => {
    await issueTo('ines.roux@example.org', 'Inès Roux');
    const client = new LearnerClient(service.app, 'en');
    await client.askForLink('ines.roux@example.org');
    const [link] = linksMailedTo(mailbox, 'ines.roux@example.org', TEST_BASE_URL);
    const path = new URL(link!).pathname;

    await client.get(path);
    const withoutToken = await client.post(path, { _csrf: undefined });
    expect(withoutToken.status).toBe(403);
    expect(withoutToken.text).toContain('This form has expired');
    const otherSessionsToken = await client.post(path, { _csrf: 'x'.repeat(32) });
    expect(otherSessionsToken.status).toBe(403);
    const program = await request(service.app).post(path).type('form').send({});
    expect(program.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(program.body).toMatchObject({ status: 403, type: 'urn:mobicred:problem:csrf-token-invalid' });

    const forged = await client.followLink(`${TEST_BASE_URL}/me/sign-in/${'A'.repeat(43)}`);
    expect(forged.status).toBe(410);
    expect((await client.get('/me/sign-in/not-a-token')).status).toBe(404);

    clock = new Date(clock.getTime() + 31 * MINUTE);
    const expired = await client.followLink(link!);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('Ask for a new link');
    expect((await client.get('/me')).status).toBe(303);
  });

  it('when a sign-in starts from a page of the space or of the Open Badges API, then the link leads back there, and never to another site', async () => {
    await issueTo('tom.petit@example.org', 'Tom Petit');
    const client = new LearnerClient(service.app, 'en');
    await client.askForLink('tom.petit@example.org', '/ims/ob/v3p0/consent?interaction=abc');
    const opened = await client.followLink(linksMailedTo(mailbox, 'tom.petit@example.org', TEST_BASE_URL)[0]!);
    expect(opened.headers.location).toBe('/ims/ob/v3p0/consent?interaction=abc');

    const hostile = ['https://evil.example/me', '//evil.example/me', '/\\evil.example', '/me/../console', '/console', 'me', '/me\n/x', '/ims/ob/v3p0', '/meadow'];
    expect(hostile.map(safeNextPath)).toEqual(hostile.map(() => '/me'));
    expect(['/me', '/me/credentials/1?lang=fr', '/ims/ob/v3p0/x'].map(safeNextPath)).toEqual(['/me', '/me/credentials/1?lang=fr', '/ims/ob/v3p0/x']);
    expect(signInPath('/ims/ob/v3p0/consent?a=1&b=2')).toBe('/me/sign-in?next=%2Fims%2Fob%2Fv3p0%2Fconsent%3Fa%3D1%26b%3D2');
    expect(signInPath('https://evil.example')).toBe('/me/sign-in');

    // A page of the space asked while signed out leads to sign-in, and back to it afterwards.
    const away = await new LearnerClient(service.app, 'en').get('/me?lang=fr');
    expect(away.status).toBe(303);
    expect(away.headers.location).toBe('/me/sign-in?next=%2Fme%3Flang%3Dfr');
    const sneaky = new LearnerClient(service.app, 'en');
    await sneaky.get('/me/sign-in');
    await sneaky.post('/me/sign-in', { email: 'tom.petit@example.org', next: 'https://evil.example/' });
    const back = await sneaky.followLink(linksMailedTo(mailbox, 'tom.petit@example.org', TEST_BASE_URL)[0]!);
    expect(back.headers.location).toBe('/me?lang=en');
  });

  it('when a learner signs out or stays away an hour, then the session is over', async () => {
    await issueTo('sarah.klein@example.org', 'Sarah Klein');
    const client = await signedInLearner(service.app, mailbox, 'sarah.klein@example.org', TEST_BASE_URL, 'en');
    expect((await client.get('/me')).status).toBe(200);
    const out = await client.post('/me/sign-out');
    expect(out.status).toBe(303);
    expect((await client.get('/me')).status).toBe(303);

    const again = await signedInLearner(service.app, mailbox, 'sarah.klein@example.org', TEST_BASE_URL, 'en');
    clock = new Date(clock.getTime() + 61 * MINUTE);
    expect((await again.get('/me')).status).toBe(303);
  });

  it('when a learner claims a badge by the link mobicred emailed, then the claim signs them in, once; another browser gets a sign-in link mailed by its button', async () => {
    const credential = await issueTo('nora.blanc@example.org', 'Nora Blanc');
    const created = (await api.post(`/v1/credentials/${credential.id}/claim-links`, { sendEmail: true }).expect(201)).body;
    expect(created.url).toBeUndefined();
    const [claimUrl] = linksMailedTo(mailbox, 'nora.blanc@example.org', TEST_BASE_URL);
    const path = new URL(claimUrl!).pathname;
    const phone = new LearnerClient(service.app, 'en');
    expect((await phone.get(path)).status).toBe(200);
    expect((await phone.post(path, { showName: 'yes' })).status).toBe(303);
    const claimed = await phone.get(path);
    expect(claimed.text).toContain('href="/me?lang=en"');
    const home = await phone.get('/me');
    expect(home.status).toBe(200);
    expect(home.text).toContain('nora.blanc@example.org');

    // Another browser, later: claiming again signs nobody in; the button emails a sign-in link to the badge's address.
    const laptop = new LearnerClient(service.app, 'en');
    const page = await laptop.get(path);
    expect(page.text).toContain(`action="${path}/sign-in?lang=en"`);
    await laptop.post(path, { showName: 'yes' });
    expect((await laptop.get('/me')).status).toBe(303);
    expect((await laptop.post(`${path}/sign-in`, { _csrf: undefined })).status).toBe(403);
    const before = mailbox.received.length;
    const asked = await laptop.post(`${path}/sign-in`);
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('id="sign-in-sent"');
    expect((await laptop.get('/me')).status).toBe(303);
    await mailSettled();
    expect(mailbox.received.length).toBe(before + 1);
    const signedIn = await laptop.followLink(linksMailedTo(mailbox, 'nora.blanc@example.org', TEST_BASE_URL)[0]!);
    expect(signedIn.headers.location).toBe('/me?lang=en');
    expect((await laptop.get('/me')).text).toContain('nora.blanc@example.org');

    // One learner per address, however they came in.
    const { rows } = await service.ctx.db.selectFrom('learner_emails').select(['learner_id']).where('email', '=', 'nora.blanc@example.org').execute().then((rows) => ({ rows }));
    expect(rows).toHaveLength(1);

    // A claim posted by another site's form (no token of this browser's session) claims, but signs nobody in.
    const credential2 = await issueTo('paul.simon@example.org', 'Paul Simon');
    await api.post(`/v1/credentials/${credential2.id}/claim-links`, { sendEmail: true }).expect(201);
    const other = linksMailedTo(mailbox, 'paul.simon@example.org', TEST_BASE_URL)[0]!;
    const forged = await request(service.app).post(new URL(other).pathname).type('form').send({ showName: 'yes' });
    expect(forged.status).toBe(303);
    expect(((forged.headers['set-cookie'] as unknown as string[] | undefined) ?? []).some((value) => value.includes('mobicred_me=') && !value.startsWith('__Host-mobicred_me=;'))).toBe(false);
  });

  it('when the school was handed a claim link as a URL, then claiming with it signs no one in: the space is reached by a link mailed to the badge’s address', async () => {
    const credential = await issueTo('eva.morel@example.org', 'Eva Morel');
    await issueTo('eva.morel@example.org', 'Eva Morel');
    const claimUrl = (await api.post(`/v1/credentials/${credential.id}/claim-links`, {}).expect(201)).body.url as string;
    const path = new URL(claimUrl).pathname;
    const staff = new LearnerClient(service.app, 'en');
    await staff.get(path);
    expect((await staff.post(path, { showName: 'yes' })).status).toBe(303);
    const claimed = await staff.get(path);
    expect(claimed.text).toContain(`action="${path}/sign-in?lang=en"`);
    expect((await staff.get('/me')).status).toBe(303);
    const before = mailbox.received.length;
    expect((await staff.post(`${path}/sign-in`)).text).toContain('id="sign-in-sent"');
    expect((await staff.get('/me')).status).toBe(303);
    await mailSettled();
    expect(mailbox.received.length).toBe(before + 1);
    expect(mailbox.received.at(-1)!.to).toEqual(['eva.morel@example.org']);
  });
});

