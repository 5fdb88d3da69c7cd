import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi, placement } from '../support/api.js';

/** The one statement a request sends when everything it reads is kept in memory: the change generation. */
const GENERATION_READ = /^select "value" from "change_generation"/;

// What #18 made fast, shown statement by statement: the bench measures it, this proves where the time went.
describe.each(BACKENDS)('reads served from memory on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let statements: string[] | undefined;
  let school: { id: string };
  let achievementId: string;
  let credentialId: string;

  /** The statements sent while `act` ran. */
  const sentDuring = async (act: () => Promise<unknown>): Promise<string[]> => {
    statements = [];
    try {
      await act();
      return statements;
    } finally {
      statements = undefined;
    }
  };
  const issue = () =>
    api.post('/v1/credentials', { achievementId, recipient: { email: 'lea@example.org', name: 'Léa Martin' }, proofFormats: ['ldp_vc'] }).expect(201);

  beforeAll(async () => {
    service = await startTestService(backend, { observeQueries: (sql) => statements?.push(sql) });
    api = adminApi(service);
    const academyId = (await api.post('/v1/academies', { name: 'Académie de Lyon' }).expect(201)).body.id;
    school = await api.createIssuer({ academyId });
    achievementId = (await api.createAchievement(school.id)).id;
    credentialId = (await issue()).body.id;
  });
  afterAll(() => service?.close());

  it('when a credential is verified by its URL a second time, then the only statement sent is the change generation’s', async () => {
    const verify = () => request(service.app).get(`/credentials/${credentialId}/verification`).expect(200);
    const first = await sentDuring(verify);
    expect((await verify()).body.recognition.status).toBe('recognised');
    // The first one read the credential, the school's academies and the trusted registries.
    expect(first.filter((sql) => !GENERATION_READ.test(sql))).toEqual(expect.arrayContaining([expect.stringMatching(/"academy_memberships"/), expect.stringMatching(/"trusted_registries"/)]));

    const second = await sentDuring(verify);
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((sql) => !GENERATION_READ.test(sql))).toEqual([]);
  });

  it('when an adult is issued a credential again, then whether they are a minor is not asked of the database; a stay recorded since is seen', async () => {
    const asksStayAges = (sql: string) => /from "mobilities"/.test(sql) && /participant,dateOfBirth/.test(sql);
    await issue();
    expect((await sentDuring(issue)).filter(asksStayAges)).toEqual([]);

    // A stay that records a birth date moves the generation: the next issuance asks again, and finds a minor.
    const stay = placement(school.id);
    await api
      .post('/v1/mobilities', { ...stay, participant: { ...stay.participant, email: 'lea@example.org', dateOfBirth: '2011-03-02', guardianEmail: 'parent@example.org' } })
      .expect(201);
    let issued: request.Response | undefined;
    const afterStay = await sentDuring(async () => (issued = await issue()));
    expect(afterStay.filter(asksStayAges)).toHaveLength(1);
    expect(JSON.stringify(issued!.body.credential)).not.toContain('Léa Martin');
  });
});
