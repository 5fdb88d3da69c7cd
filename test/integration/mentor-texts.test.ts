import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { PROJECT_ROOT } from '../../src/config.js';
import { BACKENDS } from '../support/backends.js';
import { TEST_BASE_URL, startTestService, type TestService } from '../support/service.js';
import { adminApi, placement } from '../support/api.js';
import { openApiResponseValidator } from '../support/oracles.js';
import { signedInConsole } from '../support/console.js';

const validateResponse = openApiResponseValidator();

/** A shipped message file as a school would start from it. */
const shippedFile = (language: string): Record<string, string> => JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'messages', 'mentor-grid', `${language}.json`), 'utf8'));

/** Dutch for a school sending learners to the Netherlands: the English file, translated where the test looks. */
const DUTCH = {
  ...shippedFile('en'),
  languageName: 'Nederlands',
  title: 'Beoordeling van het verblijf in het buitenland',
  intro: '{school} vraagt u het verblijf van {learner} in uw organisatie te beoordelen.',
  skills: 'Vaardigheden',
  skillsHint: 'Waargenomen niveau per gebied <b>(leeg laten</b> als niet waargenomen).',
  'levels.proficient': 'Bekwaam',
  'part1Mark': 'Cijfer voor deel 1 (op {max})',
};

const AMSTERDAM = { legalName: 'Restaurant De Kas B.V.', countryCode: 'NL', city: 'Amsterdam', mentor: { name: 'Sanne de Vries', role: 'Chef-kok', email: 'sanne@dekas.example.nl' } };

