import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { sql } from 'kysely';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi, placement, assessment } from '../support/api.js';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { officialEuropassValidator, officialOpenBadgeValidator, openApiResponseValidator } from '../support/oracles.js';
import { mobilityFiguresOf } from '../../src/services/mobilities.js';
import { EVERY_SCHOOL } from '../../src/storage/tenancy.js';

const validateOpenBadge = officialOpenBadgeValidator();
const validateEuropass = officialEuropassValidator();
const validateResponse = openApiResponseValidator();

describe.each(BACKENDS)('mobilities on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let issuerId: string;

  beforeAll(async () => {
    service = await startTestService(backend);
    api = adminApi(service);
    issuerId = (await api.createIssuer()).id;
  });
  afterAll(() => service.close());

  const count = async (table: 'mobilities' | 'credentials') =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(service.ctx.db)).rows[0]!.n);
  const put = (path: string, body: unknown) => request(service.app).put(path).set('Authorization', `Bearer ${service.adminKey}`).send(body as object);

  it('when a four-week placement is recorded, assessed and issued, then the skills, language and UFM credentials come out valid', async () => {
    const created = await api.post('/v1/mobilities', placement(issuerId));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ durationDays: 26, ufmApplies: true, assessment: null });
    expect(validateResponse({ path: '/v1/mobilities', method: 'POST', status: 201, contentType: created.headers['content-type'], body: created.body }).errors).toBeNull();

    const assessed = await put(`/v1/mobilities/${created.body.id}/assessment`, assessment({ part1: 6, part2: 9, specialtyExamsPassed: true, competences: { C1: 'acquired', C3: 'acquired', C5: 'partially-acquired' } }));
    expect(assessed.status).toBe(200);

    const issued = await api.post(`/v1/mobilities/${created.body.id}/credentials`, { language: 'fr' });
    expect(issued.status).toBe(201);
    expect(validateResponse({ path: '/v1/mobilities/{id}/credentials', method: 'POST', status: 201, contentType: issued.headers['content-type'], body: issued.body }).errors).toBeNull();
    const byKind = Object.fromEntries(issued.body.credentials.map((entry: any) => [entry.kind, entry]));
    expect(Object.keys(byKind).sort()).toEqual(['language', 'mobility-skills', 'ufm']);

    for (const { credential } of issued.body.credentials) {
      expect(validateOpenBadge(credential.credential).errors).toBeNull();
      expect((await request(service.app).get(`/credentials/${credential.id}/verification`)).body.verdict).toBe('valid');
      const subject = credential.credential.credentialSubject;
      expect(subject).toMatchObject({ activityStartDate: '2026-05-04T00:00:00Z', activityEndDate: '2026-05-29T23:59:59Z', source: { name: 'Restaurante La Albufera S.L.' } });
      expect(credential.credential.evidence).toEqual([expect.objectContaining({ name: 'Learning agreement' })]);
    }

    const ufm = byKind.ufm.credential.credential;
    const achievementUrl = ufm.credentialSubject.achievement.id;
    const value = (key: string) => ufm.credentialSubject.result.find((result: any) => result.resultDescription === `${achievementUrl}#${key}`)?.value;
    expect([value('part-1'), value('part-2'), value('total'), value('mobilitepro')]).toEqual(['6', '9', '15', 'awarded']);
    expect(ufm.credentialSubject.achievement).toMatchObject({ name: 'Unité facultative de mobilité', inLanguage: 'fr', humanCode: 'UFM' });

    const language = byKind.language.credential.credential;
    expect(language.credentialSubject.achievement.name).toBe('Compétences en langue étrangère : espagnol');
    expect(language.credentialSubject.result.map((result: any) => result.value)).toEqual(['A2', 'B1']);
    const skills = byKind['mobility-skills'].credential.credential;
    expect(skills.credentialSubject.achievement.alignment).toContainEqual(expect.objectContaining({ targetUrl: 'http://data.europa.eu/snb/eqf/4' }));

    // Issuing again issues nothing new.
    const before = await count('credentials');
    const again = await api.post(`/v1/mobilities/${created.body.id}/credentials`, {});
    expect(again.status).toBe(200);
    expect(again.body.credentials.map((entry: any) => entry.issued)).toEqual([false, false, false]);
    expect(again.body.credentials.map((entry: any) => entry.credential.id).sort()).toEqual(issued.body.credentials.map((entry: any) => entry.credential.id).sort());
    expect(await count('credentials')).toBe(before);
  });

  it('when the credentials of a mobility are exported to Europass, then each is an ELM 3 credential the EU schema accepts, signed by the school, carrying the stay', async () => {
    const { body } = await api.post('/v1/mobilities', { ...placement(issuerId), plannedLearningOutcomes: [{ title: 'Prepare regional dishes', escoSkill: 'http://data.europa.eu/esco/skill/ccdf3597-5c80-410f-896d-e1bdfa223de9' }] });
    await put(`/v1/mobilities/${body.id}/assessment`, { ...assessment({ part1: 6, part2: 9, specialtyExamsPassed: true }), outcomesAchieved: [0] }).expect(200);
    const issued = await api.post(`/v1/mobilities/${body.id}/credentials`, {});
    const slug = (await api.get(`/v1/issuers/${issuerId}`)).body.slug;
    const jwks = createLocalJWKSet((await request(service.app).get(`/issuers/${slug}/jwks.json`)).body);

    for (const { kind, credential } of issued.body.credentials) {
      const jwt = await request(service.app).get(`/credentials/${credential.id}/europass`).expect(200);
      expect(jwt.headers['content-type']).toMatch(/^application\/vc\+jwt/);
      const { payload } = await jwtVerify(jwt.text, jwks);
      const json = JSON.parse((await request(service.app).get(`/credentials/${credential.id}/europass?format=json`).expect(200)).text);
      expect(payload).toMatchObject(json);
      const check = validateEuropass(json);
      expect(check.errors, kind).toBeNull();

      expect(json.type).toEqual(['VerifiableCredential', 'VerifiableAttestation', 'EuropeanDigitalCredential']);
      const [achievement, activity] = json.credentialSubject.hasClaim;
      expect(achievement.title).toEqual({ fr: expect.any(String), en: expect.any(String) });
      expect(json.credentialSubject.fullName).toEqual({ fr: 'Léa Martin' });
      expect(activity).toMatchObject({
        type: 'LearningActivity',
        temporal: [{ startDate: '2026-05-04T00:00:00Z', endDate: '2026-05-29T23:59:59Z' }],
        directedBy: [{ legalName: { fr: 'Restaurante La Albufera S.L.' } }],
        location: [{ address: [{ countryCode: { id: 'http://publications.europa.eu/resource/authority/country/ESP' } }] }],
      });
      expect(activity.specifiedBy.language).toEqual([expect.objectContaining({ id: 'http://publications.europa.eu/resource/authority/language/SPA' })]);
      expect(json.issuer).toMatchObject({ id: credential.credential.issuer.id, location: [{ address: [{ countryCode: { id: 'http://publications.europa.eu/resource/authority/country/FRA' } }] }] });
      if (kind === 'mobility-skills') {
        expect(achievement.specifiedBy.educationLevel).toEqual([expect.objectContaining({ id: 'http://data.europa.eu/snb/eqf/4' })]);
        expect(achievement.specifiedBy.learningOutcome[0].relatedESCOSkill[0].id).toBe('http://data.europa.eu/esco/skill/ccdf3597-5c80-410f-896d-e1bdfa223de9');
      }
      if (kind === 'ufm') {
        expect(achievement.provenBy.map((assessment: any) => assessment.grade.noteLiteral.fr)).toEqual(expect.arrayContaining(['6', '9', '15', 'awarded']));
      }
    }

    // A credential that is not from a mobility exports too, and the EU schema still accepts it.
    const plain = await api.post('/v1/credentials', { achievementId: (await api.createAchievement(issuerId)).id, recipient: { email: 'x@example.org' } });
    const plainJson = JSON.parse((await request(service.app).get(`/credentials/${plain.body.id}/europass`).set('Accept', 'application/ld+json').expect(200)).text);
    expect(validateEuropass(plainJson).errors).toBeNull();
    // The oracle can fail: without the required issuance date the EU schema refuses it.
    const { issued: _issued, ...withoutIssued } = plainJson;
    expect(validateEuropass(withoutIssued).valid).toBe(false);
  });

  it('when a school edits its template achievement and sets its own UFM scheme, then later credentials follow them', async () => {
    const school = (await api.createIssuer({ slug: 'lp-editable' })).id;
    const first = await api.post('/v1/mobilities', placement(school));
    await put(`/v1/mobilities/${first.body.id}/assessment`, assessment({ part1: 6, part2: 9, specialtyExamsPassed: true })).expect(200);
    const firstIssued = await api.post(`/v1/mobilities/${first.body.id}/credentials`, {});
    const skills = firstIssued.body.credentials.find((entry: any) => entry.kind === 'mobility-skills').credential;

    const edited = await put(`/v1/achievements/${skills.achievementId}`, {
      name: 'Compétences acquises en Espagne',
      description: 'Stage de quatre semaines en cuisine professionnelle.',
      criteria: { narrative: 'Évaluation par le tuteur.' },
      achievementType: 'Competency',
      inLanguage: 'fr',
    });
    expect(edited.status).toBe(200);
    expect((await put(`/v1/achievements/${skills.achievementId}`, { name: 'x', description: 'y', criteria: {}, issuerId: school })).status).toBe(400);

    const scheme = {
      competences: [
        { code: 'C1', part: 1, name: { fr: 'Communiquer en situation professionnelle', en: 'Communicate at work' } },
        { code: 'C2', part: 2, name: { fr: 'Comparer les pratiques', en: 'Compare practices' } },
      ],
      part1Points: 10,
      part2Points: 10,
      passMark: 10,
    };
    expect((await put(`/v1/issuers/${school}/ufm-scheme`, { ...scheme, competences: [scheme.competences[0], scheme.competences[0]] })).body).toMatchObject({ status: 422, rule: 'ufm-distinct-competences' });
    expect((await put(`/v1/issuers/${school}/ufm-scheme`, scheme)).status).toBe(200);

    const second = await api.post('/v1/mobilities', placement(school));
    // 9.5 was above the default part 1 maximum of 8; the school's scheme allows 10.
    await put(`/v1/mobilities/${second.body.id}/assessment`, assessment({ part1: 9.5, part2: 4, specialtyExamsPassed: true, competences: { C1: 'acquired' } })).expect(200);
    const secondIssued = await api.post(`/v1/mobilities/${second.body.id}/credentials`, {});
    const secondSkills = secondIssued.body.credentials.find((entry: any) => entry.kind === 'mobility-skills').credential.credential;
    expect(secondSkills.credentialSubject.achievement.name).toBe('Compétences acquises en Espagne');
    const ufm = secondIssued.body.credentials.find((entry: any) => entry.kind === 'ufm').credential.credential;
    const descriptions = ufm.credentialSubject.achievement.resultDescription;
    expect(descriptions.find((item: any) => item.id.endsWith('#part-1')).valueMax).toBe('10');
    expect(descriptions.find((item: any) => item.id.endsWith('#competence-C1')).name).toBe('C1 — Communiquer en situation professionnelle');
    expect(validateOpenBadge(ufm).errors).toBeNull();
    // Assessed under the school's scheme, then the scheme is tightened: issuing is refused, not crashed.
    const third = await api.post('/v1/mobilities', placement(school));
    await put(`/v1/mobilities/${third.body.id}/assessment`, assessment({ part1: 9.5, part2: 4, specialtyExamsPassed: true })).expect(200);
    await put(`/v1/issuers/${school}/ufm-scheme`, { ...scheme, part1Points: 8, part2Points: 12 }).expect(200);
    const refused = await api.post(`/v1/mobilities/${third.body.id}/credentials`, {});
    expect(refused.body).toMatchObject({ status: 422, rule: 'ufm-part-maximum', field: '/ufm/part1' });
    // The first UFM credential keeps the unit it was issued under.
    const firstUfm = firstIssued.body.credentials.find((entry: any) => entry.kind === 'ufm').credential.credential;
    expect(firstUfm.credentialSubject.achievement.id).not.toBe(ufm.credentialSubject.achievement.id);
  });

  it('when the UFM mark is 15/20 but the specialty exams are not passed, then the unit mark is signed as completed, without the attestation, and nothing says failed', async () => {
    const { body } = await api.post('/v1/mobilities', placement(issuerId));
    await put(`/v1/mobilities/${body.id}/assessment`, assessment({ part1: 6, part2: 9, specialtyExamsPassed: false })).expect(200);
    const issued = await api.post(`/v1/mobilities/${body.id}/credentials`, {});
    expect(issued.body.withheld).toEqual([]);
    const ufm = issued.body.credentials.find((entry: any) => entry.kind === 'ufm').credential.credential;
    const url = ufm.credentialSubject.achievement.id;
    expect(ufm.credentialSubject.result).toContainEqual({ type: ['Result'], resultDescription: `${url}#total`, value: '15', status: 'Completed' });
    expect(ufm.credentialSubject.result).toContainEqual({ type: ['Result'], resultDescription: `${url}#mobilitepro`, value: 'not-awarded' });
    const names = Object.fromEntries(ufm.credentialSubject.achievement.resultDescription.map((item: any) => [item.id.split('#')[1], item.name]));
    expect(names).toMatchObject({ 'part-1': 'UFM — partie 1 (organisme d’accueil)', total: 'UFM — note de l’unité', mobilitepro: 'Attestation MobilitéPro' });
    expect(JSON.stringify(ufm)).not.toMatch(/Failed/i);
    expect(validateOpenBadge(ufm).errors).toBeNull();
  });

  it('when the UFM mark is 9.5/20, then no UFM credential is issued and the answer says why; a school that chose issueBelowPassMark issues it, never as failed', async () => {
    const { body } = await api.post('/v1/mobilities', placement(issuerId));
    await put(`/v1/mobilities/${body.id}/assessment`, assessment({ part1: 4, part2: 5.5, specialtyExamsPassed: true })).expect(200);
    const issued = await api.post(`/v1/mobilities/${body.id}/credentials`, {});
    expect(validateResponse({ path: '/v1/mobilities/{id}/credentials', method: 'POST', status: 201, contentType: issued.headers['content-type'], body: issued.body }).errors).toBeNull();
    expect(issued.body.credentials.map((entry: any) => entry.kind).sort()).toEqual(['language', 'mobility-skills']);
    expect(issued.body.withheld).toEqual([{ kind: 'ufm', rule: 'ufm-below-pass-mark', message: expect.any(String) }]);

    const school = (await api.createIssuer({ slug: 'lp-below-pass-mark' })).id;
    await put(`/v1/issuers/${school}/ufm-scheme`, { competences: [{ code: 'C1', part: 1, name: { fr: 'Communiquer', en: 'Communicate' } }, { code: 'C2', part: 2, name: { fr: 'Comparer', en: 'Compare' } }], part1Points: 8, part2Points: 12, passMark: 10, issueBelowPassMark: true }).expect(200);
    const stay = await api.post('/v1/mobilities', placement(school));
    await put(`/v1/mobilities/${stay.body.id}/assessment`, assessment({ part1: 4, part2: 5.5, specialtyExamsPassed: true })).expect(200);
    const below = await api.post(`/v1/mobilities/${stay.body.id}/credentials`, {});
    expect(below.body.withheld).toEqual([]);
    const ufm = below.body.credentials.find((entry: any) => entry.kind === 'ufm').credential.credential;
    const url = ufm.credentialSubject.achievement.id;
    expect(ufm.credentialSubject.result).toContainEqual({ type: ['Result'], resultDescription: `${url}#total`, value: '9.5', status: 'Completed' });
    expect(ufm.credentialSubject.result).toContainEqual({ type: ['Result'], resultDescription: `${url}#mobilitepro`, value: 'not-awarded' });
    expect(JSON.stringify(ufm)).not.toMatch(/Failed/i);
  });

  it('when learning outcomes are reached, with or without an ESCO link, then each is in the signed skills credential by its title', async () => {
    const outcomes = [{ title: 'Prepare regional dishes in a professional kitchen' }, { title: 'Plan the mise en place' }, { title: 'Stimulate creativity in the team', escoSkill: 'http://data.europa.eu/esco/skill/ccdf3597-5c80-410f-896d-e1bdfa223de9' }];
    const { body } = await api.post('/v1/mobilities', { ...placement(issuerId), plannedLearningOutcomes: outcomes });
    await put(`/v1/mobilities/${body.id}/assessment`, { ...assessment({ part1: 6, part2: 9, specialtyExamsPassed: true }), outcomesAchieved: [0, 2] }).expect(200);
    const issued = await api.post(`/v1/mobilities/${body.id}/credentials`, { language: 'en' });
    const skills = issued.body.credentials.find((entry: any) => entry.kind === 'mobility-skills').credential.credential;
    expect(validateOpenBadge(skills).errors).toBeNull();
    const descriptions = new Map(skills.credentialSubject.achievement.resultDescription.map((item: any) => [item.id, item]));
    const reached = skills.credentialSubject.result.filter((result: any) => result.value === 'achieved').map((result: any) => descriptions.get(result.resultDescription));
    expect(reached.map((item: any) => item.name)).toEqual([outcomes[0]!.title, outcomes[2]!.title]);
    expect(reached[0].alignment).toBeUndefined();
    expect(reached[1].alignment).toEqual([expect.objectContaining({ targetUrl: outcomes[2]!.escoSkill, targetFramework: 'ESCO' })]);
    expect(JSON.stringify(skills.credentialSubject.result)).not.toContain(outcomes[1]!.title);
    expect((await request(service.app).get(`/credentials/${issued.body.credentials[0].credential.id}/verification`)).body.verdict).toBe('valid');
  });

  it('when a UFM mark is above its maximum or a part is missing, then it is a 422 naming the field, and nothing is stored', async () => {
    const { body } = await api.post('/v1/mobilities', placement(issuerId));
    const tooHigh = await put(`/v1/mobilities/${body.id}/assessment`, assessment({ part1: 6, part2: 13, specialtyExamsPassed: true }));
    expect(tooHigh.status).toBe(422);
    expect(tooHigh.body).toMatchObject({ type: 'urn:mobicred:problem:rule-violated', field: '/ufm/part2', rule: 'ufm-part-maximum' });
    const missing = await put(`/v1/mobilities/${body.id}/assessment`, assessment({ part1: 6, specialtyExamsPassed: true }));
    expect(missing.body).toMatchObject({ status: 422, field: '/ufm/part2', rule: 'ufm-both-parts' });
    expect((await api.get(`/v1/mobilities/${body.id}`)).body.assessment).toBeNull();
    expect((await api.post(`/v1/mobilities/${body.id}/credentials`, {})).status).toBe(409);
  });

  it('when a school lists its stays, then filters (q, year, programme, country, state) and cursor paging find them, and a bad filter is a 400 naming it', async () => {
    const school = (await api.createIssuer({ slug: 'lp-listing' })).id;
    const stay = (changes: Record<string, unknown> = {}) => ({ ...placement(school), ...changes });
    const valencia = (await api.post('/v1/mobilities', stay())).body.id;
    const berlin = (await api.post('/v1/mobilities', stay({ participant: { ...placement(school).participant, name: 'Tom Durand' }, hostOrganisation: { ...placement(school).hostOrganisation, legalName: 'Gasthaus 100%_Löwen', countryCode: 'DE', city: 'Berlin' } }))).body.id;
    const quebec = (await api.post('/v1/mobilities', stay({ programme: 'quebec-meq', startDate: '2027-01-11', endDate: '2027-01-29' }))).body.id;
    await put(`/v1/mobilities/${berlin}/assessment`, assessment({ part1: 6, part2: 9, specialtyExamsPassed: true })).expect(200);
    await put(`/v1/mobilities/${quebec}/assessment`, assessment({ part1: 6, part2: 9, specialtyExamsPassed: true })).expect(200);
    await api.post(`/v1/mobilities/${quebec}/credentials`, {}).expect(201);

    const ids = async (query: string) => {
      const res = await api.get(`/v1/mobilities?issuerId=${school}${query}`);
      expect(res.status, res.text).toBe(200);
      expect(validateResponse({ path: '/v1/mobilities', method: 'GET', status: 200, contentType: res.headers['content-type'], body: res.body }).errors).toBeNull();
      return res.body.mobilities.map((mobility: any) => mobility.id);
    };
    expect(await ids('')).toEqual([quebec, berlin, valencia]);
    expect(await ids('&q=durand')).toEqual([berlin]);
    expect(await ids('&q=LÖWEN')).toEqual([berlin]);
    expect(await ids(`&q=${encodeURIComponent('100%_')}`)).toEqual([berlin]);
    expect(await ids(`&q=${encodeURIComponent('%')}`)).toEqual([berlin]);
    expect(await ids('&q=albufera')).toEqual([quebec, valencia]);
    expect(await ids('&year=2027')).toEqual([quebec]);
    expect(await ids('&programme=quebec-meq')).toEqual([quebec]);
    expect(await ids('&country=DE')).toEqual([berlin]);
    expect(await ids('&state=recorded')).toEqual([valencia]);
    expect(await ids('&state=assessed')).toEqual([berlin]);
    expect(await ids('&state=issued')).toEqual([quebec]);

    const first = await api.get(`/v1/mobilities?issuerId=${school}&limit=2`);
    expect(first.body.mobilities.map((mobility: any) => mobility.id)).toEqual([quebec, berlin]);
    const second = await api.get(`/v1/mobilities?issuerId=${school}&limit=2&after=${first.body.next}`);
    expect([second.body.mobilities.map((mobility: any) => mobility.id), second.body.next]).toEqual([[valencia], null]);
    expect(second.body.mobilities[0]).toMatchObject({ state: 'recorded', record: { hostOrganisation: { city: 'Valencia' } } });

    for (const [query, field] of [['year=26', 'year'], ['country=es', 'country'], ['programme=ka1', 'programme'], ['state=done', 'state'], ['q=', 'q'], ['limit=0', 'limit'], ['after=x', 'after'], ['issuerId=1', 'issuerId']]) {
      const refused = await api.get(`/v1/mobilities?${query}`);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body, query).toMatchObject({ status: 400, type: 'urn:mobicred:problem:validation-failed', field });
    }
  });

  it('when a mobility breaks a rule, then it is a 422 naming the rule and the field, and nothing is stored', async () => {
    const before = await count('mobilities');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ endDate: '2026-05-01' }, 'end-not-before-start', '/endDate'],
      [{ hostOrganisation: { ...placement(issuerId).hostOrganisation, countryCode: 'XX' } }, 'known-country', '/hostOrganisation/countryCode'],
      [{ programme: 'quebec-meq', startDate: '2026-05-04', endDate: '2026-05-08' }, 'quebec-meq-minimum-7-days', '/endDate'],
      [{ type: 'job-shadowing' }, 'activity-fits-participant', '/type'],
    ];
    for (const [change, rule, field] of cases) {
      const res = await api.post('/v1/mobilities', { ...placement(issuerId), ...change });
      expect({ status: res.status, rule: res.body.rule, field: res.body.field }).toEqual({ status: 422, rule, field });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await api.post('/v1/mobilities', { ...placement(issuerId), startDate: 'tomorrow' })).status).toBe(400);
    expect(await count('mobilities')).toBe(before);
  });

  it('when a teacher job-shadows for a week, then a staff mobility badge is issued, in English when asked', async () => {
    const { body } = await api.post('/v1/mobilities', {
      ...placement(issuerId),
      participant: { kind: 'teacher', email: 'paul.durand@example.org', name: 'Paul Durand' },
      type: 'job-shadowing',
      startDate: '2026-03-09',
      endDate: '2026-03-13',
    });
    await put(`/v1/mobilities/${body.id}/assessment`, { mentorComment: 'Observed the kitchen brigade for a week.' }).expect(200);
    const issued = await api.post(`/v1/mobilities/${body.id}/credentials`, { language: 'en' });
    expect(issued.body.credentials.map((entry: any) => entry.kind)).toEqual(['staff-mobility']);
    const credential = issued.body.credentials[0].credential.credential;
    expect(credential.credentialSubject.achievement).toMatchObject({ name: 'Staff mobility: job shadowing', inLanguage: 'en' });
    expect(validateOpenBadge(credential).errors).toBeNull();
  });

  it('when the credentials of a mobility are requested twice at once, then each kind is issued once', async () => {
    const { body } = await api.post('/v1/mobilities', placement(issuerId));
    await put(`/v1/mobilities/${body.id}/assessment`, assessment({ part1: 7, part2: 10, specialtyExamsPassed: true })).expect(200);
    const both = await Promise.all([api.post(`/v1/mobilities/${body.id}/credentials`, {}), api.post(`/v1/mobilities/${body.id}/credentials`, {})]);
    expect(both.map((res) => res.status).every((status) => status === 200 || status === 201)).toBe(true);
    const { rows } = await sql<{ n: string }>`select count(*) as n from credentials where mobility_id = ${body.id}`.execute(service.ctx.db);
    expect(Number(rows[0]!.n)).toBe(3);
  });

  it('when a credential of a stay is revoked and the assessment corrected, then issuing again when asked signs the correction for that kind only (at once, twice, it is one); a plain retry brings nothing back', async () => {
    const { body: stay } = await api.post('/v1/mobilities', placement(issuerId));
    await put(`/v1/mobilities/${stay.id}/assessment`, assessment({ part1: 7, part2: 10, specialtyExamsPassed: true })).expect(200);
    const first = (await api.post(`/v1/mobilities/${stay.id}/credentials`, {}).expect(201)).body.credentials;
    const byKind = (issuances: any[]) => Object.fromEntries(issuances.map((entry) => [entry.kind, entry]));
    const language = byKind(first).language.credential;

    // Before the revocation a new assessment changes nothing signed.
    const corrected = { ...assessment({ part1: 7, part2: 10, specialtyExamsPassed: true }), language: { code: 'es', before: 'A2', reached: 'B2' } };
    await put(`/v1/mobilities/${stay.id}/assessment`, corrected).expect(200);
    expect((await api.post(`/v1/mobilities/${stay.id}/credentials`, {}).expect(200)).body.credentials.every((entry: any) => !entry.issued)).toBe(true);

    await api.post(`/v1/credentials/${language.id}/revoke`, { reason: 'Wrong level entered', publicReason: 'Issued in error' }).expect(200);
    // Asked plainly (a file run again, a retry), a revoked credential counts as issued: what the school withdrew stays withdrawn.
    const plain = byKind((await api.post(`/v1/mobilities/${stay.id}/credentials`, {}).expect(200)).body.credentials);
    expect([plain.language.issued, plain.language.credential.id]).toEqual([false, language.id]);
    const again = await Promise.all([api.post(`/v1/mobilities/${stay.id}/credentials`, { reissueRevoked: true }), api.post(`/v1/mobilities/${stay.id}/credentials`, { reissueRevoked: true })]);
    const reissued = again.map((res) => byKind(res.body.credentials).language);
    expect(new Set(reissued.map((entry) => entry.credential.id)).size).toBe(1);
    expect(reissued.filter((entry) => entry.issued)).toHaveLength(1);
    const replacement = reissued[0].credential;
    expect(replacement.id).not.toBe(language.id);
    expect(JSON.stringify(replacement.credential.credentialSubject.result)).toContain('"B2"');
    expect(validateOpenBadge(replacement.credential).errors).toBeNull();
    // The others stand as they were; the revoked one stays revoked, for whoever holds its link.
    expect(byKind(again[0]!.body.credentials)['mobility-skills'].credential.id).toBe(byKind(first)['mobility-skills'].credential.id);
    expect((await request(service.app).get(`/credentials/${language.id}/verification`)).body.verdict).toBe('revoked');
    expect((await request(service.app).get(`/credentials/${replacement.id}/verification`)).body.verdict).toBe('valid');
    const { rows } = await sql<{ kind: string; issue: number }>`select mobility_kind as kind, mobility_issue as issue from credentials where mobility_id = ${stay.id} order by kind, issue`.execute(service.ctx.db);
    expect(rows.map((row) => `${row.kind}#${row.issue}`)).toEqual(['language#1', 'language#2', 'mobility-skills#1', 'ufm#1']);
    // The figures count what stands: three credentials for this stay, not the revoked one beside its replacement.
    const figures = async () => (await mobilityFiguresOf(service.ctx, EVERY_SCHOOL)).reduce((sum, row) => sum + row.credentials, 0);
    const before = await figures();
    await api.post(`/v1/credentials/${replacement.id}/revoke`, { reason: 'Withdrawn', publicReason: 'Withdrawn' }).expect(200);
    expect(await figures()).toBe(before - 1);
  });
});
