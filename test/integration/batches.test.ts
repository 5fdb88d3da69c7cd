import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import request from 'supertest';
import { sql } from 'kysely';
import { pino } from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi, assessment, placement } from '../support/api.js';
import { cohortCsv } from '../support/cohort.js';
import { COHORT_COLUMNS } from '../../src/batches/cohort-file.js';
import { officialOpenBadgeValidator, openApiResponseValidator } from '../support/oracles.js';
import { readmeExamples } from '../support/readme-examples.js';
import { BatchWorker } from '../../src/services/batch-worker.js';

const validateResponse = openApiResponseValidator();

describe.each(BACKENDS)('cohort batches on $name', (backend) => {
  let service: TestService;
  let issuerId: string;

  beforeAll(async () => {
    service = await startTestService(backend, { batchWorker: true });
    issuerId = (await adminApi(service).createIssuer()).id;
  });
  afterAll(() => service.close());

  const upload = (body: string | Buffer, type = 'text/csv', issuer = issuerId) =>
    request(service.app).post(`/v1/batches?issuerId=${issuer}`).set('Authorization', `Bearer ${service.adminKey}`).set('Content-Type', type).send(body);
  const batch = (id: string) => request(service.app).get(`/v1/batches/${id}`).set('Authorization', `Bearer ${service.adminKey}`);
  const finished = async (id: string) => {
    for (let attempt = 0; attempt < 300; attempt += 1) {
      const { body } = await batch(id);
      if (body.status === 'done') return body;
      await new Promise((wait) => setTimeout(wait, 100));
    }
    throw new Error('batch did not finish');
  };
  const count = async (table: 'credentials' | 'mobilities' | 'batches') =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(service.ctx.db)).rows[0]!.n);

  it('when a stay comes through the API and a cohort file (any case, any spacing), then it is one mobility and one set of credentials, whichever came first', async () => {
    const api = adminApi(service);
    const school = (await api.createIssuer({ slug: 'lp-one-stay' })).id;
    const stay = placement(school);
    const created = await api.post('/v1/mobilities', stay);
    expect(created.status).toBe(201);
    const again = await api.post('/v1/mobilities', {
      ...stay,
      participant: { ...stay.participant, email: stay.participant.email.toUpperCase() },
      hostOrganisation: { ...stay.hostOrganisation, legalName: 'RESTAURANTE  La Albufera S.L. ' },
    });
    expect(again.status).toBe(200);
    expect(validateResponse({ path: '/v1/mobilities', method: 'POST', status: 200, contentType: again.headers['content-type'], body: again.body }).errors).toBeNull();
    expect(again.body.id).toBe(created.body.id);
    await request(service.app).put(`/v1/mobilities/${created.body.id}/assessment`).set('Authorization', `Bearer ${service.adminKey}`).send(assessment({ part1: 6, part2: 9, specialtyExamsPassed: true })).expect(200);
    expect((await api.post(`/v1/mobilities/${created.body.id}/credentials`, {})).status).toBe(201);

    const [credentials, mobilities] = [await count('credentials'), await count('mobilities')];
    const sameStay = { email: stay.participant.email.toUpperCase(), host_name: 'restaurante la albufera s.l.', start_date: stay.startDate, end_date: stay.endDate, programme: stay.programme };
    const report = await finished((await upload(cohortCsv(1, { 0: sameStay }), 'text/csv', school)).body.id);
    expect(report.counts).toMatchObject({ issued: 0, alreadyIssued: 1, rejected: 0 });
    expect(report.rows[0].outcome.mobilityId).toBe(created.body.id);
    expect([await count('credentials'), await count('mobilities')]).toEqual([credentials, mobilities]);

    // The other way round: a cohort row first, then the same stay through the API.
    const fromFile = (await finished((await upload(cohortCsv(1), 'text/csv', school)).body.id)).rows[0].outcome.mobilityId;
    const viaApi = await api.post('/v1/mobilities', { ...stay, participant: { ...stay.participant, email: 'Learner0@example.org' }, hostOrganisation: { ...stay.hostOrganisation, legalName: 'Host 0, S.L.' } });
    expect([viaApi.status, viaApi.body.id]).toEqual([200, fromFile]);
  });

  it('when a cohort file is uploaded, then valid rows are issued, bad ones rejected with line and reason, and a rerun issues nothing new', async () => {
    const csv = cohortCsv(5, { 3: { host_country: 'XX' }, 4: { ufm_part2: '' } });
    const created = await upload(csv);
    expect(created.status).toBe(202);
    expect(validateResponse({ path: '/v1/batches', method: 'POST', status: 202, contentType: created.headers['content-type'], body: created.body }).errors).toBeNull();
    expect(created.body.counts).toMatchObject({ total: 5, rejected: 2 });

    const report = await finished(created.body.id);
    expect(report.counts).toEqual({ total: 5, pending: 0, issued: 3, alreadyIssued: 0, rejected: 2 });
    const rejected = report.rows.filter((row: any) => row.status === 'rejected');
    expect(rejected.map((row: any) => [row.line, row.outcome.errors[0].field])).toEqual([[5, '/hostOrganisation/countryCode'], [6, '/ufm/part2']]);
    const issuedRow = report.rows.find((row: any) => row.line === 2);
    expect(issuedRow.outcome.credentials.map((credential: any) => [credential.kind, credential.result])).toEqual([['mobility-skills', 'issued'], ['language', 'issued'], ['ufm', 'issued']]);
    const credential = (await request(service.app).get(new URL(issuedRow.outcome.credentials[2].url).pathname)).body;
    expect(officialOpenBadgeValidator()(credential).errors).toBeNull();
    expect(credential.credentialSubject.identifier[1].identityHash).toBe('Élève 0');

    const credentialsBefore = await count('credentials');
    const rerun = await finished((await upload(csv)).body.id);
    expect(rerun.counts).toEqual({ total: 5, pending: 0, issued: 0, alreadyIssued: 3, rejected: 2 });
    expect(await count('credentials')).toBe(credentialsBefore);
  });

  it('when French Excel’s export is uploaded (BOM, CRLF, ";" between columns, dd/mm/yyyy dates, decimal commas), then its rows are issued and a bad one is rejected by line and field', async () => {
    const school = (await adminApi(service).createIssuer({ slug: 'lp-excel-fr' })).id;
    const french = Buffer.from(
      '\uFEFF' +
        [
          COHORT_COLUMNS.join(';'),
          'lea.martin@example.org;Léa Martin;learner;Bac pro Cuisine;bac-pro;4;work-placement;erasmus-plus-ka1;04/05/2026;29/05/2026;"Restaurante La Albufera; S.L.";ES;Valencia;;Carmen Ruiz;Jefa de cocina;carmen@albufera.example.es;es;"Prepare regional dishes; Work in a team in a foreign kitchen";proficient;;developing;developing;advanced;proficient;es;A2;B1;6,5;9,25;oui;"Autonome, appréciée de toute l’équipe; ""sérieuse"""',
          'tom.durand@example.org;Tom Durand;learner;Bac pro Cuisine;bac-pro;4;work-placement;erasmus-plus-ka1;04/05/2026;29/05/2026;Gasthaus Zum Löwen GmbH, Berlin;DE;Berlin;;Katrin Weber;Küchenchefin;k.weber@loewen.example.de;de;Prepare regional dishes;proficient;;developing;developing;advanced;proficient;de;A2;B1;7;10;oui;Très bon stage, motivé.',
          'ines.roux@example.org;Inès Roux;learner;Bac pro Cuisine;bac-pro;4;work-placement;erasmus-plus-ka1;31/02/2026;29/05/2026;Trattoria da Mario;IT;Bologna;;Mario Rossi;Chef;mario@trattoria.example.it;it;Prepare regional dishes;proficient;;developing;developing;advanced;proficient;it;A2;B1;6;9;oui;',
        ].join('\r\n') +
        '\r\n',
    );
    const created = await upload(french, 'text/csv', school);
    expect(created.status).toBe(202);
    const report = await finished(created.body.id);
    expect(report.counts).toEqual({ total: 3, pending: 0, issued: 2, alreadyIssued: 0, rejected: 1 });
    const rejected = report.rows.find((row: any) => row.status === 'rejected');
    expect([rejected.line, rejected.outcome.errors[0].field]).toEqual([4, '/startDate']);

    const lea = report.rows.find((row: any) => row.line === 2);
    expect(lea.outcome.credentials.map((credential: any) => [credential.kind, credential.result])).toEqual([['mobility-skills', 'issued'], ['language', 'issued'], ['ufm', 'issued']]);
    const stay = (await adminApi(service).get(`/v1/mobilities/${lea.outcome.mobilityId}`)).body;
    expect(stay.record).toMatchObject({ startDate: '2026-05-04', endDate: '2026-05-29', hostOrganisation: { legalName: 'Restaurante La Albufera; S.L.' } });
    expect(stay.assessment).toMatchObject({ ufm: { part1: 6.5, part2: 9.25 }, mentorComment: 'Autonome, appréciée de toute l’équipe; "sérieuse"' });
    const tom = (await adminApi(service).get(`/v1/mobilities/${report.rows.find((row: any) => row.line === 3).outcome.mobilityId}`)).body;
    expect(tom.record.hostOrganisation.legalName).toBe('Gasthaus Zum Löwen GmbH, Berlin');
  });

  it('when a cohort file says a learner is a minor, then their credentials carry no name, and the stay keeps their class and guardian', async () => {
    const csv = cohortCsv(3, {
      0: { email: 'mina.roux@example.org', name: 'Mina Roux', class: '1re Bac pro Cuisine B', date_of_birth: '14/09/2009', guardian_email: 'parent.roux@example.org' },
      1: { email: 'adam.roux@example.org', name: 'Adam Roux', class: '1re Bac pro Cuisine B' },
      // Neither yes nor no: refused for its row, rather than read as "not a minor" and the name published.
      2: { email: 'ines.roux@example.org', name: 'Inès Roux', minor: 'peut-être' },
    });
    const report = await finished((await upload(csv)).body.id);
    expect(report.counts).toMatchObject({ total: 3, issued: 2, rejected: 1 });
    expect(report.rows.find((row: any) => row.line === 4).outcome.errors[0]).toMatchObject({ field: '/participant/minor' });
    const credentialOf = async (line: number) => (await request(service.app).get(new URL(report.rows.find((row: any) => row.line === line).outcome.credentials[0].url).pathname)).body;
    expect(JSON.stringify(await credentialOf(2))).not.toContain('Mina Roux');
    expect(JSON.stringify(await credentialOf(3))).toContain('Adam Roux');
    const stays = await request(service.app).get('/v1/mobilities?q=mina.roux').set('Authorization', `Bearer ${service.adminKey}`);
    expect(stays.body.mobilities[0].record.participant).toMatchObject({ class: '1re Bac pro Cuisine B', dateOfBirth: '2009-09-14', guardianEmail: 'parent.roux@example.org' });

    // The same file run again, now giving Adam's date of birth (a minor's): recorded, and his name leaves what was issued.
    const corrected = cohortCsv(2, {
      0: { email: 'mina.roux@example.org', name: 'Mina Roux', class: '1re Bac pro Cuisine B', date_of_birth: '14/09/2009', guardian_email: 'parent.roux@example.org' },
      1: { email: 'adam.roux@example.org', name: 'Adam Roux', class: '1re Bac pro Cuisine B', date_of_birth: '02/03/2010' },
    });
    const rerun = await finished((await upload(corrected)).body.id);
    expect(rerun.counts).toMatchObject({ total: 2, alreadyIssued: 2, rejected: 0 });
    expect(JSON.stringify(await credentialOf(3))).not.toContain('Adam Roux');
  });

  it('when the file is not UTF-8, lacks a column, carries a formula, or is 10 MB of junk, then it is refused whole and nothing is stored', async () => {
    const before = await Promise.all([count('batches'), count('mobilities'), count('credentials')]);
    const latin1 = Buffer.from(cohortCsv(1).replace('Élève', '\u00c9l\u00e8ve'), 'latin1');
    const withoutColumn = cohortCsv(2).replace(/^email,/, 'mail,');
    const formula = cohortCsv(3, { 1: { name: '=HYPERLINK("http://evil.example","Cliquez")' } });
    const cases: [request.Test, number, string, string?][] = [
      [upload(latin1), 400, 'invalid-cohort-file', 'file'],
      [upload(withoutColumn), 400, 'invalid-cohort-file', 'email'],
      [upload(formula), 400, 'invalid-cohort-file', 'name'],
      [upload(cohortCsv(3, { 2: { mentor_comment: "-2+3+cmd|' /C calc'!A0" } }, { separator: ';' })), 400, 'invalid-cohort-file', 'mentor_comment'],
      [upload(cohortCsv(2).replace(/^[^\r]*/, COHORT_COLUMNS.join('\t'))), 400, 'invalid-cohort-file', 'file'],
      [upload(Buffer.alloc(10 * 1024 * 1024, 'x')), 413, 'payload-too-large'],
      [upload(`${COHORT_COLUMNS.join(';')}\n"unterminated`), 400, 'invalid-cohort-file', 'file'],
      [upload(cohortCsv(1), 'text/csv', '00000000-0000-4000-8000-000000000000'), 404, 'not-found', 'issuerId'],
      [upload(cohortCsv(1), 'text/csv', 'not-a-uuid'), 400, 'validation-failed', 'issuerId'],
      [upload('{"rows": []}', 'application/json'), 415, 'unsupported-media-type'],
    ];
    for (const [pending, status, type, field] of cases) {
      const res = await pending;
      expect({ status: res.status, type: res.body.type, ...(field ? { field: res.body.field } : {}) }).toEqual({ status, type: `urn:mobicred:problem:${type}`, ...(field ? { field } : {}) });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await Promise.all([count('batches'), count('mobilities'), count('credentials')])).toEqual(before);
  });

  it('when a coordinator downloads the template, or copies the README sample, then the service accepts every row', async () => {
    const template = await request(service.app).get('/v1/batches/template.csv').set('Authorization', `Bearer ${service.adminKey}`).expect(200);
    expect(template.headers['content-type']).toMatch(/^text\/csv/);
    const fromTemplate = await finished((await upload(template.text)).body.id);
    expect(fromTemplate.counts.rejected).toBe(0);
    expect(fromTemplate.counts.issued + fromTemplate.counts.alreadyIssued).toBe(1);

    const readme = readFileSync(resolve(PROJECT_ROOT, 'README.md'), 'utf8');
    const sample = readmeExamples(readme).files.find((file) => file.name === 'cohort.csv')!.content;
    const fromReadme = await finished((await upload(sample)).body.id);
    expect(fromReadme.counts).toMatchObject({ total: 2, rejected: 0 });
  });
});

