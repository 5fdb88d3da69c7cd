import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi } from '../support/api.js';
import { bodyText, startMailbox, type Mailbox } from '../support/mailbox.js';
import { ConsoleClient, createStaffAccount, signedInConsole, STAFF_PASSWORD } from '../support/console.js';
import { ensureConsoleAdmin } from '../../src/services/staff-accounts.js';
import { SESSION_IDLE_MS } from '../../src/services/staff-sessions.js';
import { purgeExpiredRows } from '../../src/services/expired-rows-purge.js';

const SLOW_SETUP_MS = 180_000;

describe.each(BACKENDS)('console accounts on $name', (backend) => {
  let service: TestService;
  let mailbox: Mailbox;
  let schoolA: string;
  let schoolB: string;
  let clock = Date.now();

  beforeAll(async () => {
    mailbox = await startMailbox();
    service = await startTestService(backend, { smtp: { url: mailbox.url, from: 'mobicred <console@mobicred.test>' }, now: () => new Date(clock) });
    schoolA = (await adminApi(service).createIssuer()).id;
    schoolB = (await adminApi(service).createIssuer({ slug: 'lp-hotelier', name: 'Lycée hôtelier' })).id;
  }, SLOW_SETUP_MS);
  afterAll(async () => {
    await service?.close();
    await mailbox?.close();
  });

  const lastMailTo = (address: string) => bodyText([...mailbox.received].reverse().find((mail) => mail.to.includes(address))?.raw ?? '');

  it('when a school admin signs in with the right password, then the console greets them; the cookie is HttpOnly, Secure, SameSite=Lax, __Host-', async () => {
    const account = await createStaffAccount(service.ctx.db, { name: 'Claire Dubois', roles: [{ role: 'school-admin', issuerId: schoolA }] });
    const client = new ConsoleClient(service.app);
    expect((await client.get('/console/sign-in?lang=en')).status).toBe(200);
    const signIn = await client.post('/console/sign-in?lang=en', { email: account.email.toUpperCase(), password: account.password });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.location).toBe('/console');
    const cookie = (signIn.headers['set-cookie'] as unknown as string[]).find((line) => line.startsWith('__Host-mobicred_console='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    const home = await client.get('/console?lang=en');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Hello Claire Dubois');
    // Audited with the person's name.
    const audit = await service.ctx.db.selectFrom('audit_events').select(['action', 'actor_name']).where('subject_id', '=', account.personId).execute();
    expect(audit).toContainEqual({ action: 'staff.signed-in', actor_name: 'Claire Dubois' });
  });

  it('when nobody is signed in, then console pages send to the sign-in page and come back after it', async () => {
    const res = await request(service.app).get('/console/people?lang=fr');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/console/sign-in?next=%2Fconsole%2Fpeople%3Flang%3Dfr');
    const account = await createStaffAccount(service.ctx.db, { roles: [{ role: 'school-admin', issuerId: schoolA }] });
    const client = new ConsoleClient(service.app);
    await client.get('/console/sign-in?next=%2Fconsole%2Fpeople');
    const signIn = await client.post('/console/sign-in', { email: account.email, password: account.password, next: '/console/people' });
    expect(signIn.headers.location).toBe('/console/people');
    // Never another site.
    const client2 = new ConsoleClient(service.app);
    await client2.get('/console/sign-in');
    const offsite = await client2.post('/console/sign-in', { email: account.email, password: account.password, next: '//evil.example/console' });
    expect(offsite.headers.location).toBe('/console');
  });

  it('when the password is wrong, then 401 with the form again; after 5 refusals for an account, 429 even with the right password', async () => {
    const account = await createStaffAccount(service.ctx.db, { roles: [{ role: 'school-issuer', issuerId: schoolA }] });
    const client = new ConsoleClient(service.app);
    await client.get('/console/sign-in?lang=en');
    const refused = await client.post('/console/sign-in?lang=en', { email: account.email, password: 'not-the-password-at-all' });
    expect(refused.status).toBe(401);
    expect(refused.text).toContain('This email address and password do not match an account.');
    expect(refused.text).toContain(`value="${account.email}"`);
    // An unknown address is answered the same way.
    const unknown = await client.post('/console/sign-in?lang=en', { email: 'nobody@lycee.example.fr', password: 'not-the-password-at-all' });
    expect(unknown.status).toBe(401);
    for (let attempt = 2; attempt <= 5; attempt++) expect((await client.post('/console/sign-in', { email: account.email, password: `wrong-${attempt}-password` })).status).toBe(401);
    const limited = await client.post('/console/sign-in?lang=en', { email: account.email, password: account.password });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('900');
    expect(limited.text).toContain('Too many refused attempts');
    clock += 16 * 60_000;
    expect((await client.post('/console/sign-in', { email: account.email, password: account.password })).status).toBe(303);
  });

  it('when one address is refused 20 times across accounts, then it gets 429 even with a right password, until the window has passed', async () => {
    const account = await createStaffAccount(service.ctx.db, { roles: [{ role: 'school-issuer', issuerId: schoolA }] });
    const guesser = new ConsoleClient(service.app);
    await guesser.get('/console/sign-in');
    const attempt = (email: string, password: string) => guesser.post('/console/sign-in', { email, password }).then((res) => res.status);
    for (let guess = 0; guess < 20; guess++) expect(await attempt(`guess-${guess}@lycee.example.fr`, 'guessed-password-123')).toBe(401);
    expect(await attempt(account.email, account.password)).toBe(429);
    clock += 16 * 60_000;
    expect(await attempt(account.email, account.password)).toBe(303);
  });

  it('when a form is posted without its CSRF token, or with another session\'s, then 403 and nothing happens', async () => {
    const { client } = await signedInConsole(service, { roles: [{ role: 'school-admin', issuerId: schoolA }] });
    const other = await signedInConsole(service, { roles: [{ role: 'school-admin', issuerId: schoolA }] });
    const before = await service.ctx.db.selectFrom('staff_links').select('token_hash').execute();
    const missing = await client.post('/console/people/invite?lang=en', { _csrf: undefined, email: 'x@lycee.example.fr', name: 'X', role: 'school-issuer' });
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('The form has expired');
    const foreign = await client.post('/console/people/invite', { _csrf: other.client.csrfToken, email: 'x@lycee.example.fr', name: 'X', role: 'school-issuer' });
    expect(foreign.status).toBe(403);
    const problem = await request(service.app).post('/console/sign-out').set('Cookie', client.cookie!).type('form').send('');
    expect(problem.status).toBe(403);
    expect(problem.body.type).toBe('urn:mobicred:problem:csrf-token-invalid');
    expect(await service.ctx.db.selectFrom('staff_links').select('token_hash').execute()).toEqual(before);
    // The session is still open: the refused sign-out did nothing.
    expect((await client.get('/console')).status).toBe(200);
  });

  it('when a person signs out, then the session cookie replayed afterwards is refused', async () => {
    const { client } = await signedInConsole(service, { roles: [{ role: 'school-admin', issuerId: schoolA }] });
    const stolen = client.cookie!;
    expect((await client.post('/console/sign-out', {})).status).toBe(303);
    const replay = await request(service.app).get('/console/people').set('Cookie', stolen);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toMatch(/^\/console\/sign-in/);
  });

  it('when a session is idle past its timeout, then it has ended', async () => {
    const { client } = await signedInConsole(service, { roles: [{ role: 'school-issuer', issuerId: schoolA }] });
    clock += SESSION_IDLE_MS + 1000;
    expect((await client.get('/console')).status).toBe(303);
  });

  it('when an admin invites a person, then the emailed link creates their account with that role in that school only', async () => {
    const { client } = await signedInConsole(service, { name: 'Claire Dubois', roles: [{ role: 'school-admin', issuerId: schoolA }] });
    const weakInvite = await client.post('/console/people/invite?lang=en', { email: 'not-an-address', name: 'Marc Petit', role: 'school-issuer' });
    expect(weakInvite.status).toBe(400);
    const invited = await client.post('/console/people/invite?lang=en', { email: 'marc.petit@lycee.example.fr', name: 'Marc Petit', role: 'school-issuer' });
    expect(invited.status).toBe(201);
    const mail = lastMailTo('marc.petit@lycee.example.fr');
    expect(mail).toContain('Claire Dubois');
    const token = /\/console\/invitations\/([A-Za-z0-9_-]+)/.exec(mail)![1]!;
    // Until it is accepted, the invitation is listed as pending, not as a person with access.
    const pending = await client.get('/console/people?lang=en');
    expect(pending.text).not.toContain('Nobody else has access yet.');
    expect(pending.text).toMatch(/<h2 id="pending-title">Invitations not accepted yet<\/h2>[\s\S]*<th scope="row">Marc Petit<\/th><td>marc\.petit@lycee\.example\.fr<\/td><td>credential issuer<\/td>/);
    const invitee = new ConsoleClient(service.app);
    const page = await invitee.get(`/console/invitations/${token}?lang=en`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('credential issuer');
    const weak = await invitee.post(`/console/invitations/${token}?lang=en`, { name: 'Marc Petit', password: 'password1234' });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('This password is one of the most common ones');
    expect((await invitee.post(`/console/invitations/${token}`, { name: 'Marc Petit', password: STAFF_PASSWORD })).status).toBe(303);
    expect((await invitee.post(`/console/invitations/${token}`, { name: 'Marc Petit', password: STAFF_PASSWORD })).status).toBe(410);
    expect((await client.get('/console/people?lang=en')).text).not.toContain('Invitations not accepted yet');
    await invitee.signIn({ email: 'marc.petit@lycee.example.fr', password: STAFF_PASSWORD });
    const home = await invitee.get('/console?lang=en');
    expect(home.text).toContain('credential issuer');
    // An issuer does not manage people.
    expect((await invitee.get('/console/people')).status).toBe(403);
  });

  it('when a person is removed from the school, then their open session ends at once', async () => {
    const admin = await signedInConsole(service, { roles: [{ role: 'school-admin', issuerId: schoolA }] });
    const teacher = await signedInConsole(service, { name: 'Hugo Bernard', roles: [{ role: 'school-issuer', issuerId: schoolA }] });
    expect((await teacher.client.get('/console')).status).toBe(200);
    const confirm = await admin.client.get(`/console/people/${teacher.account.personId}/remove?lang=en`);
    expect(confirm.text).toContain('Remove Hugo Bernard from the school?');
    expect((await admin.client.post(`/console/people/${teacher.account.personId}/remove`, {})).status).toBe(303);
    expect((await teacher.client.get('/console')).status).toBe(303);
    const people = await admin.client.get('/console/people');
    expect(people.text).not.toContain('Hugo Bernard</th>');
    // Another school's admin cannot see or remove school A's people.
    const otherAdmin = await signedInConsole(service, { roles: [{ role: 'school-admin', issuerId: schoolB }] });
    expect((await otherAdmin.client.get(`/console/people/${admin.account.personId}/remove`)).status).toBe(404);
    expect((await otherAdmin.client.post(`/console/people/${admin.account.personId}/remove`, {})).status).toBe(404);
    expect((await admin.client.get('/console')).status).toBe(200);
  });

  it('when a person forgets their password, then the emailed link sets a new one once and ends their other sessions', async () => {
    const { account, client } = await signedInConsole(service, { roles: [{ role: 'school-issuer', issuerId: schoolA }] });
    const visitor = new ConsoleClient(service.app);
    await visitor.get('/console/reset?lang=en');
    const asked = await visitor.post('/console/reset?lang=en', { email: account.email });
    expect(asked.text).toContain('If this address has an account');
    // An unknown address gets the same answer and no mail.
    const count = mailbox.received.length;
    expect((await visitor.post('/console/reset?lang=en', { email: 'nobody@lycee.example.fr' })).text).toContain('If this address has an account');
    expect(mailbox.received.length).toBe(count);
    const token = /\/console\/reset\/([A-Za-z0-9_-]+)/.exec(lastMailTo(account.email))![1]!;
    expect((await visitor.get(`/console/reset/${token}`)).status).toBe(200);
    expect((await visitor.post(`/console/reset/${token}`, { password: 'short' })).status).toBe(400);
    expect((await visitor.post(`/console/reset/${token}`, { password: 'Lyon-Valencia-2027?' })).status).toBe(303);
    expect((await visitor.get(`/console/reset/${token}`)).status).toBe(410);
    expect((await client.get('/console')).status).toBe(303);
    await expect(new ConsoleClient(service.app).signIn(account)).rejects.toThrow('sign-in: 401');
    await new ConsoleClient(service.app).signIn({ email: account.email, password: 'Lyon-Valencia-2027?' });
  });

  it('when a person holds roles in two schools, then they switch, and each school\'s pages show that school only', async () => {
    const { client } = await signedInConsole(service, { roles: [{ role: 'school-admin', issuerId: schoolA }, { role: 'school-admin', issuerId: schoolB }] });
    const home = await client.get('/console/people?lang=en');
    const switcher = /<select id="console-switch"[^>]*>(.*?)<\/select>/s.exec(home.text)![1]!;
    const choices = [...switcher.matchAll(/<option value="([^"]+)"/g)].map((match) => match[1]!);
    expect(choices).toHaveLength(2);
    const toB = choices.find((choice) => choice.endsWith(schoolB))!;
    expect((await client.post('/console/switch', { choice: toB, back: '/console/people' })).headers.location).toBe('/console/people');
    expect((await client.get('/console/people?lang=en')).text).toContain('People and roles — Lycée hôtelier');
    // A role the person does not hold is ignored.
    await client.post('/console/switch', { choice: `00000000-0000-4000-8000-000000000000:${schoolA}`, back: '/console' });
    expect((await client.get('/console/people?lang=en')).text).toContain('People and roles — Lycée hôtelier');
  });

  it('when a school admin creates an API key in the console, then the secret is shown once and works; revoked, it is refused', async () => {
    const { client } = await signedInConsole(service, { name: 'Claire Dubois', roles: [{ role: 'school-admin', issuerId: schoolA }] });
    const created = await client.post('/console/api-keys?lang=en', { name: 'ENT du lycée', role: 'school-issuer' });
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const secret = /<code class="secret" id="new-secret">(mbc_[^<]+)<\/code>/.exec(created.text)![1]!;
    expect((await request(service.app).get('/v1/issuers').set('Authorization', `Bearer ${secret}`)).status).toBe(200);
    const list = await client.get('/console/api-keys?lang=en');
    expect(list.text).not.toContain(secret);
    expect(list.text).toContain('ENT du lycée');
    const keyId = (await service.ctx.db.selectFrom('api_keys').select('id').where('name', '=', 'ENT du lycée').executeTakeFirstOrThrow()).id;
    expect((await client.post(`/console/api-keys/${keyId}/revoke`, {})).status).toBe(303);
    expect((await request(service.app).get('/v1/issuers').set('Authorization', `Bearer ${secret}`)).status).toBe(401);
    // The audit names the person who acted.
    const audit = await service.ctx.db.selectFrom('audit_events').select(['action', 'actor_name']).where('subject_id', '=', keyId).orderBy('id').execute();
    expect(audit.map((event) => event.action)).toEqual(['api-key.created', 'api-key.revoked']);
    expect(audit[0]!.actor_name).toMatch(/^Claire Dubois </);
    // A person's console roles are not API keys: not listed, not revocable through the API.
    const keys = await request(service.app).get('/v1/api-keys').set('Authorization', `Bearer ${service.adminKey}`);
    expect(keys.body.apiKeys).toBeInstanceOf(Array);
    expect(keys.body.apiKeys).not.toContainEqual(expect.objectContaining({ name: expect.stringMatching(/^Claire Dubois </) }));
  });

  it('when the service starts for the first time, then a console platform admin is created once with a password that signs in', async () => {
    const first = await ensureConsoleAdmin(service.ctx.db, { email: 'admin@localhost', name: 'Platform admin' });
    expect(first).toEqual({ email: 'admin@localhost', password: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/) });
    expect(await ensureConsoleAdmin(service.ctx.db, { email: 'admin@localhost', name: 'Platform admin' })).toBeUndefined();
    const client = new ConsoleClient(service.app);
    await client.signIn({ email: 'admin@localhost', password: first!.password });
    const home = await client.get('/console?lang=en');
    expect(home.text).toContain('platform administrator');
    // The command line gives a new password; the old one stops working.
    const again = await ensureConsoleAdmin(service.ctx.db, { email: 'admin@localhost', name: 'Platform admin', replacePassword: true });
    expect((await client.get('/console')).status).toBe(303);
    await new ConsoleClient(service.app).signIn({ email: 'admin@localhost', password: again!.password });
  });

  it('when the purge runs, then ended and timed-out sessions, forgotten refusals, used-up sign-ins and expired links are deleted', async () => {
    const { client } = await signedInConsole(service, { roles: [{ role: 'school-issuer', issuerId: schoolA }] });
    await client.post('/console/sign-out', {});
    clock += 13 * 60 * 60_000;
    const deleted = await purgeExpiredRows(service.ctx, { retentionDays: 0 });
    expect(deleted.staffSessions).toBeGreaterThanOrEqual(2);
    expect(deleted.signInFailures).toBeGreaterThanOrEqual(6);
    expect(deleted.staffLinks).toBeGreaterThanOrEqual(1);
    expect(await service.ctx.db.selectFrom('staff_sessions').select('token_hash').execute()).toEqual([]);
    expect(await service.ctx.db.selectFrom('staff_sign_in_failures').select('subject').execute()).toEqual([]);
  });
});
