import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi } from '../support/api.js';
import { officialOpenBadgeValidator, openApiResponseValidator } from '../support/oracles.js';
import { createPathwayOrganisations, prescriptionBody, type Api } from '../support/pathways.js';
import { loadAchievementWithIssuer } from '../../src/services/achievements.js';
import { issueAchievementCredential } from '../../src/services/credentials.js';
import { buildCompletionRecord } from '../../src/domain/pathways.js';
import { EVERY_SCHOOL } from '../../src/storage/tenancy.js';

const validateOpenBadge = officialOpenBadgeValidator();
const validateResponse = openApiResponseValidator();

describe.each(BACKENDS)('incoming mobility pathways on $name', (backend) => {
  let service: TestService;
  let api: Api;
  let organisations: Awaited<ReturnType<typeof createPathwayOrganisations>>;
  let prescription: { id: string; credentialUrl: string; credential: { credential: Record<string, any> }; elements: { id: string; key: string; competencyCode: string }[] };

  const complete = (achievementId: string, elementIndex: number, extra: Record<string, unknown> = {}) =>
    api.post('/v1/pathways/completions', {
      achievementId,
      recipient: { email: 'amina.haddad@example.org' },
      prescriptionElement: prescription.elements[elementIndex]!.id,
      outcome: 'course',
      completedOn: '2026-04-20',
      ...extra,
    });
  const check = (body: unknown) => request(service.app).post('/v1/pathways/check').send(body as object);

  beforeAll(async () => {
    service = await startTestService(backend);
    api = adminApi(service);
    organisations = await createPathwayOrganisations(api);
    const issued = await api.post('/v1/pathways/prescriptions', prescriptionBody(organisations.order.id, 'amina.haddad@example.org'));
    expect(issued.status, issued.text).toBe(201);
    prescription = issued.body;
  }, 180_000);
  afterAll(() => service.close());

  it('when an order prescribes three elements, then the prescription is an OB 3.0 credential of the order with one aligned result description per element', async () => {
    const { credential } = prescription.credential;
    expect(validateOpenBadge(credential).errors).toBeNull();
    expect(credential.issuer.id).toBe(organisations.order.did);
    expect(credential.awardedDate).toBe('2026-01-15T00:00:00Z');
    const { achievement } = credential.credentialSubject;
    expect(achievement).toMatchObject({ achievementType: 'ext:Prescription', fieldOfStudy: 'Infirmière / infirmier', humanCode: 'CA-2026-0142', creditsAvailable: 630 });
    expect(achievement.resultDescription.map((description: any) => description.id)).toEqual(prescription.elements.map((element) => element.id));
    expect(achievement.resultDescription[1].alignment[0]).toMatchObject({
      targetCode: 'S-01',
      targetFramework: 'Référentiel de compétences de l’ordre',
      targetType: 'ceasn:Competency',
      targetDescription: 'stage prescrit · 210 h · stage requis · à terminer au plus tard le 2028-06-30',
    });
    const read = await api.get(`/v1/pathways/prescriptions/${prescription.id}`);
    expect(validateResponse({ path: '/v1/pathways/prescriptions/{id}', method: 'GET', status: 200, contentType: read.headers['content-type'], body: read.body }).errors).toBeNull();
    expect(read.body.elements[1]).toMatchObject({ competencyCode: 'S-01', hours: 210, stageRequired: true, deadline: '2028-06-30', kind: 'stage' });
  });

  it('when a school (not an order) prescribes, or a deadline precedes the decision, then nothing is issued and the rule is named', async () => {
    const refused = await api.post('/v1/pathways/prescriptions', prescriptionBody(organisations.college.id, 'x@example.org'));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ type: 'urn:mobicred:problem:rule-violated', rule: 'professional-order-only', field: '/orderId' });
    const early = await api.post('/v1/pathways/prescriptions', prescriptionBody(organisations.order.id, 'x@example.org', { decisionDate: '2028-01-01' }));
    expect(early.body).toMatchObject({ status: 422, rule: 'deadline-after-decision', field: '/elements/0/deadline' });
    const malformed = await api.post('/v1/pathways/prescriptions', prescriptionBody(organisations.order.id, 'x@example.org', { elements: [{ competencyCode: 'C-1' }] }));
    expect(malformed.status).toBe(400);
    expect(malformed.body.field).toMatch(/^\/elements\/0/);
  });

  it('when two of three elements are completed by recognised institutions, then the check says exactly which are satisfied and which is missing', async () => {
    const course = await complete(organisations.course.id, 0);
    expect(course.status, course.text).toBe(201);
    expect(validateResponse({ path: '/v1/pathways/completions', method: 'POST', status: 201, contentType: course.headers['content-type'], body: course.body }).errors).toBeNull();
    expect(validateOpenBadge(course.body.credential).errors).toBeNull();
    const stage = await complete(organisations.placement.id, 1, { outcome: 'stage', completedOn: '2026-09-30' });
    expect(stage.status, stage.text).toBe(201);

    const answer = await check({ credentials: [prescription.credentialUrl, course.body.url, stage.body.jwt] });
    expect(answer.status, answer.text).toBe(200);
    expect(validateResponse({ path: '/v1/pathways/check', method: 'POST', status: 200, contentType: answer.headers['content-type'], body: answer.body }).errors).toBeNull();
    expect(answer.body.prescription).toMatchObject({ verdict: 'valid', orderName: 'Ordre des infirmières et infirmiers du Québec', decisionReference: 'CA-2026-0142' });
    expect(answer.body.elements.map((element: any) => [element.competencyCode, element.outcome, element.satisfiedBy?.credentialId ?? null])).toEqual([
      ['C-03', 'satisfied', course.body.credential.id],
      ['S-01', 'satisfied', course.body.credential.id.replace(course.body.id, stage.body.id)],
      ['F-07', 'missing', null],
    ]);
    expect(answer.body.elements[0].satisfiedBy).toMatchObject({ verdict: 'valid', issuerName: 'Cégep du Vieux-Port', completedOn: '2026-04-20', afterDeadline: false });
    expect(answer.body.summary).toEqual({ prescribed: 3, satisfied: 2, refused: 0, missing: 1 });

    // The same, presented together in a verifiable presentation (the VC-JWT enveloped, as VC 2.0 does).
    const presented = await check({
      presentation: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiablePresentation'],
        verifiableCredential: [
          prescription.credential.credential,
          course.body.credential,
          { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['EnvelopedVerifiableCredential'], id: `data:application/vc+jwt,${stage.body.jwt}` },
        ],
      },
    });
    expect(presented.body.summary).toEqual({ prescribed: 3, satisfied: 2, refused: 0, missing: 1 });
  });

  it('when an element is completed by a credential for another candidate, an unrecognised institution, a tampered or a revoked one, then it is refused and says why', async () => {
    // An unrecognised college on the same instance.
    const other = await api.createIssuer({ slug: 'college-non-reconnu', name: 'Collège non reconnu' });
    const otherFrancisation = (await api.post('/v1/pathways/francisation-achievements', { issuerId: other.id })).body;
    const unrecognised = await complete(otherFrancisation.id, 2, { outcome: 'francisation', frenchLevels: { 'comprehension-orale': 8, 'production-orale': 7, 'comprehension-ecrite': 7, 'production-ecrite': 7 } });
    expect(unrecognised.status, unrecognised.text).toBe(201);
    expect(validateOpenBadge(unrecognised.body.credential).errors).toBeNull();
    const levels = unrecognised.body.credential.credentialSubject.result.filter((result: any) => result.value !== undefined);
    expect(levels.map((result: any) => [result.resultDescription.split('#')[1], result.value])).toEqual([
      ['comprehension-orale', '8'], ['production-orale', '7'], ['comprehension-ecrite', '7'], ['production-ecrite', '7'],
    ]);

    // The API refuses a completion for someone else; an institution's own system might not: sign one directly.
    expect((await complete(organisations.francisation.id, 2, { recipient: { email: 'someone.else@example.org' } })).body).toMatchObject({ status: 422, rule: 'prescribed-candidate-only', field: '/recipient/email' });
    const adminKeyId = String((await service.ctx.db.selectFrom('api_keys').select('id').where('role', '=', 'platform-admin').executeTakeFirstOrThrow()).id);
    const { achievement, issuer } = await loadAchievementWithIssuer(service.ctx, organisations.francisation.id, EVERY_SCHOOL);
    const element = prescription.elements[2]!;
    const forSomeoneElse = await issueAchievementCredential(service.ctx, {
      achievement,
      issuer,
      recipient: { email: 'someone.else@example.org' },
      record: buildCompletionRecord({ element: { id: element.id, name: 'F-07', competencyCode: 'F-07', framework: 'Référentiel' }, outcome: 'francisation', completedOn: '2026-05-01', achievementId: `https://mobicred.test/achievements/${achievement.id}`, language: 'fr' }),
      actor: { apiKeyId: adminKeyId, role: 'platform-admin', tenancy: EVERY_SCHOOL },
    });

    const genuine = (await complete(organisations.course.id, 0)).body;
    const tampered = { ...genuine.credential, validFrom: '2020-01-01T00:00:00Z' };
    const revoked = (await complete(organisations.placement.id, 1, { outcome: 'stage' })).body;
    expect((await api.post(`/v1/credentials/${revoked.id}/revoke`, { reason: 'Stage interrompu' })).status).toBe(200);

    const answer = await check({ credentials: [prescription.credentialUrl, unrecognised.body.url, forSomeoneElse.record.url, tampered, revoked.url] });
    expect(answer.status, answer.text).toBe(200);
    const [course, stage, francisation] = answer.body.elements;
    expect(course).toMatchObject({ outcome: 'refused', satisfiedBy: null, refused: [{ index: 3, verdict: 'not-authentic', reasons: ['not-verified'] }] });
    expect(stage).toMatchObject({ outcome: 'refused', refused: [{ index: 4, verdict: 'revoked', reasons: ['not-verified'] }] });
    expect(francisation.outcome).toBe('refused');
    expect(francisation.refused).toEqual([
      expect.objectContaining({ index: 1, verdict: 'valid', issuerName: 'Collège non reconnu', reasons: ['unrecognised-institution'] }),
      expect.objectContaining({ index: 2, verdict: 'valid', issuerName: 'Cégep du Vieux-Port', reasons: ['other-candidate'] }),
    ]);
    expect(answer.body.summary).toEqual({ prescribed: 3, satisfied: 0, refused: 3, missing: 0 });
  });

  it('when the submission holds no prescription, or one from elsewhere, then the check is refused with the rule', async () => {
    const none = await check({ credentials: ['https://mobicred.test/credentials/00000000-0000-4000-8000-000000000000'] });
    expect(none.status).toBe(422);
    expect(none.body).toMatchObject({ type: 'urn:mobicred:problem:rule-violated', rule: 'one-prescription', field: '/credentials' });
    expect((await check({})).status).toBe(400);
    expect((await check({ credentials: 'nope' })).body).toMatchObject({ status: 400, field: '/credentials' });
  });
});

