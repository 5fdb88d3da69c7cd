import { randomBytes, randomUUID } from 'node:crypto';
import { oauthArtifactStore } from '../../src/services/ob-authorization-store.js';
import { createCredentialLookups } from '../../src/services/credential-lookups.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../support/backends.js';
import { bodyText, startMailbox, type Mailbox } from '../support/mailbox.js';
import { TEST_BASE_URL, startTestService, type TestService } from '../support/service.js';
import { adminApi, assessment, placement } from '../support/api.js';
import { LearnerClient, linksMailedTo, signedInLearner } from '../support/learner.js';
import { officialOpenBadgeValidator } from '../support/oracles.js';

const validateOpenBadge = officialOpenBadgeValidator();
const DAY = 86_400_000;

describe.each(BACKENDS)('the learner space on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let mailbox: Mailbox;
  let clock = new Date('2026-06-15T09:00:00Z');
  const schools: { id: string; achievementId: string }[] = [];

  beforeAll(async () => {
    mailbox = await startMailbox();
    service = await startTestService(backend, { now: () => clock, smtp: { url: mailbox.url, from: 'mobicred <badges@mobicred.test>' } });
    api = adminApi(service);
    for (const school of [
      { slug: 'lp-jean-moulin', name: 'Lycée professionnel Jean Moulin' },
      { slug: 'cfa-bocuse', name: 'CFA des métiers de la table' },
    ]) {
      const id = (await api.createIssuer(school)).id;
      schools.push({ id, achievementId: (await api.createAchievement(id, { name: `Stage à l’étranger — ${school.name}` })).id });
    }
  });
  afterAll(async () => {
    await service.close();
    await mailbox.close();
  });

  const issue = async (school: number, email: string, extra: Record<string, unknown> = {}) =>
    (await api.post('/v1/credentials', { achievementId: schools[school]!.achievementId, recipient: { email, name: 'Léa Martin' }, ...extra }).expect(201)).body;
  const signIn = (email: string) => signedInLearner(service.app, mailbox, email, TEST_BASE_URL, 'en');
  const publicJson = async (id: string) => (await request(service.app).get(`/credentials/${id}`).set('Accept', 'application/ld+json')).body;
  const publicPage = async (id: string) => (await request(service.app).get(`/credentials/${id}`).set({ Accept: 'text/html', 'Accept-Language': 'en' })).text;
  const verdict = async (id: string) => (await request(service.app).get(`/credentials/${id}/verification`)).body.verdict;
  const audit = async (action: string) => service.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', action).execute();

  it('when a learner received badges from two schools, then their space lists both with their status, and no one else’s badge opens there', async () => {
    const first = await issue(0, 'lea.martin@example.org');
    const second = await issue(1, 'Lea.Martin@example.org');
    const revoked = await issue(1, 'lea.martin@example.org');
    await api.post(`/v1/credentials/${revoked.id}/revoke`, { reason: 'issued twice' }).expect(200);
    const expired = await issue(0, 'lea.martin@example.org', { validUntil: new Date(clock.getTime() + DAY).toISOString() });
    const someoneElses = await issue(0, 'hugo.bernard@example.org');

    clock = new Date(clock.getTime() + 2 * DAY);
    const lea = await signIn('lea.martin@example.org');
    const home = await lea.get('/me');
    expect(home.status).toBe(200);
    for (const credential of [first, second, revoked, expired]) expect(home.text).toContain(`/me/credentials/${credential.id}`);
    expect(home.text).not.toContain(someoneElses.id);
    expect(home.text).toContain('Issued by Lycée professionnel Jean Moulin');
    expect(home.text).toContain('Issued by CFA des métiers de la table');
    const statusOf = (id: string) => new RegExp(`/me/credentials/${id}[\\s\\S]*?<span class="tag [^"]+">([^<]+)</span>`).exec(home.text)?.[1];
    expect([first, second, revoked, expired].map((credential) => statusOf(credential.id))).toEqual(['Valid', 'Valid', 'Revoked by the school', 'Expired']);

    expect((await lea.get(`/me/credentials/${first.id}`)).status).toBe(200);
    for (const path of [`/me/credentials/${someoneElses.id}`, '/me/credentials/00000000-0000-4000-8000-000000000000', '/me/credentials/not-an-id']) {
      const refused = await lea.get(path);
      expect(refused.status).toBe(404);
      expect(refused.text).not.toContain('hugo.bernard');
    }
    expect((await lea.post(`/me/credentials/${someoneElses.id}/name`, { showName: 'no' })).status).toBe(404);
    expect((await lea.post(`/me/credentials/${someoneElses.id}/wallet`)).status).toBe(404);
    expect(JSON.stringify(await publicJson(someoneElses.id))).toContain('Léa Martin');
  });

  it('when a learner hides their name and shows it again, then the public credential follows each time and stays valid', async () => {
    const credential = await issue(0, 'ines.roux@example.org');
    const ines = await signIn('ines.roux@example.org');
    const page = await ines.get(`/me/credentials/${credential.id}`);
    expect(page.text).toContain('Show my name (Léa Martin)');

    expect((await ines.post(`/me/credentials/${credential.id}/name`, { showName: 'no' })).headers.location).toBe(`/me/credentials/${credential.id}?done=name-saved&lang=en`);
    const hidden = await publicJson(credential.id);
    expect(JSON.stringify(hidden)).not.toContain('Léa Martin');
    expect(await publicPage(credential.id)).not.toContain('Léa Martin');
    expect(hidden.credentialStatus).toEqual(credential.credential.credentialStatus);
    expect(validateOpenBadge(hidden).errors).toBeNull();
    expect(await verdict(credential.id)).toBe('valid');

    await ines.post(`/me/credentials/${credential.id}/name`, { showName: 'yes' });
    const shown = await publicJson(credential.id);
    expect(shown.credentialSubject.identifier).toContainEqual({ type: 'IdentityObject', hashed: false, identityType: 'name', identityHash: 'Léa Martin' });
    expect(await publicPage(credential.id)).toContain('Léa Martin');
    expect(await verdict(credential.id)).toBe('valid');
    expect((await audit('credential.name-withheld')).map((event) => event.subject_id)).toContain(credential.id);
    expect((await audit('credential.name-shown')).map((event) => event.subject_id)).toContain(credential.id);

    expect((await ines.post(`/me/credentials/${credential.id}/name`, { showName: 'no', _csrf: undefined })).status).toBe(403);
    expect(JSON.stringify(await publicJson(credential.id))).toContain('Léa Martin');
  });

  it('when a learner adds an old address, then its badges join their space, and a space that address had is merged into theirs', async () => {
    const current = await issue(0, 'tom.petit@example.org');
    const old = await issue(1, 'tom.petit@old-school.example.fr');
    const oldSpace = await signIn('tom.petit@old-school.example.fr');
    const tom = await signIn('tom.petit@example.org');
    expect((await tom.get('/me')).text).not.toContain(old.id);

    expect((await tom.post('/me/emails', { email: 'not an address' })).status).toBe(400);
    expect((await tom.post('/me/emails', { email: 'Tom.Petit@old-school.example.fr' })).headers.location).toBe('/me?done=address-sent&lang=en');
    const [link] = linksMailedTo(mailbox, 'tom.petit@old-school.example.fr', TEST_BASE_URL);
    expect(link).toMatch(/\/me\/emails\/[A-Za-z0-9_-]{43}$/);
    expect(bodyText(mailbox.received.at(-1)!.raw)).toContain('The badge space of tom.petit@example.org asks to add this address');
    // Credentials the old space's platforms imported (Open Badges API) move with it; one both spaces hold is kept once, the copy updated last.
    const learnerOf = async (email: string) => (await service.ctx.db.selectFrom('learner_emails').select('learner_id').where('email', '=', email).executeTakeFirstOrThrow()).learner_id;
    const [oldLearner, tomLearner] = [await learnerOf('tom.petit@old-school.example.fr'), await learnerOf('tom.petit@example.org')];
    const imported = (learnerId: string, credentialId: string, body: string, updatedAt: Date) => ({
      id: randomUUID(), learner_id: learnerId, issuer: 'https://backpack.example', credential_id: credentialId, format: 'jwt_vc' as const,
      media_type: 'application/vc+jwt', body, valid_from: clock, created_at: clock, updated_at: updatedAt,
    });
    await service.ctx.db.insertInto('learner_imported_credentials').values([
      imported(oldLearner, 'urn:uuid:only-old', 'only-old', clock),
      imported(oldLearner, 'urn:uuid:both', 'old-newer', new Date(clock.getTime() + 1000)),
      imported(tomLearner, 'urn:uuid:both', 'tom-older', clock),
    ]).execute();
    // Opened on the old address's device, not signed in: sign in first (as the space that asked), then back to the link.
    const elsewhere = new LearnerClient(service.app, 'en');
    const path = new URL(link!).pathname;
    expect((await elsewhere.get(path)).headers.location).toBe(`/me/sign-in?next=${encodeURIComponent(path)}`);
    await elsewhere.askForLink('tom.petit@example.org', path);
    const signedIn = await elsewhere.followLink(linksMailedTo(mailbox, 'tom.petit@example.org', TEST_BASE_URL)[0]!);
    expect(signedIn.headers.location).toBe(path);
    const page = await elsewhere.get(path);
    expect(page.text).toContain('You are signed in as tom.petit@example.org. Press the button to add tom.petit@old-school.example.fr');
    expect(page.text).toContain('the two spaces will become one: that of tom.petit@example.org');
    const added = await elsewhere.post(path);
    expect(added.headers.location).toBe('/me?done=address-added&lang=en');
    expect((await elsewhere.get('/me?done=address-added')).text).toContain('The address is now one of yours');
    expect((await elsewhere.followLink(link!)).status).toBe(410);

    const home = (await tom.get('/me')).text;
    expect(home).toContain(current.id);
    expect(home).toContain(old.id);
    expect(home).toContain('tom.petit@old-school.example.fr');
    const learners = await service.ctx.db.selectFrom('learner_emails').select(['email', 'learner_id']).where('email', 'like', 'tom.petit@%').execute();
    expect(new Set(learners.map((row) => row.learner_id)).size).toBe(1);
    expect((await oldSpace.get('/me')).status).toBe(303);
    const kept = await service.ctx.db.selectFrom('learner_imported_credentials').select(['learner_id', 'body']).where('issuer', '=', 'https://backpack.example').orderBy('body').execute();
    expect(kept).toEqual([{ learner_id: tomLearner, body: 'old-newer' }, { learner_id: tomLearner, body: 'only-old' }]);
  });

  it('when someone asks to add another person’s address, then that person pressing the button cannot merge their space into the asker’s', async () => {
    const victimBadge = await issue(0, 'victim@example.org');
    await issue(1, 'attacker@example.org');
    const attacker = await signIn('attacker@example.org');
    await attacker.post('/me/emails', { email: 'victim@example.org' });
    const [link] = linksMailedTo(mailbox, 'victim@example.org', TEST_BASE_URL);
    const path = new URL(link!).pathname;
    expect(bodyText(mailbox.received.at(-1)!.raw)).toContain('the two spaces will become one: that of attacker@example.org');

    // The victim, signed in to their own space, presses the button: refused, nothing merged.
    const victim = await signIn('victim@example.org');
    const refusedPage = await victim.get(path);
    expect(refusedPage.status).toBe(403);
    expect(refusedPage.text).toContain('This link was asked for by the space of attacker@example.org, and you are signed in to another space: nothing was added.');
    expect((await victim.post(path)).status).toBe(403);
    // Not signed in at all: the button is not even shown, only the way to sign in.
    const stranger = new LearnerClient(service.app, 'en');
    expect((await stranger.get(path)).status).toBe(303);
    expect((await stranger.post(path, { _csrf: 'x' })).status).toBeGreaterThanOrEqual(300);

    expect((await attacker.get('/me')).text).not.toContain(victimBadge.id);
    expect((await victim.get('/me')).text).toContain(victimBadge.id);
    const owners = await service.ctx.db.selectFrom('learner_emails').select('learner_id').where('email', 'in', ['victim@example.org', 'attacker@example.org']).execute();
    expect(new Set(owners.map((row) => row.learner_id)).size).toBe(2);
  });

  it('when a school records a minor, then their badges are issued without their name, their space says why, and only a guardian’s approval or their 18th birthday lets them show it', async () => {
    const stay = (email: string, participant: Record<string, unknown>) => {
      const record = placement(schools[0]!.id);
      return { ...record, participant: { ...record.participant, email, name: 'Nora Blanc', ...participant } };
    };
    const issueStay = async (body: ReturnType<typeof stay>) => {
      const created = (await api.post('/v1/mobilities', body).expect(201)).body;
      await request(service.app).put(`/v1/mobilities/${created.id}/assessment`).set('Authorization', `Bearer ${service.adminKey}`).send(assessment({ part1: 6, part2: 9, specialtyExamsPassed: true })).expect(200);
      return (await api.post(`/v1/mobilities/${created.id}/credentials`, { language: 'en' }).expect(201)).body.credentials.map((entry: { credential: { id: string } }) => entry.credential.id) as string[];
    };
    expect((await api.post('/v1/mobilities', stay('x@example.org', { dateOfBirth: '2026-06-01' }))).body).toMatchObject({ status: 422, rule: 'born-before-stay', field: '/participant/dateOfBirth' });

    const [credentialId] = await issueStay(stay('nora.blanc@example.org', { dateOfBirth: '2010-03-12', guardianEmail: 'Parent.Blanc@example.org' }));
    expect(JSON.stringify(await publicJson(credentialId!))).not.toContain('Nora Blanc');
    expect(await publicPage(credentialId!)).not.toContain('Nora Blanc');
    expect(await verdict(credentialId!)).toBe('valid');

    const nora = await signIn('nora.blanc@example.org');
    const home = (await nora.get('/me')).text;
    expect(home).toContain('Why your name is not shown');
    expect(home).toContain('Until 12 March 2028');
    const page = (await nora.get(`/me/credentials/${credentialId}`)).text;
    expect(page).toContain('Your name cannot be shown yet');
    expect(page).not.toContain('id="show-name"');
    const refused = await nora.post(`/me/credentials/${credentialId}/name`, { showName: 'yes' }, 'application/problem+json');
    expect(refused.body).toMatchObject({ status: 422, rule: 'minor-name-withheld' });
    expect(JSON.stringify(await publicJson(credentialId!))).not.toContain('Nora Blanc');

    // The guardian's approval, by a link emailed to the guardian the school recorded, and to no address the learner types.
    expect(home).toContain('We email the parent or guardian whose address your school recorded');
    expect(home).not.toContain('id="guardianEmail"');
    const before = mailbox.received.length;
    expect((await nora.post('/me/guardian', { guardianEmail: 'nora.second.mailbox@example.org' })).headers.location).toBe('/me?done=guardian-sent&lang=en');
    expect(mailbox.received.slice(before).map((message) => message.to)).toEqual([['parent.blanc@example.org']]);
    // The guardian recognises whom and which school it is about.
    expect(bodyText(mailbox.received.at(-1)!.raw)).toContain('Nora Blanc, for whom Lycée professionnel Jean Moulin recorded you as parent or guardian, received badges');
    const [approval] = linksMailedTo(mailbox, 'parent.blanc@example.org', TEST_BASE_URL);
    const guardian = new LearnerClient(service.app, 'en');
    const request_ = await guardian.get(new URL(approval!).pathname);
    expect(request_.text).toContain('Name: Nora Blanc');
    expect(request_.text).toContain('Lycée professionnel Jean Moulin');
    expect((await guardian.post(new URL(approval!).pathname)).text).toContain('the learner can now choose to show their name');
    expect((await nora.get('/me')).text).toContain('A parent or guardian has allowed your name to be shown');
    await nora.post(`/me/credentials/${credentialId}/name`, { showName: 'yes' });
    expect(JSON.stringify(await publicJson(credentialId!))).toContain('Nora Blanc');
    expect(await verdict(credentialId!)).toBe('valid');

    // Marked only "minor": withheld until a guardian approves, whatever the date; with a date of birth, until 18.
    const [marked] = await issueStay(stay('sam.leroy@example.org', { minor: true }));
    const [born] = await issueStay(stay('eva.morel@example.org', { dateOfBirth: '2008-07-01' }));
    clock = new Date('2026-07-02T09:00:00Z');
    const sam = await signIn('sam.leroy@example.org');
    const eva = await signIn('eva.morel@example.org');
    const samHome = (await sam.get('/me')).text;
    expect(samHome).toContain('Your school recorded that you are a minor');
    // No guardian recorded: the space says to ask the school, and a request sends nothing.
    expect(samHome).toContain('ask your school to record the email address of a parent or guardian on your stay');
    expect(samHome).not.toContain('action="/me/guardian?lang=en"');
    const mailed = mailbox.received.length;
    const noGuardian = await sam.post('/me/guardian', { guardianEmail: 'sam.other@example.org' });
    expect(noGuardian.status).toBe(422);
    expect(noGuardian.text).toContain('ask your school');
    expect(mailbox.received.length).toBe(mailed);
    expect((await sam.post(`/me/credentials/${marked}/name`, { showName: 'yes' })).status).toBe(422);
    expect((await eva.get('/me')).text).not.toContain('Why your name is not shown');
    expect((await eva.post(`/me/credentials/${born}/name`, { showName: 'yes' })).status).toBe(303);
    expect(JSON.stringify(await publicJson(born!))).toContain('Nora Blanc');
  });

  it('when the school records a guardian or a date of birth after issuing, then the minor can ask their guardian, or show their name at 18; a name signed before the stay was known to be a minor’s leaves its credentials', async () => {
    const record = placement(schools[0]!.id);
    const minorStay = async (email: string) => {
      const created = (await api.post('/v1/mobilities', { ...record, participant: { ...record.participant, email, name: 'Inès Garnier', minor: true } }).expect(201)).body;
      await request(service.app).put(`/v1/mobilities/${created.id}/assessment`).set('Authorization', `Bearer ${service.adminKey}`).send(assessment({ part1: 6, part2: 9, specialtyExamsPassed: true })).expect(200);
      const credentialId = (await api.post(`/v1/mobilities/${created.id}/credentials`, { language: 'en' }).expect(201)).body.credentials[0].credential.id as string;
      return { mobilityId: created.id as string, credentialId };
    };
    const recordMinor = (mobilityId: string, body: Record<string, unknown>) =>
      request(service.app).put(`/v1/mobilities/${mobilityId}/minor`).set('Authorization', `Bearer ${service.adminKey}`).send(body);

    const ines = await minorStay('ines.garnier@example.org');
    const space = await signIn('ines.garnier@example.org');
    const home = (await space.get('/me')).text;
    expect(home).toContain('ask your school to record the email address of a parent or guardian on your stay');
    // Each badge says which stay it was earned on: where, and when.
    expect(home).toContain('<p class="learner-stay" data-stay>Restaurante La Albufera S.L., Valencia, Spain · 4 May 2026 – 29 May 2026</p>');
    const signed = await publicJson(ines.credentialId);
    // The school records the guardian now (other corrections are refused once credentials are issued).
    const recorded = await recordMinor(ines.mobilityId, { minor: true, guardianEmail: 'Parent.Garnier@example.org' }).expect(200);
    expect(recorded.body.record.participant).toMatchObject({ minor: true, guardianEmail: 'Parent.Garnier@example.org', name: 'Inès Garnier' });
    expect(await publicJson(ines.credentialId)).toEqual(signed);
    expect((await space.post('/me/guardian', {})).headers.location).toBe('/me?done=guardian-sent&lang=en');
    const [approval] = linksMailedTo(mailbox, 'parent.garnier@example.org', TEST_BASE_URL);
    const guardian = new LearnerClient(service.app, 'en');
    await guardian.get(new URL(approval!).pathname);
    expect((await guardian.post(new URL(approval!).pathname)).text).toContain('the learner can now choose to show their name');
    await space.post(`/me/credentials/${ines.credentialId}/name`, { showName: 'yes' });
    expect(JSON.stringify(await publicJson(ines.credentialId))).toContain('Inès Garnier');
    // Recorded again (a birth date added): the name the guardian allowed and the learner showed stays.
    await recordMinor(ines.mobilityId, { dateOfBirth: '2010-04-04', guardianEmail: 'Parent.Garnier@example.org' }).expect(200);
    expect(JSON.stringify(await publicJson(ines.credentialId))).toContain('Inès Garnier');

    // Only "minor" recorded, never a date: withheld for good, until the school records the date of birth.
    const leo = await minorStay('leo.garnier@example.org');
    const leoSpace = await signIn('leo.garnier@example.org');
    expect((await leoSpace.post(`/me/credentials/${leo.credentialId}/name`, { showName: 'yes' })).status).toBe(422);
    expect((await recordMinor(leo.mobilityId, { dateOfBirth: '2026-06-01' })).body).toMatchObject({ status: 422, rule: 'born-before-stay', field: '/dateOfBirth' });
    expect((await recordMinor(leo.mobilityId, { dateOfBirth: '2008-01-15', extra: true })).status).toBe(400);
    await recordMinor(leo.mobilityId, { dateOfBirth: '2008-01-15' }).expect(200);
    expect((await leoSpace.post(`/me/credentials/${leo.credentialId}/name`, { showName: 'yes' })).status).toBe(303);
    expect(JSON.stringify(await publicJson(leo.credentialId))).toContain('Inès Garnier');
    const audit = await service.ctx.db.selectFrom('audit_events').select('action').where('subject_id', '=', leo.mobilityId).execute();
    expect(audit.map((event) => event.action)).toContain('mobility.minor-details-recorded');

    // A stay recorded as an adult's, its credentials naming them, then found to be a minor's: the name leaves them.
    const created = (await api.post('/v1/mobilities', { ...record, participant: { ...record.participant, email: 'sara.garnier@example.org', name: 'Sara Garnier' } }).expect(201)).body;
    await request(service.app).put(`/v1/mobilities/${created.id}/assessment`).set('Authorization', `Bearer ${service.adminKey}`).send(assessment({ part1: 6, part2: 9, specialtyExamsPassed: true })).expect(200);
    const saraIds = (await api.post(`/v1/mobilities/${created.id}/credentials`, { language: 'en' }).expect(201)).body.credentials.map((entry: any) => entry.credential.id) as string[];
    expect(JSON.stringify(await publicJson(saraIds[0]!))).toContain('Sara Garnier');
    await api.post(`/v1/credentials/${saraIds[1]}/revoke`, { reason: 'Wrong level', publicReason: 'Issued in error' }).expect(200);
    await recordMinor(created.id, { dateOfBirth: '2011-05-05', guardianEmail: 'parent.garnier@example.org' }).expect(200);
    // Every credential of the stay, the revoked one too (it is still published, as revoked).
    for (const id of saraIds) expect(JSON.stringify(await publicJson(id))).not.toContain('Sara Garnier');
    expect(await verdict(saraIds[0]!)).toBe('valid');
    expect(await verdict(saraIds[1]!)).toBe('revoked');
    const sara = await signIn('sara.garnier@example.org');
    expect((await sara.get('/me')).text).toContain('Why your name is not shown');
  });

  it('when one school records a learner as a minor, then another school’s credentials to that address leave the name out too, by stay or directly', async () => {
    const stayOf = (school: number, participant: Record<string, unknown>) => {
      const record = placement(schools[school]!.id);
      return { ...record, participant: { ...record.participant, email: 'jade.faure@example.org', name: 'Jade Faure', ...participant } };
    };
    const issueStay = async (body: ReturnType<typeof stayOf>) => {
      const created = (await api.post('/v1/mobilities', body).expect(201)).body;
      await request(service.app).put(`/v1/mobilities/${created.id}/assessment`).set('Authorization', `Bearer ${service.adminKey}`).send(assessment({ part1: 6, part2: 9, specialtyExamsPassed: true })).expect(200);
      return (await api.post(`/v1/mobilities/${created.id}/credentials`, { language: 'en' }).expect(201)).body.credentials.map((entry: { credential: { id: string } }) => entry.credential.id) as string[];
    };
    // Issued to before any school recorded her age: named, and "no age recorded" is kept in memory.
    const earlier = await issue(0, 'jade.faure@example.org', { recipient: { email: 'jade.faure@example.org', name: 'Jade Faure' } });
    expect(JSON.stringify(await publicJson(earlier.id))).toContain('Jade Faure');
    const generation = async () => (await service.ctx.db.selectFrom('change_generation').select('value').executeTakeFirstOrThrow()).value;
    const unchanged = await generation();
    await api.post('/v1/mobilities', stayOf(1, { email: 'tom.petit@example.org', name: 'Tom Petit' })).expect(201); // a stay that records no age leaves what is kept in memory alone
    expect(await generation()).toBe(unchanged);
    // School 0 records her date of birth (17 at issuance); school 1 records nothing about her age.
    await api.post('/v1/mobilities', stayOf(0, { dateOfBirth: `${clock.getUTCFullYear() - 17}-01-01` })).expect(201);
    expect(await generation()).not.toBe(unchanged);
    const [byStay] = await issueStay(stayOf(1, {}));
    const direct = await issue(1, 'Jade.Faure@example.org', { recipient: { email: 'Jade.Faure@example.org', name: 'Jade Faure' } });
    for (const id of [byStay!, direct.id]) {
      expect(JSON.stringify(await publicJson(id))).not.toContain('Jade Faure');
      expect(await verdict(id)).toBe('valid');
    }
    const withheld = await service.ctx.db.selectFrom('withheld_names').select(['credential_id', 'name']).where('credential_id', 'in', [byStay!, direct.id]).execute();
    expect(withheld.map((row) => row.name)).toEqual(['Jade Faure', 'Jade Faure']);
    // Another address of the same name, never recorded as a minor: named as the school asked.
    expect(JSON.stringify(await publicJson((await issue(1, 'jade.faure@other.example')).id))).toContain('Léa Martin');
    // In bulk too (the addresses asked about in one query): the minor's name is left out, the adult's kept.
    const bulk = await api.post('/v1/credentials/bulk', {
      credentials: [
        { achievementId: schools[1]!.achievementId, recipient: { email: 'JADE.FAURE@example.org', name: 'Jade Faure' }, validFrom: '2026-01-02T00:00:00Z' },
        { achievementId: schools[1]!.achievementId, recipient: { email: 'hugo.faure@example.org', name: 'Hugo Faure' } },
      ],
    });
    expect(bulk.status, bulk.text).toBe(201);
    const [toJade, toHugo] = bulk.body.credentials.map((credential: { id: string }) => credential.id) as string[];
    expect(JSON.stringify(await publicJson(toJade!))).not.toContain('Jade Faure');
    expect(JSON.stringify(await publicJson(toHugo!))).toContain('Hugo Faure');
    expect((await service.ctx.db.selectFrom('withheld_names').select('name').where('credential_id', '=', toJade!).execute()).map((row) => row.name)).toEqual(['Jade Faure']);
  });

  it('when a learner sends a badge to a wallet, then a QR code and offer are shown; once revoked, the offer is refused', async () => {
    const credential = await issue(0, 'paul.simon@example.org');
    const paul = await signIn('paul.simon@example.org');
    await paul.get(`/me/credentials/${credential.id}`);
    const offered = await paul.post(`/me/credentials/${credential.id}/wallet`);
    expect(offered.status).toBe(200);
    expect(offered.text).toMatch(/<img class="qr" src="data:image\/svg\+xml;base64,/);
    const uri = /href="(openid-credential-offer:\/\/\?credential_offer=[^"]+)"/.exec(offered.text)![1]!.replace(/&amp;/g, '&');
    const offer = JSON.parse(new URL(uri).searchParams.get('credential_offer')!);
    expect(offer.credential_issuer).toBe(TEST_BASE_URL);
    expect(offer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']['pre-authorized_code']).toMatch(/^[A-Za-z0-9_-]{43}$/);

    await api.post(`/v1/credentials/${credential.id}/revoke`, { reason: 'issued by mistake' }).expect(200);
    const page = await paul.get(`/me/credentials/${credential.id}`);
    expect(page.text).toContain('it can no longer be sent to a wallet');
    expect(page.text).not.toContain('/wallet?lang=');
    const refused = await paul.post(`/me/credentials/${credential.id}/wallet`, {}, 'application/problem+json');
    expect(refused.body).toMatchObject({ status: 409, type: 'urn:mobicred:problem:credential-not-active' });
  });

  it('when employers open a badge’s public page or check it, then the learner sees how many did each day, and nothing about them', async () => {
    const credential = await issue(1, 'sarah.klein@example.org');
    await request(service.app).get(`/credentials/${credential.id}`).set('Accept', 'text/html').expect(200);
    await request(service.app).get(`/credentials/${credential.id}`).set('Accept', 'application/ld+json').expect(200);
    await request(service.app).get(`/credentials/${credential.id}/verification`).expect(200);
    clock = new Date(clock.getTime() + DAY);
    await request(service.app).get(`/credentials/${credential.id}/verification`).set('X-Forwarded-For', '203.0.113.9').expect(200);
    await request(service.app).get('/credentials/00000000-0000-4000-8000-000000000000/verification').expect(404);

    await service.ctx.lookups.flush(); // counted in memory, written a few seconds later
    const rows = await service.ctx.db.selectFrom('credential_views').selectAll().where('credential_id', '=', credential.id).execute();
    expect(rows.map((row) => row.count).sort()).toEqual([1, 3]);
    expect(Object.keys(rows[0]!).sort()).toEqual(['count', 'credential_id', 'day']);
    const sarah = await signIn('sarah.klein@example.org');
    const page = (await sarah.get(`/me/credentials/${credential.id}`)).text;
    const table = /<table id="lookups">([\s\S]*?)<\/table>/.exec(page)![1]!;
    expect([...table.matchAll(/<td class="number">(\d+)<\/td>/g)].map((match) => Number(match[1]))).toEqual([3, 1]);
    expect(table).toContain('4 in all');
  });

  it('when a badge is looked up again and again, then the look-ups are written together, by day, once held or when too many wait', async () => {
    const [a, b] = [await issue(0, 'noah.dubois@example.org'), await issue(1, 'noah.dubois@example.org')];
    let day = new Date('2026-07-01T12:00:00Z');
    const lookups = createCredentialLookups({ db: service.ctx.db, now: () => day, flushAfterMs: 60_000, maxPending: 3 });
    const counts = async () =>
      (await service.ctx.db.selectFrom('credential_views').select(['credential_id', 'count', sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day')]).where('credential_id', 'in', [a.id, b.id]).orderBy('credential_id').orderBy('day').execute())
        .map((row) => `${row.credential_id === a.id ? 'a' : 'b'} ${row.day} ${row.count}`)
        .sort();
    for (let i = 0; i < 5; i += 1) lookups.count(a.id);
    lookups.count(b.id);
    expect(await counts()).toEqual([]); // held: two rows pending, under the three that start a write
    day = new Date('2026-07-02T00:00:01Z');
    lookups.count(a.id); // a third row pending: written without waiting for the timer
    await expect.poll(counts, { timeout: 5_000 }).toEqual(['a 2026-07-01 5', 'a 2026-07-02 1', 'b 2026-07-01 1']);
    lookups.count(a.id);
    await lookups.flush();
    expect(await counts()).toContain('a 2026-07-02 2');
    // After the delay, written by the timer alone.
    const timed = createCredentialLookups({ db: service.ctx.db, now: () => day, flushAfterMs: 20 });
    timed.count(b.id);
    await expect.poll(counts, { timeout: 5_000 }).toContain('b 2026-07-02 1');
  });

  it('when a learner downloads their data and deletes their space, then the space is gone, the badges stay valid, and each school sees the deletion in its audit', async () => {
    const first = await issue(0, 'zoe.garcia@example.org');
    const second = await issue(1, 'zoe.garcia@example.org');
    await request(service.app).get(`/credentials/${first.id}/verification`).expect(200);
    const zoe = await signIn('zoe.garcia@example.org');
    await zoe.post(`/me/credentials/${second.id}/name`, { showName: 'no' });
    // A CV platform she let in (Open Badges API), what it sent to her space, and another learner's grant that must stay.
    const zoeId = (await service.ctx.db.selectFrom('learner_emails').select('learner_id').where('email', '=', 'zoe.garcia@example.org').executeTakeFirstOrThrow()).learner_id;
    const store = oauthArtifactStore({ db: service.ctx.db, clientSecretsKey: randomBytes(32), now: () => clock });
    const scope = 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly';
    const iat = Math.floor(clock.getTime() / 1000);
    await store('Client').upsert('cv-platform', { client_id: 'cv-platform', client_name: 'CV Europe', scope }, 3600);
    await store('Grant').upsert('grant-zoe', { kind: 'Grant', accountId: zoeId, clientId: 'cv-platform', openid: { scope: 'openid' }, resources: { 'https://api.example': scope }, iat }, 3600);
    await store('AccessToken').upsert('token-zoe', { kind: 'AccessToken', accountId: zoeId, clientId: 'cv-platform', grantId: 'grant-zoe', scope, iat }, 3600);
    await store('Grant').upsert('grant-other', { kind: 'Grant', accountId: randomUUID(), clientId: 'cv-platform', iat }, 3600);
    await service.ctx.db.insertInto('learner_imported_credentials').values({
      id: randomUUID(), learner_id: zoeId, issuer: 'https://other-school.example', credential_id: 'urn:uuid:imported', format: 'jwt_vc',
      media_type: 'application/vc+jwt', body: 'eyJ.imported.jwt', valid_from: clock, created_at: clock, updated_at: clock,
    }).execute();

    const data = await zoe.get('/me/data.json', 'application/json');
    expect(data.headers['content-disposition']).toMatch(/^attachment; filename="?my-badges.json"?$/);
    const exported = JSON.parse(data.text);
    expect(exported.addresses).toEqual(['zoe.garcia@example.org']);
    expect(exported.credentials.map((credential: { id: string }) => credential.id).sort()).toEqual([first.id, second.id].sort());
    expect(exported.credentials.find((credential: { id: string }) => credential.id === second.id)).toMatchObject({ nameShown: null, nameWithheld: 'Léa Martin' });
    expect(exported.credentials.find((credential: { id: string }) => credential.id === first.id).lookups).toEqual([{ day: clock.toISOString().slice(0, 10), count: 1 }]);
    expect(exported.importedCredentials).toEqual([
      expect.objectContaining({ issuer: 'https://other-school.example', credentialId: 'urn:uuid:imported', format: 'jwt_vc', credential: 'eyJ.imported.jwt', importedAt: clock.toISOString() }),
    ]);
    expect(exported.platformsGivenAccess).toEqual([
      { clientId: 'cv-platform', clientName: 'CV Europe', scopes: ['openid', scope], grantedAt: clock.toISOString(), expiresAt: new Date(clock.getTime() + 3600_000).toISOString() },
    ]);

    await zoe.get('/me/data');
    expect((await zoe.post('/me/data/delete', {})).status).toBe(400);
    const learnerId = (await service.ctx.db.selectFrom('learner_emails').select('learner_id').where('email', '=', 'zoe.garcia@example.org').executeTakeFirstOrThrow()).learner_id;
    const deleted = await zoe.post('/me/data/delete', { confirm: 'yes' });
    expect(deleted.status).toBe(200);
    expect(deleted.text).toContain('Your space is deleted');
    expect((await zoe.get('/me')).status).toBe(303);

    const db = service.ctx.db;
    expect(await db.selectFrom('learners').selectAll().where('id', '=', learnerId).execute()).toEqual([]);
    expect(await db.selectFrom('learner_emails').selectAll().where('learner_id', '=', learnerId).execute()).toEqual([]);
    expect(await db.selectFrom('learner_sessions').selectAll().where('learner_id', '=', learnerId).execute()).toEqual([]);
    expect(await db.selectFrom('credential_views').selectAll().where('credential_id', 'in', [first.id, second.id]).execute()).toEqual([]);
    expect(await db.selectFrom('withheld_names').selectAll().where('credential_id', 'in', [first.id, second.id]).execute()).toEqual([]);
    expect(await db.selectFrom('learner_imported_credentials').selectAll().where('learner_id', '=', learnerId).execute()).toEqual([]);
    expect(await store('Grant').find('grant-zoe')).toBeUndefined();
    expect(await store('AccessToken').find('token-zoe')).toBeUndefined();
    expect(await store('Grant').find('grant-other')).toBeDefined();
    expect(await store('Client').find('cv-platform')).toBeDefined();
    expect([await verdict(first.id), await verdict(second.id)]).toEqual(['valid', 'valid']);
    expect(JSON.stringify(await publicJson(second.id))).not.toContain('Léa Martin');
    const events = (await audit('learner.space-deleted')).filter((event) => event.subject_id === learnerId);
    expect(events.map((event) => event.issuer_id).sort()).toEqual([schools[0]!.id, schools[1]!.id].sort());
    expect(events.find((event) => event.issuer_id === schools[0]!.id)!.details).toEqual({ credentials: [first.id] });
  });
});
