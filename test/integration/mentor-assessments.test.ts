import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { BACKENDS } from '../support/backends.js';
import { TEST_BASE_URL, startTestService, type TestService } from '../support/service.js';
import { adminApi, placement } from '../support/api.js';
import { bodyText, startMailbox } from '../support/mailbox.js';
import { verifierDocumentLoader } from '../support/verifier.js';
import { openApiResponseValidator } from '../support/oracles.js';
import { sendMentorReminders } from '../../src/services/mentor-assessments.js';
import { MENTOR_GRID } from '../support/mentor.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';
import { storeSchoolGridTexts } from '../../src/storage/mentor-grid-texts-repository.js';

const validateResponse = openApiResponseValidator();
const DAY = 24 * 60 * 60 * 1000;

const GRID = MENTOR_GRID;

describe.each(BACKENDS)('the host mentor’s assessment on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let clock = new Date('2026-05-20T09:00:00Z');
  let issuerId: string;

  beforeAll(async () => {
    mailbox = await startMailbox();
    service = await startTestService(backend, { now: () => clock, smtp: { url: mailbox.url, from: 'mobicred <ddfpt@lp-jean-moulin.example.fr>' } });
    api = adminApi(service);
    issuerId = (await api.createIssuer()).id;
    // Set-up records, signs and issues: give it time beside other suites on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    await service.close();
    await mailbox.close();
  });

  const stay = async (overrides: Record<string, unknown> = {}) => (await api.post('/v1/mobilities', { ...placement(issuerId), ...overrides })).body as { id: string };
  const requestLink = async (mobilityId: string, body: Record<string, unknown> = {}) => {
    const res = await api.post(`/v1/mobilities/${mobilityId}/mentor-assessment`, body);
    expect(res.status, res.text).toBe(201);
    return res.body as { url: string; state: string; language: string; qrCode: string };
  };
  const path = (url: string) => url.slice(TEST_BASE_URL.length);
  const browser = (language: string) => ({ Accept: 'text/html', 'Accept-Language': language });

  it('when the school sends the link, then the mentor gets it by email in Spanish and French, and the school sees it sent then opened', async () => {
    const mobility = await stay();
    const link = await requestLink(mobility.id, { sendEmail: true, outcomeTranslations: { es: ['Preparar platos regionales en una cocina profesional', 'Trabajar en equipo en una cocina extranjera'] } });
    expect(link).toMatchObject({ state: 'sent', language: 'es' });
    expect(link.qrCode).toMatch(/^data:image\/png;base64,/);
    const created = await api.get(`/v1/mobilities/${mobility.id}/mentor-assessment`);
    expect(validateResponse({ path: '/v1/mobilities/{id}/mentor-assessment', method: 'GET', status: 200, contentType: created.headers['content-type'], body: created.body }).errors).toBeNull();
    const mail = mailbox.received.at(-1)!;
    expect(mail.to).toEqual(['carmen@albufera.example.es']);
    const text = bodyText(mail.raw);
    expect(text).toContain('le pide que eval');
    expect(text).toContain('vous demande d');
    expect(text).toContain(link.url);

    const page = await request(service.app).get(path(link.url)).set(browser('es-ES,es;q=0.9'));
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.text).toContain('<span lang="es">Competencias profesionales</span> <span lang="fr" class="fr">Compétences professionnelles</span>');
    expect(page.text).toContain('Preparar platos regionales en una cocina profesional');
    expect(page.text).toContain('Prepare regional dishes in a professional kitchen');
    expect((await api.get(`/v1/mobilities/${mobility.id}/mentor-assessment`)).body.state).toBe('opened');

    // A mentor in Spain gets Spanish whatever phone they borrow (the host country before the browser); the switch wins.
    expect((await request(service.app).get(path(link.url)).set(browser('fr-FR'))).text).toContain('<span lang="es">Competencias profesionales</span>');
    expect((await request(service.app).get(path(link.url)).set(browser('de-DE,de;q=0.9'))).text).toContain('<span lang="es">Competencias profesionales</span>');
    expect((await request(service.app).get(`${path(link.url)}?lang=de`).set(browser('es'))).text).toContain('<span lang="de">Berufliche Kompetenzen</span>');
    expect((await request(service.app).get(`${path(link.url)}?lang=es-MX`).set(browser('es'))).text).toContain('lang="es-MX"');
  });

  it('when a school adds a language for its mentors, then the email reaches the mentor in it beside French; a file saved before emails had words sends English', async () => {
    const english = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'messages', 'mentor-grid', 'en.json'), 'utf8')) as Record<string, string>;
    const dutch = {
      ...english,
      languageName: 'Nederlands',
      'email.subject': 'Beoordeling van het verblijf van {learner} — {school}',
      'email.hello': 'Goedendag,',
      'email.request': '{school} vraagt u het verblijf van {learner} in uw organisatie te beoordelen, op uw telefoon, zonder account.',
      'email.until': 'Persoonlijke link, geldig tot {date}:',
    };
    const put = await request(service.app).put(`/v1/issuers/${issuerId}/mentor-texts/nl`).set('Authorization', `Bearer ${service.adminKey}`).send(dutch);
    expect(put.status, put.text).toBeLessThan(300);
    const mentorAt = async (email: string, language: string) => {
      const record = placement(issuerId);
      const mobility = await stay({ participant: { ...record.participant, email: `learner-${language}@example.org` }, hostOrganisation: { ...record.hostOrganisation, mentor: { ...record.hostOrganisation.mentor, email } } });
      await requestLink(mobility.id, { language, sendEmail: true });
      const mail = mailbox.received.filter((received) => received.to.includes(email)).at(-1)!;
      return { raw: mail.raw, text: bodyText(mail.raw) };
    };
    const inDutch = await mentorAt('sanne@dekas.example.nl', 'nl');
    expect(inDutch.text).toContain('Goedendag,');
    expect(inDutch.text).toContain('vraagt u het verblijf van Léa Martin in uw organisatie te beoordelen');
    expect(inDutch.text).toMatch(/Persoonlijke link, geldig tot \d+ juni 2026:/); // the date in Dutch
    expect(inDutch.text).toContain('vous demande d’évaluer la période de Léa Martin');
    expect(inDutch.text).not.toContain('asks you to assess');
    expect(inDutch.raw).toMatch(/^Subject: =\?UTF-8\?Q\?Beoordeling_van_het_verblijf_van/m);

    // Swedish saved before email texts were part of a file: the mentor reads English beside French.
    const withoutEmail = Object.fromEntries(Object.entries({ ...english, languageName: 'Svenska' }).filter(([key]) => !key.startsWith('email.')));
    await storeSchoolGridTexts(service.ctx.db, { issuer_id: issuerId, language: 'sv', texts: withoutEmail, updated_by: (await service.ctx.db.selectFrom('api_keys').select('id').executeTakeFirstOrThrow()).id, updated_at: clock });
    const older = await mentorAt('lars@example.se', 'sv');
    expect(older.text).toContain('asks you to assess Léa Martin’s stay');
    expect(older.text).toMatch(/Personal link, valid until \d{1,2} June 2026:/); // English as written in Europe
    expect(older.text).toContain('vous demande d’évaluer');
  });

  it('when the mentor makes mistakes, then each is named in their language, and nothing they typed is lost; a script stays text', async () => {
    const mobility = await stay();
    const link = await requestLink(mobility.id);
    const comment = `<script>alert("x")</script> ${'é'.repeat(2000)}`;
    const refused = await request(service.app)
      .post(`${path(link.url)}?lang=de`)
      .set(browser('de'))
      .type('form')
      .send({ ...GRID, 'competence-C3': '', part1: '9', comment, 'skill-digital': 'genius', confirm: '', step: 'review' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Einige Angaben sind zu korrigieren');
    expect(refused.text).toMatch(/href="#competence-C3"[^]*Pflichtangabe/);
    expect(refused.text).toMatch(/href="#part1"[^]*Note außerhalb der Skala/);
    expect(refused.text).toMatch(/href="#comment"[^]*zu lang/);
    expect(refused.text).toMatch(/href="#skill-digital"[^]*unbekannter Wert/);
    expect(refused.text).toMatch(/href="#confirm"[^]*Kästchen zur Bestätigung/);
    // What was typed is back in the form, escaped: the comment in full, the choices still chosen.
    expect(refused.text).toContain(`&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; ${'é'.repeat(2000)}</textarea>`);
    expect(refused.text).not.toContain('<script>alert');
    expect(refused.text).toContain('<option value="proficient" selected>');
    expect(refused.text).toMatch(/id="outcome-0" name="outcome-0" value="achieved" checked/);

    // A program gets problem+json, with the fields.
    const problem = await request(service.app).post(path(link.url)).set({ Accept: 'application/json', 'Accept-Language': 'es' }).type('form').send({ ...GRID, part1: '-1', step: 'submit' });
    expect(problem.status).toBe(400);
    expect(problem.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(problem.body).toMatchObject({ type: 'urn:mobicred:problem:validation-failed', field: 'part1', errors: [{ field: 'part1', message: 'nota fuera de la escala (medios puntos)' }] });

    // A script in a text field is kept as the mentor's text, and shown as text.
    const review = await request(service.app).post(path(link.url)).set(browser('es')).type('form').send({ ...GRID, comment: '<img src=x onerror=alert(1)>', step: 'review' });
    expect(review.status).toBe(200);
    expect(review.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(review.text).not.toContain('<img src=x');
  });

  it('when the mentor signs and the school accepts, then the credentials carry the host’s signed statement, verifiable on its own', async () => {
    const mobility = await stay();
    const link = await requestLink(mobility.id);
    const review = await request(service.app).post(path(link.url)).set(browser('es')).type('form').send({ ...GRID, step: 'review' });
    expect(review.status).toBe(200);
    expect(review.text).toContain('Revise su evaluación');
    const submitted = await request(service.app).post(path(link.url)).set(browser('es')).type('form').send({ ...GRID, step: 'submit' });
    expect(submitted.status).toBe(200);
    expect(submitted.text).toContain('Gracias, su evaluación se ha enviado');

    // Once only: the link now says so, in Spanish, with the school's address.
    const reused = await request(service.app).post(path(link.url)).set(browser('es')).type('form').send({ ...GRID, step: 'submit' });
    expect(reused.status).toBe(410);
    expect(reused.text).toContain('La evaluación ya se envió con este enlace.');
    expect(reused.text).toContain('ddfpt@lp-jean-moulin.example.fr');
    expect((await request(service.app).get(path(link.url)).set({ Accept: 'application/json' })).body).toMatchObject({ type: 'urn:mobicred:problem:mentor-link-closed', reason: 'answered' });

    // Until the school reviews it, the stay's progress says an answer waits (the list's filter and each stay).
    const waiting = await api.get(`/v1/mobilities?issuerId=${issuerId}&progress=answer-to-review`);
    expect(validateResponse({ path: '/v1/mobilities', method: 'GET', status: 200, contentType: waiting.headers['content-type'], body: waiting.body }).errors).toBeNull();
    expect(waiting.body.mobilities.map((stay: { id: string; progress: string }) => [stay.id, stay.progress])).toContainEqual([mobility.id, 'answer-to-review']);

    const answered = (await api.get(`/v1/mobilities/${mobility.id}/mentor-assessment`)).body;
    expect(answered).toMatchObject({ state: 'answered', answer: { ufm: { part1: 6.5, competences: { C1: 'acquired', C3: 'partially-acquired' } }, cefr: { code: 'es', level: 'B1' }, signature: { name: 'Carmen Ruiz' } } });
    const statement = answered.statement;
    expect(statement.type).toEqual(['VerifiableCredential', 'EndorsementCredential']);
    expect(statement.credentialSubject.endorsementComment).toContain('UFM partie 1 : 6.5/8');
    const hostDid = statement.issuer.id as string;
    const didDocument = (await request(service.app).get(`/issuers/${hostDid.split(':').pop()}/did.json`)).body;
    const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    const verifiedStatement = await vc.verifyCredential({ credential: statement, suite, documentLoader: verifierDocumentLoader(didDocument) });
    expect(verifiedStatement.verified, JSON.stringify(verifiedStatement.error)).toBe(true);

    // Not public before the school accepts it.
    expect((await request(service.app).get(new URL(statement.id).pathname)).status).toBe(404);
    const accepted = await api.post(`/v1/mobilities/${mobility.id}/mentor-assessment/accept`, {});
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.state).toBe('accepted');
    const reviewed = (await api.get(`/v1/mobilities?issuerId=${issuerId}&progress=assessed`)).body.mobilities as { id: string }[];
    expect(reviewed.map((stay) => stay.id)).toContain(mobility.id);
    expect((await request(service.app).get(new URL(statement.id).pathname)).body).toEqual(statement);

    // Before the school adds part 2 and the specialty exams, issuing is refused as a whole, naming each field.
    const early = await api.post(`/v1/mobilities/${mobility.id}/credentials`, { language: 'fr' });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ rule: 'ufm-both-parts', rules: ['ufm-both-parts', 'ufm-specialty-exams'], errors: [{ field: '/ufm/part2' }, { field: '/ufm/specialtyExamsPassed' }] });
    expect((await api.get(`/v1/credentials?issuerId=${issuerId}`)).body.credentials.filter((credential: { mobilityId: string }) => credential.mobilityId === mobility.id)).toEqual([]);

    // The school adds what it assesses itself (part 2, the specialty exams), keeping the mentor's answer.
    const assessed = (await api.get(`/v1/mobilities/${mobility.id}`)).body.assessment;
    expect(assessed).toMatchObject({ skills: { 'job-related': 'proficient' }, outcomesAchieved: [0, 1], language: { code: 'es', reached: 'B1' }, ufm: { part1: 6.5 } });
    const put = await request(service.app)
      .put(`/v1/mobilities/${mobility.id}/assessment`)
      .set({ Authorization: `Bearer ${service.adminKey}` })
      .send({ ...assessed, ufm: { ...assessed.ufm, part2: 9, specialtyExamsPassed: true } });
    expect(put.status, put.text).toBe(200);
    const issued = await api.post(`/v1/mobilities/${mobility.id}/credentials`, { language: 'fr' });
    expect(issued.status, issued.text).toBe(201);
    for (const { credential } of issued.body.credentials) {
      const document = credential.credential;
      expect(document.evidence).toContainEqual({ id: statement.id, type: ['Evidence'], genre: 'HostMentorAssessment', name: 'Carmen Ruiz (Jefa de cocina)', description: 'Restaurante La Albufera S.L.' });
      expect(document.endorsement).toEqual([statement]);
      const schoolDid = (await request(service.app).get(`/issuers/lp-jean-moulin/did.json`)).body;
      const list = await request(service.app).get(new URL(document.credentialStatus.statusListCredential).pathname);
      const verified = await vc.verifyCredential({ credential: document, suite, documentLoader: verifierDocumentLoader(schoolDid, { [document.credentialStatus.statusListCredential]: JSON.parse(list.text) }), checkStatus: async () => ({ verified: true }) });
      expect(verified.verified, JSON.stringify(verified.error)).toBe(true);
      // The embedded statement verifies on its own too, with the host's key.
      expect((await vc.verifyCredential({ credential: document.endorsement[0], suite, documentLoader: verifierDocumentLoader(didDocument) })).verified).toBe(true);
    }
    const page = await request(service.app).get(`/credentials/${issued.body.credentials[0].credential.id}`).set(browser('fr'));
    expect(page.text).toMatch(/<dt>Évalué par<\/dt><dd data-assessed-by>Carmen Ruiz \(Jefa de cocina\), Restaurante La Albufera S.L.<\/dd>/);
  });

  it('when the school returns the answer with a question, then the mentor sees it with their answer, and answers again', async () => {
    const mobility = await stay();
    const link = await requestLink(mobility.id);
    await request(service.app).post(path(link.url)).set(browser('es')).type('form').send({ ...GRID, step: 'submit' }).expect(200);
    const returned = await api.post(`/v1/mobilities/${mobility.id}/mentor-assessment/return`, { question: '¿Puede precisar la nota de la parte 1?' });
    expect(returned.status, returned.text).toBe(200);
    expect(returned.body).toMatchObject({ state: 'returned', review: { decision: 'returned', question: '¿Puede precisar la nota de la parte 1?' } });
    expect(bodyText(mailbox.received.at(-1)!.raw)).toContain('¿Puede precisar la nota de la parte 1?');
    const page = await request(service.app).get(path(link.url)).set(browser('es'));
    expect(page.status).toBe(200);
    expect(page.text).toContain('¿Puede precisar la nota de la parte 1?');
    expect(page.text).toContain('value="6.5"');
    await request(service.app).post(path(link.url)).set(browser('es')).type('form').send({ ...GRID, part1: '7', step: 'submit' }).expect(200);
    expect((await api.get(`/v1/mobilities/${mobility.id}/mentor-assessment`)).body).toMatchObject({ state: 'answered', answer: { ufm: { part1: 7 } } });
  });

  it('when a link expires, is revoked, replaced or tampered with, then the page says so and how to reach the school', async () => {
    const expiring = await stay();
    const expired = await requestLink(expiring.id, { expiresInDays: 1 });
    clock = new Date(clock.getTime() + 2 * DAY);
    try {
      const page = await request(service.app).get(path(expired.url)).set(browser('de'));
      expect(page.status).toBe(410);
      expect(page.text).toContain('Dieser Beurteilungslink ist abgelaufen.');
      expect(page.text).toContain('Wenden Sie sich für einen neuen Link an Lycée professionnel Jean Moulin');
      // The school's name on its own line, under its label: no colon left to start a line on a phone.
      expect(page.text).not.toContain('</span> : <strong>');
      expect(page.text).toMatch(/<p><span class="pair"><span lang="de">Schule<\/span> <span lang="fr" class="fr">Établissement<\/span><\/span><br><strong>Lycée professionnel Jean Moulin<\/strong>/);
      expect((await api.get(`/v1/mobilities/${expiring.id}/mentor-assessment`)).body.state).toBe('expired');
    } finally {
      clock = new Date(clock.getTime() - 2 * DAY);
    }

    const revoking = await stay();
    const revoked = await requestLink(revoking.id);
    expect((await api.post(`/v1/mobilities/${revoking.id}/mentor-assessment/revoke`, {})).body.state).toBe('revoked');
    expect((await request(service.app).get(path(revoked.url)).set(browser('it'))).text).toContain('La scuola ha ritirato questo link di valutazione.');

    // A new link ends the previous one.
    const replaced = await requestLink(revoking.id);
    expect(replaced.url).not.toBe(revoked.url);
    expect((await request(service.app).get(path(revoked.url)).set(browser('it'))).status).toBe(404);
    expect((await request(service.app).get(path(replaced.url)).set(browser('it'))).status).toBe(200);

    const token = path(replaced.url).split('/').pop()!;
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const unknown = await request(service.app).get(`/assess/${tampered}`).set(browser('pt'));
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Esta ligação de avaliação não existe.');
    expect((await request(service.app).get('/assess/not-a-token').set({ Accept: 'application/json' })).body.type).toBe('urn:mobicred:problem:not-found');
    // A truncated link is as unknown as a tampered one: the same page, in the browser's language, not JSON.
    for (const short of [token.slice(0, 8), 'bogus']) {
      const page = await request(service.app).get(`/assess/${short}`).set(browser('es-ES,es;q=0.9'));
      expect(page.status).toBe(404);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('Este enlace de evaluación no existe.');
    }
    const posted = await request(service.app).post('/assess/bogus').set(browser('es')).type('form').send({ step: 'submit' });
    expect([posted.status, posted.headers['content-type']]).toEqual([404, expect.stringMatching(/^text\/html/)]);
  });

  it('when the stay is about to end and after it ended with no answer, then the mentor is reminded once each time', async () => {
    const record = placement(issuerId);
    const mentor = 'reminded.mentor@albufera.example.es';
    const mobility = await stay({ startDate: '2026-06-01', endDate: '2026-06-26', hostOrganisation: { ...record.hostOrganisation, mentor: { ...record.hostOrganisation.mentor, email: mentor } } });
    await requestLink(mobility.id);
    const reminders = async (at: string) => {
      clock = new Date(at);
      await sendMentorReminders(service.ctx);
      return (await api.get(`/v1/mobilities/${mobility.id}/mentor-assessment`)).body.remindedAt;
    };
    const mails = () => mailbox.received.filter((mail) => mail.to.includes(mentor)).map((mail) => bodyText(mail.raw));
    try {
      expect(await reminders('2026-06-10T09:00:00Z')).toEqual({ beforeEnd: null, afterEnd: null });
      expect(await reminders('2026-06-24T09:00:00Z')).toEqual({ beforeEnd: '2026-06-24T09:00:00.000Z', afterEnd: null });
      expect(await reminders('2026-06-25T09:00:00Z')).toEqual({ beforeEnd: '2026-06-24T09:00:00.000Z', afterEnd: null });
      expect(mails()).toHaveLength(1);
      expect(mails()[0]).toContain('termina pronto');
      expect(await reminders('2026-07-04T09:00:00Z')).toEqual({ beforeEnd: '2026-06-24T09:00:00.000Z', afterEnd: '2026-07-04T09:00:00.000Z' });
      await reminders('2026-07-05T09:00:00Z');
      expect(mails()).toHaveLength(2);
      expect(mails()[1]).toContain('Seguimos esperando');
    } finally {
      clock = new Date('2026-05-20T09:00:00Z');
    }
  });

  it('when the stay is not the school’s, then nothing is found; when the answer awaits review, a new link is refused', async () => {
    expect((await api.get('/v1/mobilities/00000000-0000-4000-8000-000000000000/mentor-assessment')).status).toBe(404);
    const mobility = await stay();
    const link = await requestLink(mobility.id);
    await request(service.app).post(path(link.url)).type('form').send({ ...GRID, step: 'submit' }).expect(201);
    const again = await api.post(`/v1/mobilities/${mobility.id}/mentor-assessment`, {});
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('urn:mobicred:problem:conflict');
    const bad = await api.post(`/v1/mobilities/${mobility.id}/mentor-assessment/return`, { question: '' });
    expect(bad.status).toBe(400);
  });
});