describe.each(BACKENDS)('pathway statistics on $name', (backend) => {
  let service: TestService;
  let api: Api;

  beforeAll(async () => {
    service = await startTestService(backend);
    api = adminApi(service);
  }, 180_000);
  afterAll(() => service.close());

  it('when six candidates are prescribed, five complete one element and three another, then the counts and median match, the cell of three is suppressed, and so is the total it could be worked out from', async () => {
    const { order, course, placement } = await createPathwayOrganisations(api);
    const daysToCourse = [30, 40, 50, 60, 70];
    for (let person = 0; person < 6; person += 1) {
      const email = `candidate-${person}@example.org`;
      const prescribed = await api.post('/v1/pathways/prescriptions', prescriptionBody(order.id, email));
      expect(prescribed.status, prescribed.text).toBe(201);
      const [courseElement, stageElement] = prescribed.body.elements;
      const completedOn = (days: number) => new Date(Date.parse('2026-01-15') + days * 86_400_000).toISOString().slice(0, 10);
      if (person < 5) {
        const done = await api.post('/v1/pathways/completions', { achievementId: course.id, recipient: { email }, prescriptionElement: courseElement.id, outcome: 'course', completedOn: completedOn(daysToCourse[person]!) });
        expect(done.status, done.text).toBe(201);
      }
      if (person < 3) {
        await api.post('/v1/pathways/completions', { achievementId: placement.id, recipient: { email }, prescriptionElement: stageElement.id, outcome: 'stage', completedOn: completedOn(200) }).expect(201);
      }
    }
    const statistics = await api.get('/v1/pathways/statistics');
    expect(statistics.status).toBe(200);
    expect(validateResponse({ path: '/v1/pathways/statistics', method: 'GET', status: 200, contentType: statistics.headers['content-type'], body: statistics.body }).errors).toBeNull();
    const row = (code: string | null, institution: string | null = null) =>
      statistics.body.rows.find((candidate: any) => (candidate.element?.competencyCode ?? null) === code && candidate.institution === institution);
    // 8 completions in all would give away the placement's 3 (8 − 5 − 0): the total is suppressed too.
    expect(row(null)).toMatchObject({ profession: 'Infirmière / infirmier', year: 2026, prescriptionsIssued: 6, elementsCompleted: null, medianDaysToCompletion: 65 });
    expect(row('C-03')).toMatchObject({ prescriptionsIssued: 6, elementsCompleted: 5, medianDaysToCompletion: 50 });
    expect(row('C-03', 'Cégep du Vieux-Port')).toMatchObject({ prescriptionsIssued: null, elementsCompleted: 5, medianDaysToCompletion: 50 });
    // Three people: suppressed, at the element and at the institution.
    expect(row('S-01')).toMatchObject({ prescriptionsIssued: 6, elementsCompleted: null, medianDaysToCompletion: null });
    expect(row('S-01', 'CHU des Îles')).toMatchObject({ elementsCompleted: null, medianDaysToCompletion: null });
    expect(row('F-07')).toMatchObject({ prescriptionsIssued: 6, elementsCompleted: 0, medianDaysToCompletion: null });
    expect(JSON.stringify(statistics.body)).not.toMatch(/candidate-|@example|Amina/);

    const csv = await api.get('/v1/pathways/statistics?format=csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain('pathway-statistics.csv');
    expect(csv.text.split('\r\n')).toContain('Infirmière / infirmier,2026,S-01,Stage en soins médicaux et chirurgicaux,CHU des Îles,,suppressed,suppressed');
    expect(csv.text.split('\r\n')).toContain('Infirmière / infirmier,2026,C-03,Pharmacologie et administration des médicaments,,6,5,50');

    // An order's own key sees its own prescriptions; a school's key sees none of them.
    const orderKey = (await api.post('/v1/api-keys', { name: 'Bureau des équivalences', role: 'school-admin', issuerId: order.id })).body.secret;
    const seen = await request(service.app).get('/v1/pathways/statistics').set({ Authorization: `Bearer ${orderKey}` });
    expect(seen.body.rows).toEqual(statistics.body.rows);
    // The coordination body: an academy grouping orders, read with its academy-reader key.
    const body = (await api.post('/v1/academies', { name: 'Pôle de coordination pour l’accès à la formation' })).body;
    await request(service.app).put(`/v1/issuers/${order.id}/academy`).set({ Authorization: `Bearer ${service.adminKey}` }).send({ academyId: body.id }).expect(200);
    const coordinationKey = (await api.post('/v1/api-keys', { name: 'Pôle', role: 'academy-reader', academyId: body.id })).body.secret;
    expect((await request(service.app).get('/v1/pathways/statistics').set({ Authorization: `Bearer ${coordinationKey}` })).body.rows).toEqual(statistics.body.rows);
    const schoolKey = (await api.post('/v1/api-keys', { name: 'Registrariat', role: 'school-admin', issuerId: (await api.get('/v1/issuers')).body.issuers.find((issuer: any) => issuer.kind === 'school').id })).body.secret;
    expect((await request(service.app).get('/v1/pathways/statistics').set({ Authorization: `Bearer ${schoolKey}` })).body.rows).toEqual([]);
  });
});
