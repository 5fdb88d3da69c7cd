import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi, assessment, placement, SCHOOL } from '../support/api.js';

const SCHOOL_NAME = SCHOOL.name;
import { ConsoleClient, signedInConsole } from '../support/console.js';
import { cohortTemplate } from '../../src/batches/cohort-file.js';
import { cohortCsv } from '../support/cohort.js';
import { bodyText, startMailbox, type Mailbox } from '../support/mailbox.js';
import { MENTOR_GRID } from '../support/mentor.js';
import { TEST_BASE_URL } from '../support/service.js';

/**
 * What school staff do in the console (#19), through its forms as a browser posts them: the same services
 * and rules as the API, errors on the form, and never another school's data.
 */

/** The stay form as a person fills it in (inputs are named by the JSON Pointer of the API body). */
const STAY_FORM = {
  '/participant/kind': 'learner',
  '/participant/name': 'Léa Martin',
  '/participant/email': 'lea.martin@example.org',
  '/participant/class': '1re Bac pro Cuisine B',
  '/participant/qualification/title': 'Bac pro Cuisine',
  '/participant/qualification/diploma': 'bac-pro',
  '/participant/qualification/eqfLevel': '4',
  '/type': 'work-placement',
  '/programme': 'erasmus-plus-ka1',
  '/startDate': '2026-05-04',
  '/endDate': '2026-05-29',
  '/hostOrganisation/legalName': 'Restaurante La Albufera S.L.',
  '/hostOrganisation/countryCode': 'ES',
  '/hostOrganisation/city': 'Valencia',
  '/hostOrganisation/url': '',
  '/hostOrganisation/mentor/name': 'Carmen Ruiz',
  '/hostOrganisation/mentor/role': 'Jefa de cocina',
  '/hostOrganisation/mentor/email': 'carmen@albufera.example.es',
  '/workingLanguages': 'es',
  '/plannedLearningOutcomes': 'Prepare regional dishes in a professional kitchen\nWork in a team in a foreign kitchen',
};

const ASSESSMENT_FORM = {
  '/skills/job-related': 'proficient',
  '/skills/communication': 'developing',
  '/language/code': 'es',
  '/language/before': 'A2',
  '/language/reached': 'B1',
  '/ufm/part1': '6,5',
  '/ufm/part2': '9',
  '/ufm/competences/C1': 'acquired',
  '/ufm/specialtyExamsPassed': 'yes',
  '/mentorComment': 'Léa a été autonome et appréciée de toute l’équipe.',
};

function idAfter(location: string | undefined, prefix: string): string {
  const match = new RegExp(`^${prefix}/([0-9a-f-]{36})`).exec(location ?? '');
  if (!match) throw new Error(`no id in ${location}`);
  return match[1]!;
}