describe.each(BACKENDS)('a school’s translations of the mentor’s grid on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let schoolA: string;
  let schoolB: string;

  beforeAll(async () => {
    service = await startTestService(backend);
    api = adminApi(service);
    schoolA = (await api.createIssuer({ slug: 'lp-jean-moulin-texts', name: 'Lycée professionnel Jean Moulin' })).id;
    schoolB = (await api.createIssuer({ slug: 'lp-victor-hugo-texts', name: 'Lycée Victor Hugo' })).id;
  }, 180_000);
  afterAll(() => service?.close());

  const auth = () => ({ Authorization: `Bearer ${service.adminKey}` });
  const put = (issuerId: string, language: string, file: unknown) => request(service.app).put(`/v1/issuers/${issuerId}/mentor-texts/${language}`).set(auth()).send(file as object);
  const checked = (res: request.Response, path: string, method: string) => {
    expect(validateResponse({ path, method, status: res.status, contentType: res.headers['content-type'], body: res.body }).errors, res.text).toBeNull();
    return res;
  };
  const mentorPage = async (issuerId: string, host: typeof AMSTERDAM | undefined, language?: string) => {
    const stay = placement(issuerId);
    const mobility = (await api.post('/v1/mobilities', { ...stay, participant: { ...stay.participant, email: `learner-${Math.random().toString(36).slice(2)}@example.org` }, ...(host ? { hostOrganisation: host } : {}) })).body;
    const link = await api.post(`/v1/mobilities/${mobility.id}/mentor-assessment`, { expiresInDays: 30, ...(language ? { language } : {}) });
    expect(link.status, link.text).toBe(201);
    return (await request(service.app).get(link.body.url.slice(TEST_BASE_URL.length)).set('Accept', 'text/html')).text;
  };

  it('when a school adds Dutch, then its mentors’ page shows Dutch beside French, as plain text, and offers it in the switch; another school has no Dutch', async () => {
    const added = checked(await put(schoolA, 'nl', DUTCH), '/v1/issuers/{id}/mentor-texts/{language}', 'PUT');
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ language: 'nl', name: 'Nederlands', source: 'school' });
    const list = checked(await api.get(`/v1/issuers/${schoolA}/mentor-texts`), '/v1/issuers/{id}/mentor-texts', 'GET');
    expect(list.body.languages.map((entry: { language: string; source: string }) => `${entry.language}:${entry.source}`)).toEqual(['de:shipped', 'en:shipped', 'es:shipped', 'es-MX:shipped', 'fr:shipped', 'it:shipped', 'nl:school', 'pt:shipped']);

    const page = await mentorPage(schoolA, AMSTERDAM, 'nl');
    expect(page).toContain('<span class="pair"><span lang="nl">Beoordeling van het verblijf in het buitenland</span> <span lang="fr" class="fr">Évaluation de la période à l’étranger</span></span>');
    expect(page).toContain('<span lang="nl">Lycée professionnel Jean Moulin vraagt u het verblijf van Léa Martin in uw organisatie te beoordelen.</span>');
    expect(page).toContain('<span lang="nl">Cijfer voor deel 1 (op 8)</span>');
    expect(page).toContain('Bekwaam / Maîtrisé');
    // What the school typed is text: its markup is shown, never interpreted.
    expect(page).toContain('&lt;b&gt;(leeg laten&lt;/b&gt;');
    expect(page).not.toContain('<b>(leeg laten');
    expect(page).toMatch(/<a href="\/assess\/[^"?]+\?lang=nl" hreflang="nl" lang="nl" aria-current="true">Nederlands<\/a>/);

    const refused = await api.post(`/v1/mobilities/${(await api.post('/v1/mobilities', { ...placement(schoolB), hostOrganisation: AMSTERDAM })).body.id}/mentor-assessment`, { language: 'nl', expiresInDays: 30 });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ type: 'urn:mobicred:problem:rule-violated', rule: 'known-mentor-language', errors: [{ field: '/language' }] });
    expect((await api.get(`/v1/issuers/${schoolB}/mentor-texts/nl`)).status).toBe(404);
  });

  it('when a file lacks a key, loses a placeholder, has a key the grid does not know, or a language is no tag, then a 400 problem+json names each, and nothing is kept', async () => {
    const { title: _title, ...withoutTitle } = DUTCH;
    const missing = checked(await put(schoolA, 'sv', withoutTitle), '/v1/issuers/{id}/mentor-texts/{language}', 'PUT');
    expect(missing.status).toBe(400);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.body).toMatchObject({ type: 'urn:mobicred:problem:validation-failed', field: '/title', errors: [{ field: '/title', message: 'is missing' }] });
    expect(missing.body.detail).toBe('The message file for "sv" has a problem: key "title" is missing');

    const broken = await put(schoolA, 'sv', { ...DUTCH, intro: '{school} vraagt u het verblijf te beoordelen.', thanks: 'Dank u, {schol}.', 'levels.emerging': 'Beginnend {level}', colour: 'oranje' });
    expect(broken.status).toBe(400);
    expect(broken.body.errors).toEqual([
      { field: '/intro', message: 'must keep the placeholders {learner}, {school}, and no other' },
      { field: '/levels.emerging', message: 'must have no placeholder such as {name}' },
      { field: '/thanks', message: 'must keep the placeholders {school}, and no other' },
      { field: '/colour', message: 'is not a key of the grid' },
    ]);
    expect((await api.get(`/v1/issuers/${schoolA}/mentor-texts/sv`)).status).toBe(404);

    const notTag = await put(schoolA, 'Dutch', DUTCH);
    expect(notTag.status).toBe(400);
    expect(notTag.body).toMatchObject({ field: 'language' });
    expect((await put(schoolA, 'sv', ['not', 'a', 'file'])).status).toBe(400);
  });

  it('when a school admin adds a language in the console, then a refused form names each text at fault and keeps what was typed; saved, the stay page offers it for the mentor’s link', async () => {
    const { client: admin } = await signedInConsole(service, { roles: [{ role: 'school-admin', issuerId: schoolB }] });
    const { client: teacher } = await signedInConsole(service, { roles: [{ role: 'school-issuer', issuerId: schoolB }] });
    const list = await admin.get('/console/school/mentor-texts?lang=en');
    expect(list.text).toContain('<th scope="row" lang="de">Deutsch</th><td><code>de</code></td>');
    expect((await admin.post('/console/school/mentor-texts?lang=en', { code: 'Dutch' })).text).toContain('<a href="#fcode">Code of the language: Give the language as a code');
    const added = await admin.post('/console/school/mentor-texts?lang=en', { code: 'nl' });
    expect(added.headers.location).toBe('/console/school/mentor-texts/nl?lang=en');
    const form = await admin.get(added.headers.location!);
    expect(form.text).toContain('<h1>Mentor’s grid in a new language (nl)</h1>');
    expect(form.text).toContain('Évaluation de la période à l’étranger (title) <span class="required">(required)</span>');
    expect((await teacher.get(added.headers.location!)).status).toBe(403);

    const typed = { ...DUTCH, title: '', intro: 'Beoordeel het verblijf van {learner}.' };
    const refused = await admin.post('/console/school/mentor-texts/nl?lang=en', typed);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<a href="#ftitle">Évaluation de la période à l’étranger (title): is required</a>');
    expect(refused.text).toContain('must keep {learner}, {school}, and no other mark in braces');
    expect(refused.text).toContain('>Beoordeel het verblijf van {learner}.</textarea>');
    expect(refused.text).toContain('Waargenomen niveau per gebied &lt;b&gt;(leeg laten&lt;/b&gt;');
    expect((await api.get(`/v1/issuers/${schoolB}/mentor-texts/nl`)).status).toBe(404);

    const saved = await admin.post('/console/school/mentor-texts/nl?lang=en', DUTCH);
    expect(saved.headers.location).toBe('/console/school/mentor-texts?lang=en&done=saved');
    expect((await admin.get(saved.headers.location!)).text).toMatch(/<th scope="row" lang="nl">Nederlands<\/th><td><code>nl<\/code><\/td>\s*<td>The school’s own, /);

    const stayId = (await api.post('/v1/mobilities', { ...placement(schoolB), hostOrganisation: AMSTERDAM })).body.id as string;
    const stayPage = await admin.get(`/console/stays/${stayId}?lang=en`);
    // The Netherlands suggest no shipped language: English is chosen, Dutch offered.
    expect(stayPage.text).toContain('<option value="en" selected>English</option>');
    expect(stayPage.text).toContain('<option value="nl">Nederlands</option>');
    expect((await admin.post(`/console/stays/${stayId}/mentor?lang=en`, { language: 'sv', expiresInDays: '30' })).headers.location).toContain('mentor=refused-language');
    await admin.post(`/console/stays/${stayId}/mentor?lang=en`, { language: 'nl', expiresInDays: '30' });
    expect((await api.get(`/v1/mobilities/${stayId}/mentor-assessment`)).body).toMatchObject({ state: 'sent', language: 'nl' });

    const removed = await admin.post('/console/school/mentor-texts/nl/remove?lang=en', {});
    expect(removed.headers.location).toBe('/console/school/mentor-texts?lang=en&done=removed');
    expect((await api.get(`/v1/issuers/${schoolB}/mentor-texts/nl`)).status).toBe(404);
  });

  it('when a school rewords a shipped language, then its mentors read its words and other schools the shipped ones, until it removes its file', async () => {
    const shippedTitle = shippedFile('es').title!;
    expect((await put(schoolA, 'es', { ...shippedFile('es'), title: 'Evaluación de las prácticas en el extranjero' })).status).toBe(200);
    expect((await api.get(`/v1/issuers/${schoolA}/mentor-texts/es`)).body).toMatchObject({ source: 'school', texts: { title: 'Evaluación de las prácticas en el extranjero' } });
    expect(await mentorPage(schoolA, undefined)).toContain('<span lang="es">Evaluación de las prácticas en el extranjero</span>');
    expect(await mentorPage(schoolB, undefined)).toContain(`<span lang="es">${shippedTitle}</span>`);

    const removed = await request(service.app).delete(`/v1/issuers/${schoolA}/mentor-texts/es`).set(auth());
    expect(removed.status).toBe(204);
    expect(checked(await api.get(`/v1/issuers/${schoolA}/mentor-texts/es`), '/v1/issuers/{id}/mentor-texts/{language}', 'GET').body).toMatchObject({ source: 'shipped', texts: { title: shippedTitle } });
    expect(await mentorPage(schoolA, undefined)).toContain(`<span lang="es">${shippedTitle}</span>`);
    expect((await request(service.app).delete(`/v1/issuers/${schoolA}/mentor-texts/es`).set(auth())).status).toBe(404);
  });
});