describe.each(BACKENDS)('batch workers on $name', (backend) => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService(backend);
  });
  afterAll(() => service.close());

  it('when a row takes longer than a claim lasts, then its live worker keeps it: another worker never issues it too', async () => {
    const issuerId = (await adminApi(service).createIssuer({ slug: 'lp-slow-rows' })).id;
    const created = await request(service.app).post(`/v1/batches?issuerId=${issuerId}`).set('Authorization', `Bearer ${service.adminKey}`).set('Content-Type', 'text/csv').send(cohortCsv(1));
    expect(created.status).toBe(202);
    const issuance = service.ctx.issuance;
    // The first worker signs slowly: a claim of 1.5 s goes stale twice over unless it is renewed.
    const slow = new BatchWorker({
      ctx: { ...service.ctx, issuance: { ...issuance, issue: async (job) => (await sleep(4_000), issuance.issue(job)) } },
      logger: pino({ level: 'silent' }),
      staleAfterMs: 1_500,
      concurrency: 1,
    });
    let issuedByOther = 0;
    const other = new BatchWorker({
      ctx: { ...service.ctx, issuance: { ...issuance, issue: (job) => (issuedByOther += 1, issuance.issue(job)) } },
      logger: pino({ level: 'silent' }),
      staleAfterMs: 1_500,
      concurrency: 1,
    });
    slow.start();
    const claimed = async () => Number((await sql<{ n: string }>`select count(*) as n from batch_rows where batch_id = ${created.body.id} and status = 'processing'`.execute(service.ctx.db)).rows[0]!.n) === 1;
    while (!(await claimed())) await sleep(20);
    other.start();
    try {
      for (let attempt = 0; ; attempt += 1) {
        const { body } = await request(service.app).get(`/v1/batches/${created.body.id}`).set('Authorization', `Bearer ${service.adminKey}`);
        if (body.status === 'done') break;
        if (attempt > 300) throw new Error('batch did not finish');
        await sleep(50);
      }
    } finally {
      await Promise.all([slow.stop(), other.stop()]);
    }
    expect(issuedByOther).toBe(0);
  });
});