describe.each(BACKENDS)('console work pages on $name', (backend) => {
  let service: TestService;
  let schoolA: string;
  let schoolB: string;
  let admin: ConsoleClient;

  beforeAll(async () => {
    service = await startTestService(backend, { batchWorker: true });
    const api = adminApi(service);
    schoolA = (await api.createIssuer({ slug: 'lp-jean-moulin-console', name: 'Lycée Jean Moulin' })).id;
    schoolB = (await api.createIssuer({ slug: 'lp-victor-hugo-console', name: 'Lycée Victor Hugo' })).id;
    admin = (await signedInConsole(service, { name: 'Claire Dubois', roles: [{ role: 'school-admin', issuerId: schoolA }] })).client;
  });
  afterAll(() => service?.close());

  it('when a school admin records a stay, assesses it, previews and issues its credentials, then revokes one, then the API sees each step', async () => {
    const form = await admin.get('/console/stays/new?lang=en');
    expect(form.status).toBe(200);
    expect(form.text).toContain('<label for="f-participant-email">');

    const created = await admin.post('/console/stays?lang=en', STAY_FORM);
    expect(created.status).toBe(303);
    const stayId = idAfter(created.headers.location, '/console/stays');
    const api = adminApi(service);
    const stay = await api.get(`/v1/mobilities/${stayId}`);
    expect(stay.body.record).toMatchObject({ participant: { name: 'Léa Martin', class: '1re Bac pro Cuisine B' }, workingLanguages: ['es'], plannedLearningOutcomes: [{ title: 'Prepare regional dishes in a professional kitchen' }, { title: 'Work in a team in a foreign kitchen' }] });

    const assessed = await admin.post(`/console/stays/${stayId}/assessment?lang=en`, { ...ASSESSMENT_FORM, '/outcomesAchieved': '1' });
    expect(assessed.status).toBe(303);
    expect((await api.get(`/v1/mobilities/${stayId}`)).body.assessment).toMatchObject({ ufm: { part1: 6.5, part2: 9, specialtyExamsPassed: true, competences: { C1: 'acquired' } }, outcomesAchieved: [1] });

    const preview = await admin.get(`/console/stays/${stayId}/credentials?lang=en&language=en`);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Skills gained during a stay abroad');
    expect(preview.text).toContain('Work in a team in a foreign kitchen');
    expect(preview.text).toContain('Optional mobility unit (UFM)');
    // A preview signs nothing.
    expect((await api.get(`/v1/mobilities?issuerId=${schoolA}&state=assessed`)).body.mobilities.map((m: { id: string }) => m.id)).toContain(stayId);

    const issued = await admin.post(`/console/stays/${stayId}/credentials?lang=en`, { language: 'en' });
    expect(issued.status).toBe(303);
    expect(issued.headers.location).toContain('issued=3');
    const credentials = (await api.get(`/v1/credentials?issuerId=${schoolA}`)).body.credentials as { id: string; mobilityId: string; name: string }[];
    const ofStay = credentials.filter((credential) => credential.mobilityId === stayId);
    expect(ofStay.map((credential) => credential.name).sort()).toEqual(['Foreign language skills: Spanish', 'Optional mobility unit (UFM)', 'Skills gained during a stay abroad']);

    // Issued: the stay cannot be corrected any more, and says so on the form.
    const correction = await admin.post(`/console/stays/${stayId}/edit?lang=en`, { ...STAY_FORM, '/hostOrganisation/city': 'València' });
    expect(correction.status).toBe(422);
    expect(correction.text).toContain('Credentials were issued for this stay');

    const target = ofStay[0]!.id;
    // An active credential offers its printable certificate, and the link serves the PDF.
    const activePage = await admin.get(`/console/credentials/${target}?lang=en`);
    const certificateHref = /<a href="([^"]+\/certificate\.pdf\?languages=fr,en)">Printable certificate/.exec(activePage.text)?.[1];
    expect(certificateHref).toBeDefined();
    const certificate = await request(service.app).get(new URL(certificateHref!).pathname + new URL(certificateHref!).search);
    expect(certificate.status).toBe(200);
    expect(certificate.headers['content-type']).toBe('application/pdf');
    // Without SMTP, the page says so and makes a claim link to hand over; the link lets the learner claim it.
    expect(activePage.text).toContain('create a claim link below');
    const claimLink = await admin.post(`/console/credentials/${target}/claim-link?lang=en`, {});
    expect(claimLink.status).toBe(200);
    expect(claimLink.headers['cache-control']).toContain('no-store');
    const claimUrl = /<input type="text" id="claim-link" readonly value="([^"]+)">/.exec(claimLink.text)?.[1];
    expect(claimUrl).toMatch(/\/claim\/[^/]+$/);
    expect((await request(service.app).get(new URL(claimUrl!).pathname).set('Accept', 'text/html')).status).toBe(200);
    expect((await admin.post(`/console/credentials/${target}/claim-link?lang=en`, { _csrf: 'forged' })).status).toBe(403);
    const confirm = await admin.get(`/console/credentials/${target}/revoke?lang=en`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Revoke this credential?');
    // The confirmation step changes nothing; a revocation without its reason is refused on the form.
    expect((await api.get(`/v1/credentials/${target}`)).body.status.state).toBe('active');
    const noReason = await admin.post(`/console/credentials/${target}/revoke?lang=en`, { '/reason': '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('href="#f-reason"');
    // Worded as every required field is (the label says "(required)"), in both languages.
    expect(noReason.text).toContain('<p class="field-error" id="f-reason-error">is required</p>');
    const sansMotif = await admin.post(`/console/credentials/${target}/revoke?lang=fr`, { '/reason': '' });
    expect(sansMotif.text).toContain('<p class="field-error" id="f-reason-error">est obligatoire</p>');
    expect(sansMotif.text).not.toContain('nécessaire avec les autres informations');
    const revoked = await admin.post(`/console/credentials/${target}/revoke?lang=en`, { '/reason': 'Issued in error', '/publicReason': 'Issued in error' });
    expect(revoked.status).toBe(303);
    expect((await api.get(`/v1/credentials/${target}`)).body.status).toMatchObject({ state: 'revoked', publicReason: 'Issued in error' });
    const page = await admin.get(`/console/credentials/${target}?lang=en&done=revoke`);
    expect(page.text).toContain('The credential is revoked.');
    expect(page.text).not.toContain('certificate.pdf');
  });

  it('when the school sends the mentor link from the stay page, then it sees the link and its state, reviews the answer, returns it with a question, then accepts it', async () => {
    const api = adminApi(service);
    const stayId = (await api.post('/v1/mobilities', placement(schoolA))).body.id as string;
    const empty = await admin.get(`/console/stays/${stayId}?lang=en`);
    expect(empty.text).toContain('<h2 id="mentor">Host mentor’s assessment</h2>');
    expect(empty.text).toContain('No link sent yet.');

    // Without the session's CSRF token nothing is sent.
    expect((await admin.post(`/console/stays/${stayId}/mentor?lang=en`, { _csrf: undefined })).status).toBe(403);
    expect((await api.get(`/v1/mobilities/${stayId}/mentor-assessment`)).status).toBe(404);

    expect(empty.text).toContain('value="30"');
    expect((await admin.post(`/console/stays/${stayId}/mentor?lang=en`, { expiresInDays: '0' })).headers.location).toContain('mentor=refused-days');
    expect((await api.get(`/v1/mobilities/${stayId}/mentor-assessment`)).status).toBe(404);
    const sent = await admin.post(`/console/stays/${stayId}/mentor?lang=en`, { expiresInDays: '30' });
    expect(sent.status).toBe(303);
    // No SMTP here: nothing was emailed, and the page says so plainly, with the link to copy and pass on.
    expect(sent.headers.location).toBe(`/console/stays/${stayId}?lang=en&mentor=ready#mentor`);
    const view = (await api.get(`/v1/mobilities/${stayId}/mentor-assessment`)).body as { url: string; qrCode: string; state: string; emailedAt: string | null };
    expect(view).toMatchObject({ state: 'sent', emailedAt: null });
    const page = await admin.get(`/console/stays/${stayId}?lang=en&mentor=ready`);
    expect(page.text).toContain('<p class="notice" role="status">The link is ready, but no email was sent: give it to the mentor yourself.');
    expect(page.text).toContain('This service cannot send emails (no SMTP server is configured)');
    expect(page.text).not.toContain('emailed');
    expect(page.text).toContain('>Sent</span>');
    expect(page.text).toContain(`<input type="text" id="mentor-link" readonly value="${view.url}">`);
    expect(page.text).toContain('data-copy="mentor-link" data-copied="Copied" hidden>Copy the link</button>');
    expect(page.text).toContain('<script src="/assets/copy-buttons.js?v=');
    expect(page.text).toContain(`<img src="${view.qrCode}"`);
    const enFrancais = await admin.get(`/console/stays/${stayId}?lang=fr&mentor=ready`);
    expect(enFrancais.text).toContain('Le lien est prêt, mais aucun courriel n’a été envoyé : transmettez-le vous-même au tuteur.');
    expect(enFrancais.text).toContain('data-copy="mentor-link" data-copied="Copié" hidden>Copier le lien</button>');

    // The mentor answers; the school sees the grid's values, the comment and the signature, in French here.
    const mentorPath = view.url.slice(TEST_BASE_URL.length);
    await request(service.app).post(mentorPath).type('form').send({ ...MENTOR_GRID, step: 'submit' }).expect(201);
    const answered = await admin.get(`/console/stays/${stayId}?lang=fr`);
    expect(answered.text).toContain('Répondu : à examiner');
    expect(answered.text).toContain('Léa a tenu le poste froid seule dès la deuxième semaine.');
    expect(answered.text).toContain('Carmen Ruiz, Jefa de cocina');
    expect(answered.text).toContain('6,5 points');
    expect(answered.text).toContain('C3 — Partiellement acquise');
    expect(answered.text).toContain('Accepter la réponse');

    // Its next step is the review, said on the stay page, in the list and on the home page, each leading to the section.
    const toReview = `/console/stays/${stayId}?lang=fr#mentor`;
    expect(answered.text).toContain('<span class="tag tag-answer-to-review">Réponse du tuteur à relire</span> <a href="#mentor">Relire la réponse du tuteur et l’accepter.</a>');
    expect(answered.text).not.toContain('Demander la grille d’évaluation au tuteur');
    const listed = await admin.get('/console/stays?lang=fr&progress=answer-to-review');
    expect(listed.text).toContain(`<a href="${toReview}"><span class="tag tag-answer-to-review">Réponse du tuteur à relire</span></a>`);
    const home = await admin.get('/console?lang=fr');
    expect(home.text).toMatch(/séjours? — Réponse du tuteur à relire<\/a>\. Relire la réponse du tuteur et l’accepter\./);
    expect(home.text).toContain(`<a href="${toReview}">La réponse du tuteur pour Léa Martin</a>`);
    expect((await admin.get('/console?lang=en')).text).toContain(`<a href="/console/stays/${stayId}?lang=en#mentor">The mentor’s answer for Léa Martin</a>`);
    const byProgress = async (progress: string) => (await api.get(`/v1/mobilities?issuerId=${schoolA}&progress=${progress}`)).body.mobilities.map((stay: { id: string }) => stay.id) as string[];
    expect(await byProgress('answer-to-review')).toContain(stayId);

    // An empty question is refused and changes nothing; a question sends it back to the mentor.
    const blank = await admin.post(`/console/stays/${stayId}/mentor/return?lang=en`, { question: '  ' });
    expect(blank.headers.location).toContain('mentor=refused-question');
    expect((await api.get(`/v1/mobilities/${stayId}/mentor-assessment`)).body.state).toBe('answered');
    const returned = await admin.post(`/console/stays/${stayId}/mentor/return?lang=en`, { question: 'Could you confirm the mark of C3?' });
    expect(returned.headers.location).toContain('mentor=returned#mentor');
    const reopened = await admin.get(`/console/stays/${stayId}?lang=fr&mentor=returned`);
    expect(reopened.text).toContain('avec votre question, mais aucun courriel n’a été envoyé : prévenez vous-même le tuteur');
    expect(reopened.text).not.toContain('renvoyée au tuteur');
    expect(reopened.text).toContain(`<input type="text" id="mentor-link" readonly value="${view.url}">`);
    expect((await api.get(`/v1/mobilities/${stayId}/mentor-assessment`)).body.state).toBe('returned');
    expect((await admin.get(`/console/stays/${stayId}?lang=en`)).text).toContain('Could you confirm the mark of C3?');
    // Returned: nothing to review until the mentor answers again.
    expect(await byProgress('answer-to-review')).not.toContain(stayId);
    // Accepting now is refused (nothing waits for review), said on the page.
    expect((await admin.post(`/console/stays/${stayId}/mentor/accept?lang=en`, {})).headers.location).toContain('mentor=refused-conflict');

    await request(service.app).post(mentorPath).type('form').send({ ...MENTOR_GRID, step: 'submit' }).expect(201);
    const accepted = await admin.post(`/console/stays/${stayId}/mentor/accept?lang=en`, {});
    expect(accepted.headers.location).toContain('mentor=accepted');
    expect((await api.get(`/v1/mobilities/${stayId}/mentor-assessment`)).body.state).toBe('accepted');
    expect((await api.get(`/v1/mobilities/${stayId}`)).body.assessment.ufm.part1).toBe(6.5);
    // Accepted: the stay is assessed, and the review is no longer asked for.
    expect(await byProgress('assessed')).toContain(stayId);
    expect(await byProgress('answer-to-review')).not.toContain(stayId);
    expect((await admin.get(`/console/stays/${stayId}?lang=en`)).text).toContain('<span class="tag tag-assessed">Assessed</span>');

    // The mentor's answer gives UFM part 1 only: the preview names what the UFM still needs, each linked to its
    // input on the assessment form, previews the other credentials, and offers no issuing until it is complete.
    const incomplete = await admin.get(`/console/stays/${stayId}/credentials?lang=en&language=en`);
    expect(incomplete.status).toBe(200);
    expect(incomplete.text).toContain('<h2 id="gaps">The assessment is not complete</h2>');
    expect(incomplete.text).toContain('Nothing can be issued yet: for “Mobility unit (UFM)”');
    expect(incomplete.text).toContain(`<a href="/console/stays/${stayId}/assessment?lang=en#f-ufm-part2">Part 2, in France (out of 12): the mark is not entered yet</a>`);
    expect(incomplete.text).toContain(`<a href="/console/stays/${stayId}/assessment?lang=en#f-ufm-specialtyExamsPassed">Specialty exams passed: not answered yet (yes or no)</a>`);
    expect(incomplete.text).toContain(`<a class="button" href="/console/stays/${stayId}/assessment?lang=en">Change the assessment</a>`);
    expect(incomplete.text).toContain('Skills gained during a stay abroad');
    expect(incomplete.text).toContain('Foreign language skills: Spanish');
    expect(incomplete.text).toContain('To be issued once the assessment is complete');
    expect(incomplete.text).not.toContain('Issue the credentials</button>');
    expect(incomplete.text).not.toContain('could not');
    const incompleteFr = await admin.get(`/console/stays/${stayId}/credentials?lang=fr&language=fr`);
    expect(incompleteFr.text).toContain('<h2 id="gaps">L’évaluation n’est pas complète</h2>');
    expect(incompleteFr.text).toContain('Partie 2, en France (sur 12) : la note n’est pas encore saisie</a>');
    expect(incompleteFr.text).toContain('Épreuves de spécialité réussies : pas encore indiqué (oui ou non)</a>');
    expect(incompleteFr.text).toContain('>Modifier l’évaluation</a>');
    expect(incompleteFr.text).not.toMatch(/Part 2|not entered|Change the assessment|Impossible de continuer/);
    // Issuing anyway (a form posted by hand) is refused as a whole, on the same page, and issues nothing.
    const refusedIssue = await admin.post(`/console/stays/${stayId}/credentials?lang=en`, { language: 'en' });
    expect(refusedIssue.status).toBe(422);
    expect(refusedIssue.text).toContain('<h2 id="gaps">The assessment is not complete</h2>');
    expect((await api.get(`/v1/credentials?issuerId=${schoolA}`)).body.credentials.filter((credential: { mobilityId: string }) => credential.mobilityId === stayId)).toEqual([]);
    // The form keeps the mentor's part 1; once part 2 and the exams are entered, everything can be issued.
    const assessmentForm = await admin.get(`/console/stays/${stayId}/assessment?lang=en`);
    expect(assessmentForm.text).toContain('<input type="text" value="6.5" id="f-ufm-part1"');
    // In French, as the mentor typed it.
    expect((await admin.get(`/console/stays/${stayId}/assessment?lang=fr`)).text).toContain('<input type="text" value="6,5" id="f-ufm-part1"');
    expect(assessmentForm.text).toContain('<input type="text" value="" id="f-ufm-part2"');
    expect((await admin.post(`/console/stays/${stayId}/assessment?lang=en`, { ...ASSESSMENT_FORM, '/outcomesAchieved': '1' })).status).toBe(303);
    const complete = await admin.get(`/console/stays/${stayId}/credentials?lang=en&language=en`);
    expect(complete.text).not.toContain('id="gaps"');
    expect(complete.text).toContain('Issue the credentials</button>');
    expect(complete.text).toContain('Optional mobility unit (UFM)');

    // Accepted: no new link; another stay's link is revoked from its page.
    expect((await admin.post(`/console/stays/${stayId}/mentor?lang=en`, {})).headers.location).toContain('mentor=refused-conflict');
    const otherId = (await api.post('/v1/mobilities', { ...placement(schoolA), participant: { ...placement(schoolA).participant, email: 'hugo.bernard@example.org' } })).body.id as string;
    await admin.post(`/console/stays/${otherId}/mentor?lang=en`, {});
    expect((await admin.post(`/console/stays/${otherId}/mentor/revoke?lang=en`, {})).headers.location).toContain('mentor=revoked');
    expect((await api.get(`/v1/mobilities/${otherId}/mentor-assessment`)).body.state).toBe('revoked');
    const revoked = await admin.get(`/console/stays/${otherId}?lang=en&mentor=revoked`);
    expect(revoked.text).toContain('The link is revoked.');
    expect(revoked.text).toContain('>Revoked</span>');
  });

  it('when a school records a minor in the stay form, then the stay keeps the date of birth or the mark, shows it, and a birth date after the start is pointed at', async () => {
    const api = adminApi(service);
    const born = await admin.post('/console/stays?lang=en', { ...STAY_FORM, '/participant/email': 'nora@example.org', '/participant/dateOfBirth': '2010-03-12' });
    expect(born.status).toBe(303);
    const bornId = idAfter(born.headers.location, '/console/stays');
    expect((await api.get(`/v1/mobilities/${bornId}`)).body.record.participant).toMatchObject({ dateOfBirth: '2010-03-12' });
    expect((await admin.get(`/console/stays/${bornId}?lang=en`)).text).toContain('<dt>Date of birth (a minor)</dt><dd>12 Mar 2010</dd>');
    const marked = await admin.post('/console/stays?lang=en', { ...STAY_FORM, '/participant/email': 'sam@example.org', '/participant/minor': 'yes' });
    expect((await api.get(`/v1/mobilities/${idAfter(marked.headers.location, '/console/stays')}`)).body.record.participant).toMatchObject({ minor: true });
    const late = await admin.post('/console/stays?lang=fr', { ...STAY_FORM, '/participant/email': 'eva@example.org', '/participant/dateOfBirth': '2099-01-01' });
    expect(late.status).toBe(422);
    expect(late.text).toContain('<a href="#f-participant-dateOfBirth">Date de naissance (élève mineur) : La date de naissance doit précéder le séjour.</a>');
  });

  it('when the stay form breaks the schema or a rule, then the form comes back with the values typed and an error summary linking to each field', async () => {
    const missing = await admin.post('/console/stays?lang=fr', { ...STAY_FORM, '/participant/email': '', '/participant/name': 'Hugo Bernard' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('class="error-summary"');
    expect(missing.text).toContain('<a href="#f-participant-email">Adresse électronique du participant : est obligatoire</a>');
    expect(missing.text).toContain('value="Hugo Bernard"');
    const backwards = await admin.post('/console/stays?lang=fr', { ...STAY_FORM, '/participant/email': 'hugo@example.org', '/endDate': '2026-05-01' });
    expect(backwards.status).toBe(422);
    expect(backwards.text).toContain('<a href="#f-endDate">Dernier jour : Le séjour ne peut pas finir avant de commencer.</a>');
    expect(backwards.text).toContain('aria-invalid="true"');
    const mark = await admin.post('/console/stays?lang=en', { ...STAY_FORM, '/participant/email': 'tom@example.org' });
    const stayId = idAfter(mark.headers.location, '/console/stays');
    const tooHigh = await admin.post(`/console/stays/${stayId}/assessment?lang=en`, { ...ASSESSMENT_FORM, '/ufm/part1': '11' });
    expect(tooHigh.status).toBe(422);
    expect(tooHigh.text).toContain('The mark is above the part’s maximum.');
    expect(tooHigh.text).toContain('value="11"');
  });

  it('when the stay form has many problems, then all are reported at once, each Name says whose it is, a field said to be required is marked so, and nothing typed is lost', async () => {
    const typed = {
      '/participant/kind': 'learner',
      '/participant/name': 'Hugo Bernard',
      '/participant/email': 'hugo@',
      '/participant/class': '1re Bac pro Cuisine B',
      '/participant/qualification/diploma': 'bac-pro',
      '/type': 'work-placement',
      '/startDate': '2026-05-10',
      '/endDate': '2026-05-01',
      '/hostOrganisation/countryCode': 'ES',
      '/hostOrganisation/city': 'Valencia',
      '/hostOrganisation/mentor/role': 'Jefa de cocina',
      '/workingLanguages': 'es',
      '/plannedLearningOutcomes': 'Prepare regional dishes <b>à la</b> plancha',
    };
    const page = await admin.post('/console/stays?lang=en', typed);
    expect(page.status).toBe(400);
    const summary = [...(/<div class="error-summary"[\s\S]*?<\/div>/.exec(page.text)?.[0] ?? '').matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)].map((link) => [link[1], link[2]]);
    expect(summary).toEqual([
      ['f-participant-email', 'Participant’s email address: is not valid'],
      ['f-participant-qualification-title', 'Qualification prepared: is needed with the other details you gave beside it'],
      ['f-participant-qualification-eqfLevel', 'EQF level: is needed with the other details you gave beside it'],
      ['f-programme', 'Programme: is required'],
      ['f-endDate', 'Last day: The stay cannot end before it starts.'],
      ['f-hostOrganisation-legalName', 'Host organisation’s name: is required'],
      ['f-hostOrganisation-mentor-name', 'Mentor’s name: is required'],
      ['f-hostOrganisation-mentor-email', 'Mentor’s email address: is required'],
    ]);
    // Each field at fault says it again by itself, tied to its input; one that "is required" says so in its label.
    for (const [id] of summary) {
      const field = new RegExp(`<div class="field has-error"><label for="${id}">([^]*?)</label>[^]*?<p class="field-error" id="${id}-error">([^<]+)</p>`).exec(page.text);
      expect(field, id).not.toBeNull();
      expect(page.text).toMatch(new RegExp(`id="${id}"[^>]*aria-describedby="[^"]*${id}-error"`));
      if (field![2] === 'is required') expect(field![1], id).toContain('<span class="required">(required)</span>');
    }
    for (const [pointer, value] of Object.entries(typed)) {
      if (pointer.endsWith('kind') || pointer.endsWith('diploma') || pointer === '/type' || pointer.endsWith('countryCode')) expect(page.text).toContain(`<option value="${value}" selected>`);
      else if (pointer === '/plannedLearningOutcomes') expect(page.text).toContain('>Prepare regional dishes &lt;b&gt;à la&lt;/b&gt; plancha</textarea>');
      else expect(page.text).toContain(`value="${value}"`);
    }
  });

  it('when a minor’s stay is duplicated or recorded for the rest of the group, then no one inherits their date of birth or guardian, and every copy is marked minor', async () => {
    const first = await admin.post('/console/stays?lang=en', {
      ...STAY_FORM,
      '/participant/email': 'lina@example.org',
      '/participant/name': 'Lina Faure',
      '/participant/dateOfBirth': '2010-02-03',
      '/participant/guardianEmail': 'parent.faure@example.org',
      '/startDate': '2026-06-01',
      '/endDate': '2026-06-20',
    });
    const firstId = idAfter(first.headers.location, '/console/stays');
    const duplicate = (await admin.get(`/console/stays/new?lang=en&from=${firstId}`)).text;
    expect(duplicate).not.toContain('parent.faure@example.org');
    expect(duplicate).not.toContain('2010-02-03');
    expect(duplicate).toMatch(/<option value="yes" selected>Yes<\/option>/);
    await admin.post(`/console/stays/${firstId}/group?lang=en`, { participants: 'Tom Faure, tom.faure@example.org' });
    const tom = (await adminApi(service).get(`/v1/mobilities?issuerId=${schoolA}&q=tom.faure`)).body.mobilities[0].record.participant;
    expect(tom).toMatchObject({ name: 'Tom Faure', minor: true });
    expect(tom).not.toHaveProperty('guardianEmail');
    expect(tom).not.toHaveProperty('dateOfBirth');
  });

  it('when stays are listed, then filters by class, country and step find them, and a stay is duplicated for another learner of the group', async () => {
    const first = await admin.post('/console/stays?lang=en', { ...STAY_FORM, '/participant/email': 'ines@example.org', '/participant/name': 'Inès Roux', '/participant/class': 'CAP Cuisine A', '/startDate': '2099-04-01', '/endDate': '2099-04-20' });
    const firstId = idAfter(first.headers.location, '/console/stays');
    const duplicate = await admin.get(`/console/stays/new?lang=en&from=${firstId}`);
    expect(duplicate.status).toBe(200);
    expect(duplicate.text).toContain('value="CAP Cuisine A"');
    expect(duplicate.text).not.toContain('ines@example.org');
    await admin.post('/console/stays?lang=en', { ...STAY_FORM, '/participant/email': 'noe@example.org', '/participant/name': 'Noé Petit', '/participant/class': 'CAP Cuisine A', '/startDate': '2099-04-01', '/endDate': '2099-04-20' });
    const list = await admin.get('/console/stays?lang=en&class=cap+cuisine+a&country=ES&progress=planned');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Inès Roux');
    expect(list.text).toContain('Noé Petit');
    expect(list.text).not.toContain('Jade Morel');
    expect(list.text).not.toContain('Léa Martin');
    // The rest of the group at once, one participant a line; a line without an address is refused alone.
    const group = await admin.post(`/console/stays/${firstId}/group?lang=en`, { participants: 'Jade Morel, jade@example.org\nno address here\nInès Roux, ines@example.org' });
    expect(group.status).toBe(200);
    expect(group.text).toMatch(/Jade Morel<\/a> — recorded/);
    expect(group.text).toMatch(/Inès Roux<\/a> — already recorded/);
    expect(group.text).toContain('Line 2: not a name and an email address');
    const jade = (await adminApi(service).get(`/v1/mobilities?issuerId=${schoolA}&q=jade`)).body.mobilities;
    expect(jade.map((stay: { record: { startDate: string; participant: { class: string } } }) => [stay.record.startDate, stay.record.participant.class])).toEqual([['2099-04-01', 'CAP Cuisine A']]);
    const badYear = await admin.get('/console/stays?lang=en&year=soon');
    expect(badYear.status).toBe(400);
    expect(badYear.text).toContain('href="#fyear"');
    const home = await admin.get('/console?lang=en');
    expect(home.text).toMatch(/<span class="stat-number">3<\/span> <span class="stat-label">Planned<\/span>/);
  });

  it('when a group is issued without the script, then each stay is issued or says why not', async () => {
    const ready = await adminApi(service).post('/v1/mobilities', placement(schoolA));
    await request(service.app).put(`/v1/mobilities/${ready.body.id}/assessment`).set('Authorization', `Bearer ${service.adminKey}`).send(assessment({ part1: 6, part2: 9, specialtyExamsPassed: true }));
    const notAssessed = await adminApi(service).post('/v1/mobilities', placement(schoolA));
    await admin.get('/console/stays?lang=en');
    const body = new URLSearchParams([
      ['_csrf', admin.csrfToken!],
      ['stay', ready.body.id],
      ['stay', notAssessed.body.id],
      ['language', 'fr'],
    ]).toString();
    const res = await request(service.app).post('/console/stays/issue?lang=en').set('Cookie', admin.cookie!).set('Accept', 'text/html').type('form').send(body);
    expect(res.status).toBe(200);
    expect(res.text).toContain('3 credentials issued');
    expect(res.text).toContain('Not issued: Fill in the assessment before issuing the credentials.');
  });

  /** A cohort file imported through the console's form: its batch, and its page once every row is done (in English). */
  const importedCohort = async (file: Buffer, options: { language: 'fr' | 'en'; filename: string }) => {
    const res = await request(service.app)
      .post(`/console/stays/import?lang=${options.language}`)
      .set('Cookie', admin.cookie!)
      .set('Accept', 'text/html')
      .field('_csrf', admin.csrfToken!)
      .field('language', options.language)
      .attach('file', file, { filename: options.filename, contentType: 'text/csv' });
    expect(res.status).toBe(303);
    const batchId = idAfter(res.headers.location, '/console/batches');
    let page = await admin.get(`/console/batches/${batchId}?lang=en`);
    for (let attempt = 0; attempt < 60 && page.text.includes('data-batch-state="running"'); attempt++) {
      await new Promise((wait) => setTimeout(wait, 500));
      page = await admin.get(`/console/batches/${batchId}?lang=en`);
    }
    return { page, batchId };
  };

  it('when a cohort file is imported, then its page shows the progress, each rejected row by line and column, and the stays it made', async () => {
    await admin.get('/console/stays/import?lang=en');
    const csv = (await request(service.app).get('/console/stays/import/template.csv').set('Cookie', admin.cookie!)).text;
    const [header, example] = csv.trim().split('\n');
    const wrongCountry = example!.replace(',ES,Valencia,', ',XX,Valencia,').replace('lea.martin@', 'wrong@');
    const file = Buffer.from(`${header}\n${example}\n${wrongCountry}\n`);
    const { batchId, page } = await importedCohort(file, { language: 'en', filename: 'cohort.csv' });
    expect(page.text).toContain('Line 3');
    expect(page.text).toContain('host_country: Choose the host’s country from the list.');
    expect(page.text).toContain('Stay of line 2');
    const status = await admin.get(`/console/batches/${batchId}/status`);
    expect(JSON.parse(status.text)).toMatchObject({ status: 'done', total: 2, done: 2 });
  });

  it('when a coordinator opens the import page, then it says, in the page’s language, that commas and semicolons both separate columns; a French Excel export is imported', async () => {
    const english = await admin.get('/console/stays/import?lang=en');
    expect(english.text).toContain('Columns may be separated by commas or by semicolons, as French Excel does');
    const french = await admin.get('/console/stays/import?lang=fr');
    expect(french.text).toContain('Les colonnes peuvent être séparées par des points-virgules, comme le fait Excel en français, ou par des virgules');
    expect(french.text).not.toContain('semicolons');

    const excel = `\uFEFF${cohortCsv(1, { 0: { email: 'excel.fr@example.org', start_date: '04/05/2026', end_date: '29/05/2026', ufm_part1: '6,5' } }, { separator: ';' })}`;
    const { page } = await importedCohort(Buffer.from(excel), { language: 'fr', filename: 'cohorte.csv' });
    expect(page.text).toContain('Stay of line 2');
    expect(page.text).not.toContain('Rows not imported');
  });

  it('when the school admin edits the UFM scheme, rotates the key and reports a compromise, then the API sees them', async () => {
    const scheme = await admin.get('/console/school/ufm-scheme?lang=en');
    expect(scheme.status).toBe(200);
    const saved = await admin.post('/console/school/ufm-scheme?lang=en', {
      '/competences/0/code': 'C1', '/competences/0/part': '1', '/competences/0/name/fr': 'Comprendre', '/competences/0/name/en': 'Understand',
      '/competences/1/code': 'C5', '/competences/1/part': '2', '/competences/1/name/fr': 'Repérer', '/competences/1/name/en': 'Identify',
      '/competences/2/code': '', '/competences/2/part': '', '/competences/2/name/fr': '', '/competences/2/name/en': '',
      '/part1Points': '8', '/part2Points': '12', '/passMark': '10', '/issueBelowPassMark': 'no',
    });
    expect(saved.status).toBe(303);
    const issuer = await adminApi(service).get(`/v1/issuers/${schoolA}`);
    expect(issuer.status).toBe(200);
    const school = await admin.get('/console/school?lang=en');
    expect(school.text).toContain('did:web:');
    expect((await admin.post('/console/school/keys/rotate?lang=en', {})).status).toBe(303);
    const keys = (await adminApi(service).get(`/v1/issuers/${schoolA}`)).body.keys as { verificationMethod: string; status: string }[];
    expect(keys.map((key) => key.status).sort()).toEqual(['active', 'retired']);
    const retired = keys.find((key) => key.status === 'retired')!;
    const noDate = await admin.post('/console/school/keys/compromise?lang=en', { '/verificationMethod': retired.verificationMethod, '/compromisedAt': '', '/reason': 'Laptop stolen' });
    expect(noDate.status).toBe(400);
    expect(noDate.text).toContain('href="#f-compromisedAt"');
    const reported = await admin.post('/console/school/keys/compromise?lang=en', { '/verificationMethod': retired.verificationMethod, '/compromisedAt': '2026-06-01', '/reason': 'Laptop stolen' });
    expect(reported.status).toBe(303);
    const after = (await adminApi(service).get(`/v1/issuers/${schoolA}`)).body.keys as { verificationMethod: string; compromisedAt: string | null }[];
    expect(after.find((key) => key.verificationMethod === retired.verificationMethod)!.compromisedAt).toBe('2026-06-01T00:00:00.000Z');
  });

  it('when a badge is made from a template and edited, then the school’s achievement carries the edits', async () => {
    const start = await admin.get('/console/badges/new?lang=fr&template=job-shadowing');
    expect(start.status).toBe(200);
    expect(start.text).toContain('Mobilité des personnels : observation en situation de travail (job shadowing)');
    const created = await admin.post('/console/badges?lang=fr', { template: 'job-shadowing', '/name': 'Job shadowing à Tampere', '/description': 'Une semaine d’observation au Tredu.', '/criteria/narrative': 'Réaliser la semaine.' });
    expect(created.status).toBe(303);
    const badgeId = idAfter(created.headers.location, '/console/badges');
    const achievement = (await adminApi(service).get(`/v1/achievements/${badgeId}`)).body.achievement;
    expect(achievement).toMatchObject({ name: 'Job shadowing à Tampere', achievementType: 'ext:StaffMobility', tag: ['staff mobility', 'job-shadowing'] });
    const edited = await admin.post(`/console/badges/${badgeId}?lang=fr`, { '/name': 'Job shadowing à Tampere (Finlande)', '/description': 'Une semaine d’observation au Tredu.', '/criteria/narrative': '' });
    expect(edited.status).toBe(303);
    expect((await adminApi(service).get(`/v1/achievements/${badgeId}`)).body.achievement).toMatchObject({ name: 'Job shadowing à Tampere (Finlande)', achievementType: 'ext:StaffMobility' });
  });

  it('when an academy reader downloads the figures, then the CSV has each school, country and programme with stays and credentials', async () => {
    const academy = await adminApi(service).post('/v1/academies', { name: 'Académie de Lyon' });
    await request(service.app).put(`/v1/issuers/${schoolA}/academy`).set('Authorization', `Bearer ${service.adminKey}`).send({ academyId: academy.body.id });
    const { client: reader } = await signedInConsole(service, { roles: [{ role: 'academy-reader', academyId: academy.body.id }] });
    const page = await reader.get('/console/figures?lang=en');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Lycée Jean Moulin');
    expect(page.text).not.toContain('Lycée Victor Hugo');
    expect(page.text).toContain('<h1>Figures of the academy’s schools</h1>');
    // A platform admin belongs to no academy: the page is about every school.
    const { client: platformAdmin } = await signedInConsole(service, { roles: [{ role: 'platform-admin' }] });
    const everySchool = await platformAdmin.get('/console/figures?lang=en');
    expect(everySchool.status).toBe(200);
    expect(everySchool.text).toContain('<h1>Figures of the schools</h1>');
    expect(everySchool.text).toContain('Lycée Victor Hugo');
    const csv = await reader.get('/console/figures.csv?lang=en');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text).toMatch(/Lycée Jean Moulin,ES,erasmus-plus-ka1,\d+,\d+/);
  });

  it('when a platform admin creates a school in the console, then the form reports every fault at once, and the new school is the one looked at', async () => {
    const { client: platformAdmin } = await signedInConsole(service, { roles: [{ role: 'platform-admin' }] });
    expect((await platformAdmin.get('/console?lang=en')).text).toContain('href="/console/schools/new?lang=en"');
    expect((await admin.get('/console/schools/new?lang=en')).status).toBe(403);
    const form = await platformAdmin.get('/console/schools/new?lang=en');
    expect(form.status).toBe(200);
    const refused = await platformAdmin.post('/console/schools?lang=en', { '/slug': 'Not a slug', '/name': '' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('href="#f-slug"');
    expect(refused.text).toContain('value="Not a slug"');
    const created = await platformAdmin.post('/console/schools?lang=en', {
      '/slug': 'lp-louise-michel-console',
      '/name': 'Lycée Louise Michel',
      '/email': 'ce.0690001a@ac-lyon.fr',
      '/address/addressLocality': 'Lyon',
      '/address/addressCountryCode': 'FR',
      '/otherIdentifier/0/identifier': '0690001A',
    });
    expect(created.status).toBe(303);
    expect(created.headers.location).toBe('/console/school?lang=en&done=school-created');
    const school = await platformAdmin.get(created.headers.location!);
    expect(school.text).toContain('Lycée Louise Michel is created; you are now looking at it.');
    const issuers = (await adminApi(service).get('/v1/issuers')).body.issuers as { slug: string; profile: Record<string, unknown> }[];
    expect(issuers.find((issuer) => issuer.slug === 'lp-louise-michel-console')?.profile).toMatchObject({
      name: 'Lycée Louise Michel',
      address: { addressLocality: 'Lyon', addressCountryCode: 'FR' },
      otherIdentifier: [{ identifier: '0690001A', identifierType: 'ext:UAI' }],
    });
  });

  it('when a teacher downloads the UFM jury’s list from the stays page, then it is the export the API gives, as CSV or PDF; a year that is no session is refused', async () => {
    const stays = await admin.get('/console/stays?lang=fr');
    expect(stays.text).toContain('<h2 id="ufm-jury">UFM : le relevé pour le jury</h2>');
    const session = /<select id="jury-session" name="session"><option value="(\d{4})" selected>/.exec(stays.text)![1]!;
    const csv = await admin.get(`/console/stays/ufm-jury?lang=fr&session=${session}&format=csv`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="ufm-jury-${session}.csv"`);
    const api = await request(service.app).get(`/v1/issuers/${schoolA}/ufm-jury?session=${session}`).set('Authorization', `Bearer ${service.adminKey}`);
    expect(csv.text).toBe(api.text);
    const pdf = await admin.get(`/console/stays/ufm-jury?lang=fr&session=2026&format=pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((await admin.get('/console/stays/ufm-jury?lang=fr&session=26')).status).toBe(400);
  });

  it('when a stay’s UFM is under the pass mark, then its page says the UFM was not issued and why', async () => {
    const api = adminApi(service);
    const stay = (await api.post('/v1/mobilities', { ...placement(schoolA), participant: { ...placement(schoolA).participant, name: 'Nina Vidal' } })).body.id as string;
    await request(service.app).put(`/v1/mobilities/${stay}/assessment`).set('Authorization', `Bearer ${service.adminKey}`).send(assessment({ part1: 4, part2: 4, specialtyExamsPassed: true })).expect(200);
    await api.post(`/v1/mobilities/${stay}/credentials`, { language: 'en' }).expect(201);
    const page = (await admin.get(`/console/stays/${stay}?lang=en`)).text;
    expect(page).toContain('<p class="hint" data-withheld="ufm">');
    expect(page).toContain('The UFM mark is under the pass mark: it is kept, but the school’s scheme does not issue it.');
  });

  it('when a credential of a stay is revoked, then the preview says so and issues it again only when asked; once every one is revoked the stay can be corrected', async () => {
    const api = adminApi(service);
    const stay = (await api.post('/v1/mobilities', { ...placement(schoolA), participant: { ...placement(schoolA).participant, name: 'Hugo Lenoir' } })).body.id as string;
    await request(service.app).put(`/v1/mobilities/${stay}/assessment`).set('Authorization', `Bearer ${service.adminKey}`).send(assessment({ part1: 6, part2: 9, specialtyExamsPassed: true })).expect(200);
    const issued = (await api.post(`/v1/mobilities/${stay}/credentials`, { language: 'en' })).body.credentials as { kind: string; credential: { id: string } }[];
    const language = issued.find((entry) => entry.kind === 'language')!.credential.id;
    await api.post(`/v1/credentials/${language}/revoke`, { reason: 'Wrong level', publicReason: 'Issued in error' }).expect(200);

    const preview = (await admin.get(`/console/stays/${stay}/credentials?lang=en`)).text;
    expect(preview).toContain('Every credential of this stay is issued.');
    expect(preview).toContain(`<a href="/console/credentials/${language}?lang=en">Revoked</a>`);
    expect(preview).toContain(`href="/console/stays/${stay}/credentials?lang=en&reissue=revoked&language=en"`);
    expect((await admin.get(`/console/stays/${stay}?lang=en`)).text).not.toContain(`/console/stays/${stay}/edit`);

    const again = (await admin.get(`/console/stays/${stay}/credentials?lang=en&reissue=revoked&language=en`)).text;
    expect(again).toContain('Issue the revoked ones again');
    const posted = await admin.post(`/console/stays/${stay}/credentials?lang=en`, { language: 'en', reissueRevoked: 'yes' });
    expect(posted.headers.location).toBe(`/console/stays/${stay}?lang=en&issued=1`);
    const kinds = (await api.get(`/v1/credentials?limit=100`)).body.credentials.filter((credential: any) => credential.mobilityId === stay);
    expect(kinds).toHaveLength(issued.length + 1);

    // With every credential revoked, the stay can be corrected again.
    for (const credential of kinds.filter((entry: any) => entry.status === 'active')) await api.post(`/v1/credentials/${credential.id}/revoke`, { reason: 'Corrected', publicReason: 'Replaced' }).expect(200);
    expect((await admin.get(`/console/stays/${stay}?lang=en`)).text).toContain(`/console/stays/${stay}/edit`);
    expect((await api.get(`/v1/mobilities?issuerId=${schoolA}&q=Hugo Lenoir`)).body.mobilities[0]).toMatchObject({ state: 'assessed', progress: 'assessed' });
  });

  it('when a school admin corrects the school’s website and email in the console, then they are saved and the rest is kept; the name and UAI are the platform admin’s to change', async () => {
    const api = adminApi(service);
    const school = await api.createIssuer({ slug: 'lp-profil-console' });
    const { client: schoolAdmin } = await signedInConsole(service, { roles: [{ role: 'school-admin', issuerId: school.id }] });
    const form = await schoolAdmin.get('/console/school/profile?lang=en');
    expect(form.text).toContain('value="https://lp-jean-moulin.example.fr"');
    expect(form.text).not.toContain('id="f-name"');
    expect(form.text).toContain('The name and the UAI are what the academy vouches for');
    const refused = await schoolAdmin.post('/console/school/profile?lang=en', { '/url': 'https://lp-jean-moulin.example.fr', '/email': 'not an address', '/address/addressLocality': 'Lyon', '/address/addressCountryCode': 'FR' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('href="#f-email"');
    const saved = await schoolAdmin.post('/console/school/profile?lang=en', { '/url': 'https://nouveau.example.fr', '/email': 'international@lp.example.fr', '/address/addressLocality': 'Lyon', '/address/addressCountryCode': 'FR' });
    expect(saved.headers.location).toBe('/console/school?lang=en&done=profile-saved');
    const profile = (await api.get(`/v1/issuers/${school.id}`)).body.profile;
    expect(profile).toMatchObject({ name: SCHOOL_NAME, url: 'https://nouveau.example.fr', email: 'international@lp.example.fr', address: { streetAddress: '1 rue de la Gare', postalCode: '69003', addressLocality: 'Lyon' } });
    expect(profile.otherIdentifier).toHaveLength(2);
  });

  it('when a platform admin puts a school in a new academy from the console, then employers read that the academy recognises it; a school admin cannot', async () => {
    const api = adminApi(service);
    const school = await api.createIssuer({ slug: 'lp-academy-console' });
    const achievementId = (await api.createAchievement(school.id)).id;
    const credentialId = (await api.post('/v1/credentials', { achievementId, recipient: { email: 'lea@example.org', name: 'Léa Martin' } }).expect(201)).body.id;
    const recognition = async () => (await request(service.app).get(`/credentials/${credentialId}/verification`)).body.recognition.status;
    expect(await recognition()).toBe('not-recognised');

    const { client: schoolAdmin } = await signedInConsole(service, { roles: [{ role: 'school-admin', issuerId: school.id }] });
    expect((await schoolAdmin.get('/console/school?lang=en')).text).not.toContain('id="academy"');
    expect((await schoolAdmin.post('/console/school/academy/new?lang=en', { '/name': 'Académie auto-proclamée' })).status).toBe(403);

    const { client: platformAdmin } = await signedInConsole(service, { roles: [{ role: 'platform-admin' }] });
    const switcher = /<select id="console-switch"[^>]*>(.*?)<\/select>/s.exec((await platformAdmin.get('/console?lang=en')).text)![1]!;
    const toSchool = [...switcher.matchAll(/<option value="([^"]+)"/g)].map((match) => match[1]!).find((choice) => choice.endsWith(school.id))!;
    await platformAdmin.post('/console/switch', { choice: toSchool, back: '/console/school' });
    const page = await platformAdmin.get('/console/school?lang=en');
    expect(page.text).toContain('<h2 id="academy">Academy</h2>');
    const refused = await platformAdmin.post('/console/school/academy/new?lang=en', { '/name': '' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('href="#f-name"');
    const created = await platformAdmin.post('/console/school/academy/new?lang=en', { '/name': 'Académie de Grenoble — DAREIC' });
    expect(created.headers.location).toBe('/console/school?lang=en&done=academy-created#academy');
    expect((await platformAdmin.get('/console/school?lang=en&done=academy-created')).text).toContain('The academy is created, with this school in it');
    expect(await recognition()).toBe('recognised');
    expect((await api.get(`/v1/issuers/${school.id}`)).body.academyId).toMatch(/^[0-9a-f-]{36}$/);

    // Taken out of it: employers read again that no registry lists it.
    await platformAdmin.post('/console/school/academy?lang=en', { '/academyId': '' });
    expect((await api.get(`/v1/issuers/${school.id}`)).body.academyId).toBeNull();
  });

  it('when an issuer of school A tries every console URL of school B, then each is 404 or 403, nothing of B is shown, and B is unchanged', async () => {
    const api = adminApi(service);
    const stayB = (await api.post('/v1/mobilities', { ...placement(schoolB), participant: { ...placement(schoolB).participant, name: 'Zoé Secret' } })).body.id as string;
    await request(service.app).put(`/v1/mobilities/${stayB}/assessment`).set('Authorization', `Bearer ${service.adminKey}`).send(assessment({ part1: 6, part2: 9, specialtyExamsPassed: true }));
    const credentialB = (await api.post(`/v1/mobilities/${stayB}/credentials`, { language: 'en' })).body.credentials[0].credential.id as string;
    const badgeB = (await api.createAchievement(schoolB, { name: 'Badge secret de Victor Hugo' })).id;
    const batchB = (await request(service.app).post(`/v1/batches?issuerId=${schoolB}`).set('Authorization', `Bearer ${service.adminKey}`).type('text/csv').send(cohortTemplate())).body.id as string;
    const before = JSON.stringify([(await api.get(`/v1/mobilities/${stayB}`)).body, (await api.get(`/v1/credentials/${credentialB}`)).body.status, (await api.get(`/v1/achievements/${badgeB}`)).body.achievement]);

    const { client: issuer } = await signedInConsole(service, { roles: [{ role: 'school-issuer', issuerId: schoolA }] });
    const reads = [
      `/console/stays/${stayB}`, `/console/stays/${stayB}/edit`, `/console/stays/${stayB}/assessment`, `/console/stays/${stayB}/credentials`,
      `/console/stays/new?from=${stayB}`, `/console/credentials/${credentialB}`, `/console/credentials/${credentialB}/revoke`, `/console/credentials/${credentialB}/suspend`,
      `/console/badges/${badgeB}`, `/console/batches/${batchB}`, `/console/batches/${batchB}/status`,
    ];
    const writes: [string, Record<string, string>][] = [
      [`/console/stays/${stayB}/edit`, STAY_FORM],
      [`/console/stays/${stayB}/group`, { participants: 'Intrus, intrus@example.org' }],
      [`/console/stays/${stayB}/assessment`, ASSESSMENT_FORM],
      [`/console/stays/${stayB}/credentials`, { language: 'fr' }],
      [`/console/stays/${stayB}/mentor`, {}],
      [`/console/stays/${stayB}/mentor/revoke`, {}],
      [`/console/stays/${stayB}/mentor/accept`, {}],
      [`/console/stays/${stayB}/mentor/return`, { question: 'pwned' }],
      ['/console/stays/issue', { stay: stayB, language: 'fr' }],
      [`/console/credentials/${credentialB}/revoke`, { '/reason': 'leak test' }],
      [`/console/credentials/${credentialB}/claim-email`, {}],
      [`/console/badges/${badgeB}`, { '/name': 'pwned', '/description': 'pwned' }],
    ];
    await issuer.get('/console?lang=en');
    const answers: string[] = [];
    for (const path of reads) {
      const res = await issuer.get(path);
      answers.push(`GET ${path} ${res.status}`);
      expect([403, 404], `GET ${path}`).toContain(res.status);
      expect(res.text).not.toMatch(/Zoé Secret|Badge secret|Victor Hugo/);
    }
    for (const [path, fields] of writes) {
      const res = await issuer.post(path, fields);
      answers.push(`POST ${path} ${res.status}`);
      expect([403, 404], `POST ${path}`).toContain(res.status);
      expect(res.text).not.toMatch(/Zoé Secret|Badge secret|Victor Hugo/);
    }
    const after = JSON.stringify([(await api.get(`/v1/mobilities/${stayB}`)).body, (await api.get(`/v1/credentials/${credentialB}`)).body.status, (await api.get(`/v1/achievements/${badgeB}`)).body.achievement]);
    expect(after).toBe(before);
    expect(answers.length).toBe(reads.length + writes.length);
  });
});

describe('console credential actions with email', () => {
  let service: TestService;
  let mailbox: Mailbox;
  let school: string;
  let admin: ConsoleClient;

  beforeAll(async () => {
    mailbox = await startMailbox();
    service = await startTestService(BACKENDS[0]!, { smtp: { url: mailbox.url, from: 'mobicred@lp-jean-moulin.example.fr' } });
    school = (await adminApi(service).createIssuer({ slug: 'lp-console-mail', name: 'Lycée Jean Moulin' })).id;
    admin = (await signedInConsole(service, { roles: [{ role: 'school-admin', issuerId: school }] })).client;
  });
  afterAll(async () => {
    await service?.close();
    await mailbox?.close();
  });

  it('when a credential issued for suspension is suspended then reinstated, and its claim email sent, then the API and the learner see each', async () => {
    const api = adminApi(service);
    const achievement = await api.createAchievement(school);
    const credential = (await api.post('/v1/credentials', { achievementId: achievement.id, recipient: { email: 'lea@example.org', name: 'Léa Martin' }, statusPurpose: 'suspension' })).body.id as string;
    const page = await admin.get(`/console/credentials/${credential}?lang=en`);
    expect(page.text).toContain(`href="/console/credentials/${credential}/suspend?lang=en"`);
    expect(page.text).not.toContain(`/console/credentials/${credential}/reinstate`);
    expect((await admin.post(`/console/credentials/${credential}/suspend?lang=en`, { '/reason': 'Complaint under review' })).status).toBe(303);
    expect((await api.get(`/v1/credentials/${credential}`)).body.status.state).toBe('suspended');
    // Suspended twice: the service refuses, and the form says so in the page's words.
    const again = await admin.post(`/console/credentials/${credential}/suspend?lang=fr`, { '/reason': 'Encore' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('Ce changement n’est pas possible pour cette attestation.');
    expect((await admin.post(`/console/credentials/${credential}/reinstate?lang=en`, { '/reason': 'Complaint dismissed' })).status).toBe(303);
    expect((await api.get(`/v1/credentials/${credential}`)).body.status.state).toBe('active');

    await admin.get(`/console/credentials/${credential}?lang=en`);
    const sent = await admin.post(`/console/credentials/${credential}/claim-email?lang=en`, {});
    expect(sent.status).toBe(303);
    expect(mailbox.received.map((message) => message.to)).toEqual([['lea@example.org']]);
    expect(bodyText(mailbox.received[0]!.raw)).toMatch(/\/claim\/[A-Za-z0-9_-]{43}/);
  });

  it('when a badge image is uploaded, then the achievement serves it', async () => {
    const api = adminApi(service);
    const badge = await api.createAchievement(school);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="#123456"/></svg>');
    await admin.get(`/console/badges/${badge.id}?lang=en`);
    const res = await request(service.app)
      .post(`/console/badges/${badge.id}/image?lang=en`)
      .set('Cookie', admin.cookie!)
      .set('Accept', 'text/html')
      .field('_csrf', admin.csrfToken!)
      .attach('image', svg, { filename: 'badge.svg', contentType: 'image/svg+xml' });
    expect(res.status).toBe(303);
    const served = await request(service.app).get(`/achievements/${badge.id}/image.svg`);
    expect(String(served.body instanceof Buffer ? served.body.toString('utf8') : served.text)).toContain('#123456');
  });

  it('when the mentor link is emailed, or made without email, then the stay page says which; a returned answer says it went by email', async () => {
    const api = adminApi(service);
    const stayId = (await api.post('/v1/mobilities', placement(school))).body.id as string;
    const toMentor = () => mailbox.received.filter((message) => message.to.includes('carmen@albufera.example.es'));
    const stayPage = await admin.get(`/console/stays/${stayId}?lang=en`);
    expect(stayPage.text).not.toContain('cannot send emails');
    // The box left unticked: a link, no email, and the page says so although SMTP is there.
    const unticked = await admin.post(`/console/stays/${stayId}/mentor?lang=en`, { expiresInDays: '30' });
    expect(unticked.headers.location).toContain('mentor=ready#mentor');
    expect(toMentor()).toHaveLength(0);
    const emailed = await admin.post(`/console/stays/${stayId}/mentor?lang=en`, { expiresInDays: '30', sendEmail: 'yes' });
    expect(emailed.headers.location).toContain('mentor=emailed#mentor');
    expect(toMentor()).toHaveLength(1);
    const view = (await api.get(`/v1/mobilities/${stayId}/mentor-assessment`)).body as { url: string };
    expect(bodyText(toMentor()[0]!.raw)).toContain(view.url);
    const page = await admin.get(`/console/stays/${stayId}?lang=fr&mentor=emailed`);
    expect(page.text).toContain('<p class="notice" role="status">Le lien a été envoyé par courriel au tuteur.</p>');
    expect(page.text).not.toContain('aucun courriel');
    expect(page.text).toContain(`<input type="text" id="mentor-link" readonly value="${view.url}">`);

    await request(service.app).post(view.url.slice(TEST_BASE_URL.length)).type('form').send({ ...MENTOR_GRID, step: 'submit' }).expect(201);
    const returned = await admin.post(`/console/stays/${stayId}/mentor/return?lang=en`, { question: 'Could you confirm the mark of C3?' });
    expect(returned.headers.location).toContain('mentor=returned-emailed#mentor');
    expect(bodyText(toMentor().at(-1)!.raw)).toContain('Could you confirm the mark of C3?');
    expect((await admin.get(`/console/stays/${stayId}?lang=en&mentor=returned-emailed`)).text).toContain('The answer went back to the mentor by email, with your question.');
  });
});

describe('console of a new platform, before any school', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(BACKENDS[0]!);
  });
  afterAll(() => service?.close());

  it('when the platform admin signs in before any school exists, then the home page leads to creating one and offers no school pages', async () => {
    const { client } = await signedInConsole(service, { roles: [{ role: 'platform-admin' }] });
    const home = await client.get('/console?lang=en');
    expect(home.text).toContain('No school is chosen. Create the first school');
    expect(home.text).toContain('href="/console/schools/new?lang=en"');
    expect(home.text).not.toContain('href="/console/people');
    expect(home.text).not.toContain('href="/console/api-keys');
    expect((await client.get('/console?lang=fr')).text).toContain('Créez le premier');
  });
});
