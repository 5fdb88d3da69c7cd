import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../../src/config.js';
import { DEFAULT_UFM_SCHEME } from '../../src/domain/ufm.js';
import type { Permission } from '../../src/services/access.js';
import { createTestCa } from '../support/test-ca.js';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { SCHOOL, PLACEMENT_ACHIEVEMENT, assessment, placement } from '../support/api.js';
import { cohortCsv } from '../support/cohort.js';
import { databaseSnapshot } from '../support/database.js';
import { prescriptionBody } from '../support/pathways.js';
import { startMailbox, type Mailbox } from '../support/mailbox.js';
import { MENTOR_GRID } from '../support/mentor.js';
import { shippedGridTexts } from '../../src/services/mentor-grid-texts.js';
import { TEST_BASE_URL } from '../support/service.js';
import { openApiResponseValidator } from '../support/oracles.js';

const openapi = parseYaml(readFileSync(resolve(PROJECT_ROOT, 'openapi.yaml'), 'utf8')) as {
  paths: Record<string, Record<string, { 'x-permission'?: Permission; security?: unknown[] }>>;
};
/** Every authenticated operation with the permission openapi.yaml documents for it. */
const adminOperations = Object.entries(openapi.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method, operation]) => ['get', 'post', 'put', 'delete', 'patch'].includes(method) && path.startsWith('/v1/') && !operation.security)
    .map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, permission: operation['x-permission'] })),
);
const validateResponse = openApiResponseValidator();

interface Call {
  method: 'get' | 'post' | 'put' | 'delete';
  url: string;
  body?: unknown;
  contentType?: string;
}

/**
 * The organisations of a shared deployment: academy X groups schools A and B; academy Y has school C.
 * Each case builds, in school B, a fresh resource for one operation; keys of other schools and academies
 * then try it, and B's own key (the positive control) shows the request itself was sound.
 */
describe.each(BACKENDS)('access control on $name', (backend) => {
  let service: TestService;
  const school: Record<'A' | 'B' | 'C', { id: string; slug: string }> = {} as never;
  const academy: Record<'X' | 'Y', string> = {} as never;
  const key: Record<'platform' | 'adminA' | 'issuerA' | 'adminB' | 'issuerB' | 'readerX' | 'readerY', string> = {} as never;
  let counter = 0;
  /** A school's profile as PUT /v1/issuers/{id}/profile takes it: what POST /v1/issuers took, but its slug. */
  const profileOf = ({ slug: _slug, ...profile }: typeof SCHOOL) => profile;

  const send = (secret: string, call: Call) => {
    let req = request(service.app)[call.method](call.url).set('Authorization', `Bearer ${secret}`);
    if (call.body !== undefined) req = req.set('Content-Type', call.contentType ?? 'application/json').send(call.body as object);
    return req;
  };
  const asPlatform = async (call: Call) => {
    const res = await send(key.platform, call);
    if (res.status >= 300) throw new Error(`fixture ${call.method} ${call.url}: ${res.status} ${res.text}`);
    return res.body;
  };
  const createKey = async (role: string, scope: Record<string, string>) =>
    (await asPlatform({ method: 'post', url: '/v1/api-keys', body: { name: `${role} key`, role, ...scope } })) as { id: string; secret: string };

  // Fresh resources of school B, made by the platform admin.
  const achievementOfB = async () => (await asPlatform({ method: 'post', url: '/v1/achievements', body: { ...PLACEMENT_ACHIEVEMENT, issuerId: school.B.id } })).id as string;
  const credentialOfB = async (statusPurpose = 'revocation') =>
    (await asPlatform({ method: 'post', url: '/v1/credentials', body: { achievementId: await achievementOfB(), recipient: { email: 'b@example.org' }, statusPurpose } })).id as string;
  const mobilityOfB = async () => (await asPlatform({ method: 'post', url: '/v1/mobilities', body: placement(school.B.id) })).id as string;
  const assessedMobilityOfB = async () => {
    const id = await mobilityOfB();
    await asPlatform({ method: 'put', url: `/v1/mobilities/${id}/assessment`, body: assessment({ part1: 6, part2: 9, specialtyExamsPassed: true }) });
    return id;
  };
  const UFM_ASSESSMENT = assessment({ part1: 6, part2: 9, specialtyExamsPassed: true });
  // School B is also a professional order (#23): its prescriptions are B's resources like any other.
  const prescriptionOfB = async (email = `candidate-${++counter}@example.org`) =>
    (await asPlatform({ method: 'post', url: '/v1/pathways/prescriptions', body: prescriptionBody(school.B.id, email) })) as { id: string; elements: { id: string }[] };
  /** A stay of B whose host mentor was sent the link; `answered`: and has signed the grid. */
  const mentorAssessedMobilityOfB = async (answered = false) => {
    const id = await mobilityOfB();
    const link = await asPlatform({ method: 'post', url: `/v1/mobilities/${id}/mentor-assessment`, body: { expiresInDays: 30 } });
    if (answered) await request(service.app).post(link.url.slice(TEST_BASE_URL.length)).type('form').send({ ...MENTOR_GRID, step: 'submit' }).expect(201);
    return id;
  };
  let mailbox: Mailbox;
  let seal: { certificateChainPem: string; privateKeyPem: string };
  const trustedRegistry = () => ({ name: 'Another deployment', url: `https://registry.example.org/${++counter}`, signerDid: 'did:web:registry.example.org' });

  /** One entry per documented admin operation: how to aim it at school B. */
  const CASES: Record<string, { call: () => Promise<Call>; owner?: 'readerX' | 'platform' }> = {
    'POST /v1/academies': { call: async () => ({ method: 'post', url: '/v1/academies', body: { name: `Académie ${++counter}` } }) },
    'GET /v1/academies/{id}': { call: async () => ({ method: 'get', url: `/v1/academies/${academy.X}` }), owner: 'readerX' },
    'POST /v1/issuers': { call: async () => ({ method: 'post', url: '/v1/issuers', body: { ...SCHOOL, slug: `lp-new-${++counter}`, academyId: academy.X } }) },
    'GET /v1/issuers/{id}': { call: async () => ({ method: 'get', url: `/v1/issuers/${school.B.id}` }) },
    'PUT /v1/issuers/{id}/academy': { call: async () => ({ method: 'put', url: `/v1/issuers/${school.B.id}/academy`, body: { academyId: academy.X } }) },
    'PUT /v1/issuers/{id}/ufm-scheme': { call: async () => ({ method: 'put', url: `/v1/issuers/${school.B.id}/ufm-scheme`, body: DEFAULT_UFM_SCHEME }) },
    'GET /v1/issuers/{id}/mentor-texts': { call: async () => ({ method: 'get', url: `/v1/issuers/${school.B.id}/mentor-texts` }) },
    'GET /v1/issuers/{id}/mentor-texts/{language}': { call: async () => ({ method: 'get', url: `/v1/issuers/${school.B.id}/mentor-texts/es` }) },
    'PUT /v1/issuers/{id}/mentor-texts/{language}': { call: async () => ({ method: 'put', url: `/v1/issuers/${school.B.id}/mentor-texts/es`, body: shippedGridTexts().get('es') }) },
    'DELETE /v1/issuers/{id}/mentor-texts/{language}': {
      call: async () => {
        await asPlatform({ method: 'put', url: `/v1/issuers/${school.B.id}/mentor-texts/it`, body: shippedGridTexts().get('it') });
        return { method: 'delete', url: `/v1/issuers/${school.B.id}/mentor-texts/it` };
      },
    },
    'POST /v1/issuers/{id}/keys/rotate': { call: async () => ({ method: 'post', url: `/v1/issuers/${school.B.id}/keys/rotate` }) },
    'POST /v1/issuers/{id}/keys/compromise': {
      call: async () => {
        const retired = (await asPlatform({ method: 'post', url: `/v1/issuers/${school.B.id}/keys/rotate` })).keys.find((k: any) => k.status === 'retired' && !k.compromisedAt);
        return { method: 'post', url: `/v1/issuers/${school.B.id}/keys/compromise`, body: { verificationMethod: retired.verificationMethod, reason: 'laptop stolen' } };
      },
    },
    'POST /v1/achievements': { call: async () => ({ method: 'post', url: '/v1/achievements', body: { ...PLACEMENT_ACHIEVEMENT, issuerId: school.B.id } }) },
    'PUT /v1/achievements/{id}/image': {
      call: async () => ({ method: 'put', url: `/v1/achievements/${await achievementOfB()}/image`, body: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="3"/></svg>', contentType: 'image/svg+xml' }),
    },
    'GET /v1/achievements/{id}': { call: async () => ({ method: 'get', url: `/v1/achievements/${await achievementOfB()}` }) },
    'PUT /v1/achievements/{id}': { call: async () => ({ method: 'put', url: `/v1/achievements/${await achievementOfB()}`, body: { ...PLACEMENT_ACHIEVEMENT, name: 'Renamed' } }) },
    'POST /v1/credentials': { call: async () => ({ method: 'post', url: '/v1/credentials', body: { achievementId: await achievementOfB(), recipient: { email: 'c@example.org' } } }) },
    'POST /v1/credentials/bulk': {
      call: async () => ({ method: 'post', url: '/v1/credentials/bulk', body: { credentials: [{ achievementId: await achievementOfB(), recipient: { email: 'c@example.org' } }, { achievementId: await achievementOfB(), recipient: { email: 'd@example.org' } }] } }),
    },
    'GET /v1/credentials/{id}': { call: async () => ({ method: 'get', url: `/v1/credentials/${await credentialOfB()}` }) },
    'POST /v1/credentials/{id}/claim-links': { call: async () => ({ method: 'post', url: `/v1/credentials/${await credentialOfB()}/claim-links`, body: { expiresInDays: 7 } }) },
    'POST /v1/credentials/{id}/endorsement-links': { call: async () => ({ method: 'post', url: `/v1/credentials/${await credentialOfB()}/endorsement-links`, body: { endorser: { name: 'Host company' } } }) },
    'POST /v1/credentials/{id}/offers': { call: async () => ({ method: 'post', url: `/v1/credentials/${await credentialOfB()}/offers` }) },
    'POST /v1/credentials/{id}/revoke': { call: async () => ({ method: 'post', url: `/v1/credentials/${await credentialOfB()}/revoke`, body: { reason: 'error' } }) },
    'POST /v1/credentials/{id}/suspend': { call: async () => ({ method: 'post', url: `/v1/credentials/${await credentialOfB('suspension')}/suspend`, body: { reason: 'inquiry' } }) },
    'POST /v1/credentials/{id}/reinstate': {
      call: async () => {
        const id = await credentialOfB('suspension');
        await asPlatform({ method: 'post', url: `/v1/credentials/${id}/suspend`, body: { reason: 'inquiry' } });
        return { method: 'post', url: `/v1/credentials/${id}/reinstate`, body: { reason: 'cleared' } };
      },
    },
    'POST /v1/mobilities': { call: async () => ({ method: 'post', url: '/v1/mobilities', body: placement(school.B.id) }) },
    'GET /v1/mobilities/{id}': { call: async () => ({ method: 'get', url: `/v1/mobilities/${await mobilityOfB()}` }) },
    'PUT /v1/mobilities/{id}/assessment': { call: async () => ({ method: 'put', url: `/v1/mobilities/${await mobilityOfB()}/assessment`, body: UFM_ASSESSMENT }) },
    'PUT /v1/issuers/{id}/profile': { call: async () => ({ method: 'put', url: `/v1/issuers/${school.B.id}/profile`, body: { ...profileOf(SCHOOL), url: `https://changed-${++counter}.example.fr` } }) },
    'PUT /v1/mobilities/{id}/minor': { call: async () => ({ method: 'put', url: `/v1/mobilities/${await mobilityOfB()}/minor`, body: { minor: true, guardianEmail: 'parent@example.org' } }) },
    'POST /v1/mobilities/{id}/credentials': { call: async () => ({ method: 'post', url: `/v1/mobilities/${await assessedMobilityOfB()}/credentials`, body: { language: 'fr' } }) },
    'POST /v1/mobilities/{id}/mentor-assessment': { call: async () => ({ method: 'post', url: `/v1/mobilities/${await mobilityOfB()}/mentor-assessment`, body: { expiresInDays: 30 } }) },
    'GET /v1/mobilities/{id}/mentor-assessment': { call: async () => ({ method: 'get', url: `/v1/mobilities/${await mentorAssessedMobilityOfB()}/mentor-assessment` }) },
    'POST /v1/mobilities/{id}/mentor-assessment/resend': { call: async () => ({ method: 'post', url: `/v1/mobilities/${await mentorAssessedMobilityOfB()}/mentor-assessment/resend`, body: {} }) },
    'POST /v1/mobilities/{id}/mentor-assessment/revoke': { call: async () => ({ method: 'post', url: `/v1/mobilities/${await mentorAssessedMobilityOfB()}/mentor-assessment/revoke`, body: {} }) },
    'POST /v1/mobilities/{id}/mentor-assessment/accept': { call: async () => ({ method: 'post', url: `/v1/mobilities/${await mentorAssessedMobilityOfB(true)}/mentor-assessment/accept`, body: {} }) },
    'POST /v1/mobilities/{id}/mentor-assessment/return': {
      call: async () => ({ method: 'post', url: `/v1/mobilities/${await mentorAssessedMobilityOfB(true)}/mentor-assessment/return`, body: { question: 'Part 1?' } }),
    },
    'GET /v1/mobilities/{id}/europass-mobility.pdf': { call: async () => ({ method: 'get', url: `/v1/mobilities/${await assessedMobilityOfB()}/europass-mobility.pdf` }) },
    'GET /v1/issuers/{id}/ufm-jury': { call: async () => ({ method: 'get', url: `/v1/issuers/${school.B.id}/ufm-jury?session=2026` }) },
    'POST /v1/certificates': { call: async () => ({ method: 'post', url: '/v1/certificates', body: { credentialIds: [await credentialOfB()] } }) },
    'POST /v1/batches': { call: async () => ({ method: 'post', url: `/v1/batches?issuerId=${school.B.id}`, body: cohortCsv(2), contentType: 'text/csv' }) },
    'GET /v1/batches/{id}': {
      call: async () => {
        const { id } = (await request(service.app).post(`/v1/batches?issuerId=${school.B.id}`).set('Authorization', `Bearer ${key.platform}`).set('Content-Type', 'text/csv').send(cohortCsv(1))).body;
        return { method: 'get', url: `/v1/batches/${id}` };
      },
    },
    'POST /v1/pathways/prescriptions': { call: async () => ({ method: 'post', url: '/v1/pathways/prescriptions', body: prescriptionBody(school.B.id, `candidate-${++counter}@example.org`) }) },
    'GET /v1/pathways/prescriptions/{id}': { call: async () => ({ method: 'get', url: `/v1/pathways/prescriptions/${(await prescriptionOfB()).id}` }) },
    'POST /v1/pathways/recognitions': { call: async () => ({ method: 'post', url: '/v1/pathways/recognitions', body: { orderId: school.B.id, institutionDid: `did:web:college-${++counter}.example.org` } }) },
    'POST /v1/pathways/francisation-achievements': { call: async () => ({ method: 'post', url: '/v1/pathways/francisation-achievements', body: { issuerId: school.B.id } }) },
    'POST /v1/pathways/completions': {
      call: async () => {
        const email = `candidate-${++counter}@example.org`;
        const { elements } = await prescriptionOfB(email);
        return { method: 'post', url: '/v1/pathways/completions', body: { achievementId: await achievementOfB(), recipient: { email }, prescriptionElement: elements[0]!.id, outcome: 'course', completedOn: '2026-03-01' } };
      },
    },
    'PUT /v1/issuers/{id}/seal': { call: async () => ({ method: 'put', url: `/v1/issuers/${school.B.id}/seal`, body: seal }) },
    'GET /v1/issuers/{id}/seal': {
      call: async () => {
        await asPlatform({ method: 'put', url: `/v1/issuers/${school.B.id}/seal`, body: seal });
        return { method: 'get', url: `/v1/issuers/${school.B.id}/seal` };
      },
    },
    'PUT /v1/academies/{id}/seal': { call: async () => ({ method: 'put', url: `/v1/academies/${academy.X}/seal`, body: seal }) },
    'POST /v1/trusted-registries': { call: async () => ({ method: 'post', url: '/v1/trusted-registries', body: trustedRegistry() }) },
    'GET /v1/trusted-registries': { call: async () => ({ method: 'get', url: '/v1/trusted-registries' }) },
    'DELETE /v1/trusted-registries/{id}': {
      call: async () => ({ method: 'delete', url: `/v1/trusted-registries/${(await asPlatform({ method: 'post', url: '/v1/trusted-registries', body: trustedRegistry() })).id}` }),
    },
    'POST /v1/api-keys': { call: async () => ({ method: 'post', url: '/v1/api-keys', body: { name: 'new teacher', role: 'school-issuer', issuerId: school.B.id } }) },
    'POST /v1/api-keys/{id}/revoke': { call: async () => ({ method: 'post', url: `/v1/api-keys/${(await createKey('school-issuer', { issuerId: school.B.id })).id}/revoke` }) },
    'POST /v1/sso-providers': { call: async () => ({ method: 'post', url: '/v1/sso-providers', body: SSO_PROVIDER_OF_B() }) },
  };
  const SSO_PROVIDER_OF_B = () => ({ name: 'ENT B', issuerId: school.B.id, issuerUrl: 'https://sso.lp-b.example.fr', clientId: 'mobicred', clientSecret: 'the secret' });
  /** Operations that name no single school's resource: they are checked by what they list. */
  const LISTINGS = ['GET /v1/issuers', 'GET /v1/api-keys', 'GET /v1/batches/template.csv', 'GET /v1/credentials', 'GET /v1/mobilities', 'GET /v1/pathways/statistics', 'GET /v1/sso-providers'];

  beforeAll(async () => {
    mailbox = await startMailbox();
    service = await startTestService(backend, { smtp: { url: mailbox.url, from: 'mobicred <ddfpt@lp-b.example.fr>' } });
    key.platform = service.adminKey;
    const ca = await createTestCa({ notBefore: new Date(Date.now() - 86_400_000), notAfter: new Date(Date.now() + 86_400_000) });
    const { certificateChainPem, privateKeyPem } = await ca.issueSeal({ serialNumber: '2a', organisation: SCHOOL.name, notBefore: new Date(Date.now() - 86_400_000), notAfter: new Date(Date.now() + 86_400_000) });
    seal = { certificateChainPem, privateKeyPem };
    academy.X = (await asPlatform({ method: 'post', url: '/v1/academies', body: { name: 'Académie X' } })).id;
    academy.Y = (await asPlatform({ method: 'post', url: '/v1/academies', body: { name: 'Académie Y' } })).id;
    for (const [name, academyId] of [['A', academy.X], ['B', academy.X], ['C', academy.Y]] as const) {
      school[name] = await asPlatform({ method: 'post', url: '/v1/issuers', body: { ...SCHOOL, slug: `lp-${name.toLowerCase()}`, academyId, ...(name === 'B' ? { kind: 'professional-order' } : {}) } });
    }
    key.adminA = (await createKey('school-admin', { issuerId: school.A.id })).secret;
    key.issuerA = (await createKey('school-issuer', { issuerId: school.A.id })).secret;
    key.adminB = (await createKey('school-admin', { issuerId: school.B.id })).secret;
    key.issuerB = (await createKey('school-issuer', { issuerId: school.B.id })).secret;
    key.readerX = (await createKey('academy-reader', { academyId: academy.X })).secret;
    key.readerY = (await createKey('academy-reader', { academyId: academy.Y })).secret;
  });
  afterAll(async () => {
    await service.close();
    await mailbox.close();
  });

  it('when the operations are listed, then every documented admin operation has a permission and a case here', () => {
    expect(adminOperations.filter((operation) => !operation.permission)).toEqual([]);
    expect(adminOperations.map((operation) => operation.key).sort()).toEqual([...Object.keys(CASES), ...LISTINGS].sort());
  });

  it('when keys of other schools, academies or roles act on school B, then they get 404 or 403 and nothing changes; B’s own key succeeds', async () => {
    const failures: string[] = [];
    for (const { key: operation, permission } of adminOperations.filter((candidate) => candidate.key in CASES)) {
      const { call: prepare, owner } = CASES[operation]!;
      const call = await prepare();
      /** What each key must get: the role's permission decides 403 first, then the school decides 404. */
      const expected: [keyof typeof key, number | 'success'][] = [
        ['adminA', permission === 'administer' ? 403 : 404],
        ['issuerA', permission === 'administer' || permission === 'manage' ? 403 : 404],
        ['readerY', permission === 'read' ? 404 : 403],
        ['readerX', permission === 'read' ? 'success' : 403],
        ...(permission === 'administer' || permission === 'manage' ? [['issuerB', 403] as [keyof typeof key, number]] : []),
        ...(operation === 'GET /v1/academies/{id}' ? [['adminB', 404] as [keyof typeof key, number]] : []),
      ];
      for (const [who, outcome] of expected) {
        const before = await databaseSnapshot(service.ctx.db);
        const res = await send(key[who], call);
        const got = `${operation} as ${who} → ${res.status}`;
        if (outcome === 'success') {
          if (res.status !== 200) failures.push(`${got}, expected 200`);
          continue;
        }
        if (res.status !== outcome) failures.push(`${got}, expected ${outcome}: ${res.text.slice(0, 160)}`);
        if (!String(res.headers['content-type']).startsWith('application/problem+json')) failures.push(`${got}: not problem+json`);
        if (JSON.stringify(await databaseSnapshot(service.ctx.db)) !== JSON.stringify(before)) failures.push(`${got}: the database changed`);
      }
      const ownerKey = owner ?? (permission === 'administer' ? 'platform' : 'adminB');
      const res = await send(key[ownerKey], call);
      if (res.status < 200 || res.status >= 300) failures.push(`${operation} as ${ownerKey} (positive control) → ${res.status}: ${res.text.slice(0, 160)}`);
      const template = operation.slice(operation.indexOf(' ') + 1);
      // A CSV or a PDF is documented as a string: checked by its status and media type, not parsed.
      const json = /json/.test(String(res.headers['content-type']));
      const documented = validateResponse({ path: template, method: call.method.toUpperCase(), status: res.status, contentType: res.headers['content-type'], body: json ? res.body : (res.text ?? '') });
      if (documented.errors) failures.push(`${operation}: the response is not as documented: ${JSON.stringify(documented.errors).slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  }, 180_000); // every operation, as every key, with a snapshot of every table before and after: minutes on a shared machine

  it('when single sign-on providers are listed, then a school sees its own and its academy’s, never another school’s; the secret is never shown', async () => {
    const ofB = (await send(key.adminB, { method: 'post', url: '/v1/sso-providers', body: SSO_PROVIDER_OF_B() })).body;
    const ofX = (await asPlatform({ method: 'post', url: '/v1/sso-providers', body: { ...SSO_PROVIDER_OF_B(), issuerId: undefined, academyId: academy.X, name: 'ENT X' } })) as { id: string };
    const ids = async (who: keyof typeof key) => ((await send(key[who], { method: 'get', url: '/v1/sso-providers' })).body.ssoProviders as { id: string }[]).map((provider) => provider.id);
    expect(await ids('adminB')).toEqual(expect.arrayContaining([ofB.id, ofX.id]));
    expect(await ids('adminA')).toContain(ofX.id);
    expect(await ids('adminA')).not.toContain(ofB.id);
    expect(await ids('readerY')).toEqual([]);
    expect(await ids('readerX')).toEqual(expect.arrayContaining([ofB.id, ofX.id]));
    expect(JSON.stringify((await send(key.adminB, { method: 'get', url: '/v1/sso-providers' })).body)).not.toContain('the secret');
    // An academy's provider is the platform's to configure.
    expect((await send(key.adminA, { method: 'post', url: '/v1/sso-providers', body: { ...SSO_PROVIDER_OF_B(), issuerId: undefined, academyId: academy.X } })).status).toBe(403);
  });

  it('when schools are listed, then each key sees exactly its own school, its academy’s, or all', async () => {
    const slugs = async (who: keyof typeof key) => ((await send(key[who], { method: 'get', url: '/v1/issuers' })).body.issuers as { slug: string }[]).map((issuer) => issuer.slug).sort();
    expect(await slugs('adminA')).toEqual(['lp-a']);
    expect(await slugs('issuerB')).toEqual(['lp-b']);
    expect(await slugs('readerX')).toEqual(expect.arrayContaining(['lp-a', 'lp-b']));
    expect(await slugs('readerX')).not.toContain('lp-c');
    expect(await slugs('readerY')).toEqual(['lp-c']);
    expect(await slugs('platform')).toEqual(expect.arrayContaining(['lp-a', 'lp-b', 'lp-c']));
  });

  it('when credentials are listed, then each key sees its own school’s or its academy’s, page by page, and another school’s list is 404', async () => {
    const ownIssuers = async (who: keyof typeof key, query = '') => {
      const seen: { id: string; issuerId: string }[] = [];
      let next: string | null = null;
      do {
        const res = await send(key[who], { method: 'get', url: `/v1/credentials?limit=3${query}${next ? `&after=${next}` : ''}` });
        expect(res.status, res.text).toBe(200);
        expect(validateResponse({ path: '/v1/credentials', method: 'GET', status: 200, contentType: res.headers['content-type'], body: res.body }).errors).toBeNull();
        seen.push(...res.body.credentials);
        next = res.body.next;
      } while (next);
      expect(new Set(seen.map((credential) => credential.id)).size).toBe(seen.length);
      return new Set(seen.map((credential) => credential.issuerId));
    };
    const achievementOfA = (await send(key.adminA, { method: 'post', url: '/v1/achievements', body: { ...PLACEMENT_ACHIEVEMENT, issuerId: school.A.id } })).body.id;
    for (let n = 0; n < 4; n += 1) await send(key.issuerA, { method: 'post', url: '/v1/credentials', body: { achievementId: achievementOfA, recipient: { email: `a${n}@example.org` } } });
    expect(await ownIssuers('adminA')).toEqual(new Set([school.A.id]));
    expect(await ownIssuers('readerX')).toEqual(new Set([school.A.id, school.B.id]));
    expect(await ownIssuers('readerX', `&issuerId=${school.A.id}`)).toEqual(new Set([school.A.id]));
    expect((await send(key.readerY, { method: 'get', url: '/v1/credentials' })).body.credentials).toEqual([]);
    expect((await send(key.adminA, { method: 'get', url: `/v1/credentials?issuerId=${school.B.id}` })).status).toBe(404);
    expect((await send(key.adminA, { method: 'get', url: '/v1/credentials?after=bm90LWEtY3Vyc29y' })).body).toMatchObject({ status: 400, field: 'after' });
  });

  it('when stays are listed, then each key sees its own school’s or its academy’s, and another school’s list is 404', async () => {
    await send(key.issuerA, { method: 'post', url: '/v1/mobilities', body: placement(school.A.id) });
    await send(key.issuerB, { method: 'post', url: '/v1/mobilities', body: placement(school.B.id) });
    const issuers = async (who: keyof typeof key, query = '') => {
      const res = await send(key[who], { method: 'get', url: `/v1/mobilities?limit=500${query}` });
      expect(validateResponse({ path: '/v1/mobilities', method: 'GET', status: 200, contentType: res.headers['content-type'], body: res.body }).errors).toBeNull();
      return new Set((res.body.mobilities as { issuerId: string }[]).map((mobility) => mobility.issuerId));
    };
    expect(await issuers('adminA')).toEqual(new Set([school.A.id]));
    expect(await issuers('issuerB')).toEqual(new Set([school.B.id]));
    expect(await issuers('readerX')).toEqual(new Set([school.A.id, school.B.id]));
    expect(await issuers('readerX', `&issuerId=${school.B.id}`)).toEqual(new Set([school.B.id]));
    expect(await issuers('readerY')).toEqual(new Set());
    expect((await send(key.adminA, { method: 'get', url: `/v1/mobilities?issuerId=${school.B.id}` })).status).toBe(404);
  });

  it('when API keys are listed, then a school admin sees its school’s keys only, without secrets, and readers and issuers cannot list', async () => {
    const listed = await send(key.adminA, { method: 'get', url: '/v1/api-keys' });
    expect(listed.status).toBe(200);
    expect(listed.body.apiKeys.length).toBeGreaterThanOrEqual(2);
    expect(listed.body.apiKeys.every((apiKey: any) => apiKey.issuerId === school.A.id)).toBe(true);
    expect(listed.text).not.toMatch(/mbc_|key_hash|secret/);
    expect((await send(key.platform, { method: 'get', url: '/v1/api-keys' })).body.apiKeys.some((apiKey: any) => apiKey.issuerId === school.B.id)).toBe(true);
    for (const who of ['issuerA', 'readerX'] as const) expect((await send(key[who], { method: 'get', url: '/v1/api-keys' })).status).toBe(403);
    for (const who of ['adminA', 'issuerB', 'readerX'] as const) expect((await send(key[who], { method: 'get', url: '/v1/batches/template.csv' })).status).toBe(200);
  });

  it('when a school admin asks for a platform or academy key, then it is refused; a revoked key stops working at once', async () => {
    const before = await databaseSnapshot(service.ctx.db);
    for (const body of [
      { name: 'x', role: 'platform-admin' },
      { name: 'x', role: 'academy-reader', academyId: academy.X },
    ]) {
      const res = await send(key.adminA, { method: 'post', url: '/v1/api-keys', body });
      expect(res.body).toMatchObject({ status: 403, type: 'urn:mobicred:problem:forbidden', field: '/role' });
    }
    const mismatched = await send(key.platform, { method: 'post', url: '/v1/api-keys', body: { name: 'x', role: 'school-admin', academyId: academy.X } });
    expect(mismatched.status).toBe(400);
    expect(await databaseSnapshot(service.ctx.db)).toEqual(before);

    const teacher = await send(key.adminA, { method: 'post', url: '/v1/api-keys', body: { name: 'teacher', role: 'school-issuer', issuerId: school.A.id } });
    expect(teacher.status).toBe(201);
    expect(teacher.headers['cache-control']).toBe('no-store');
    const asTeacher = { method: 'get', url: `/v1/issuers/${school.A.id}` } as const;
    expect((await send(teacher.body.secret, asTeacher)).status).toBe(200);
    expect((await send(key.adminA, { method: 'post', url: `/v1/api-keys/${teacher.body.id}/revoke` })).body.revokedAt).toEqual(expect.any(String));
    expect((await send(teacher.body.secret, asTeacher)).status).toBe(401);
  });

  it('when the last platform admin key would be revoked, then it is refused', async () => {
    const keys = (await send(key.platform, { method: 'get', url: '/v1/api-keys' })).body.apiKeys as { id: string; role: string; revokedAt: string | null }[];
    const admins = keys.filter((apiKey) => apiKey.role === 'platform-admin' && !apiKey.revokedAt);
    expect(admins).toHaveLength(1);
    const res = await send(key.platform, { method: 'post', url: `/v1/api-keys/${admins[0]!.id}/revoke` });
    expect(res.body).toMatchObject({ status: 409, type: 'urn:mobicred:problem:conflict' });
    expect((await send(key.platform, { method: 'get', url: '/v1/issuers' })).status).toBe(200);
  });

  it('when a credential is public, then its public routes disclose no more than the credential (no recipient email)', async () => {
    const achievementId = (await send(key.adminA, { method: 'post', url: '/v1/achievements', body: { ...PLACEMENT_ACHIEVEMENT, issuerId: school.A.id } })).body.id;
    const issued = await send(key.issuerA, { method: 'post', url: '/v1/credentials', body: { achievementId, recipient: { email: 'hidden.learner@example.org' } } });
    expect(issued.status).toBe(201);
    for (const [path, accept] of [
      [`/credentials/${issued.body.id}`, 'application/ld+json'],
      [`/credentials/${issued.body.id}`, 'application/vc+jwt'],
      [`/credentials/${issued.body.id}`, 'text/html'],
      [`/credentials/${issued.body.id}/verification`, 'application/json'],
      [`/credentials/${issued.body.id}/europass`, 'application/json'],
    ] as const) {
      const res = await request(service.app).get(path).set('Accept', accept);
      expect(res.status, `${path} ${accept}`).toBe(200);
      // JWTs anywhere in the answer are read too: their payload is only base64url.
      const payloads = [...res.text.matchAll(/eyJ[\w-]+\.(eyJ[\w-]+)\.[\w-]+/g)].map((match) => Buffer.from(match[1]!, 'base64url').toString());
      expect([res.text, ...payloads].join('\n'), `${path} ${accept}`).not.toContain('hidden.learner');
    }
  });

  it('when an existing school is put in an academy, then that academy’s reader sees it at once; taken out, no longer; a bad academy changes nothing', async () => {
    const schoolD = await asPlatform({ method: 'post', url: '/v1/issuers', body: { ...SCHOOL, slug: 'lp-d' } });
    const readD = { method: 'get', url: `/v1/issuers/${schoolD.id}` } as const;
    expect((await send(key.readerY, readD)).status).toBe(404);

    const moved = await send(key.platform, { method: 'put', url: `/v1/issuers/${schoolD.id}/academy`, body: { academyId: academy.Y } });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({ id: schoolD.id, academyId: academy.Y, did: schoolD.did });
    expect(validateResponse({ path: '/v1/issuers/{id}/academy', method: 'PUT', status: 200, contentType: moved.headers['content-type'], body: moved.body }).errors).toBeNull();
    expect((await send(key.readerY, readD)).status).toBe(200);

    const before = await databaseSnapshot(service.ctx.db);
    for (const [body, status, field] of [
      [{ academyId: '00000000-0000-4000-8000-000000000000' }, 404, '/academyId'],
      [{ academyId: 'académie' }, 400, '/academyId'],
      [{}, 400, '/academyId'],
    ] as const) {
      const refused = await send(key.platform, { method: 'put', url: `/v1/issuers/${schoolD.id}/academy`, body });
      expect(refused.body, JSON.stringify(body)).toMatchObject({ status, field });
    }
    expect(await databaseSnapshot(service.ctx.db)).toEqual(before);

    const out = await send(key.platform, { method: 'put', url: `/v1/issuers/${schoolD.id}/academy`, body: { academyId: null } });
    expect(out.body).toMatchObject({ id: schoolD.id, academyId: null });
    expect((await send(key.readerY, readD)).status).toBe(404);
  });

  it("when a client presents refused keys again and again, then its refusals are made to wait, never a valid key from the same address", async () => {
    const limited = await startTestService(backend, { authFailuresPerMinute: 30 });
    try {
      const attempt = (secret: string) => request(limited.app).get('/v1/issuers').set('Authorization', `Bearer ${secret}`);
      // Only refusals count: many valid requests at once, more than the limit, all go through.
      const burst = await Promise.all(Array.from({ length: 40 }, () => attempt(limited.adminKey)));
      expect(burst.map((res) => res.status)).toEqual(Array(40).fill(200));
      for (let n = 0; n < 30; n += 1) expect((await attempt(`mbc_guessed${n}-${randomUUID()}`)).status).toBe(401);
      const refused = await attempt(`mbc_guessed-${randomUUID()}`);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ status: 429, type: 'urn:mobicred:problem:too-many-requests' });
      expect((await attempt(limited.adminKey)).status).toBe(200);
      expect((await request(limited.app).get('/v1/issuers')).status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('when one key prefix is tried from many addresses, then its refusals are made to wait too', async () => {
    const limited = await startTestService(backend, { authFailuresPerMinute: 3, trustProxy: 1 });
    try {
      const attempt = (secret: string, client: string) =>
        request(limited.app).get('/v1/issuers').set('Authorization', `Bearer ${secret}`).set('X-Forwarded-For', client);
      for (let n = 0; n < 3; n += 1) expect((await attempt(`mbc_samepfx-${n}`, `198.51.100.${n}`)).status).toBe(401);
      expect((await attempt('mbc_samepfx-9', '198.51.100.9')).status).toBe(429);
      expect((await attempt('mbc_otherpf-9', '198.51.100.9')).status).toBe(401);
    } finally {
      await limited.close();
    }
  });

  for (const trustProxy of [1, ['loopback']] as const) {
    it(`when the proxy setting is safe (${JSON.stringify(trustProxy)}), then a spoofed leftmost X-Forwarded-For does not choose whose address is counted`, async () => {
      const limited = await startTestService(backend, { authFailuresPerMinute: 3, trustProxy });
      try {
        // The proxy appends the address it saw: what the client sent itself stays on the left.
        const attempt = (secret: string, spoofed: string, seenByProxy: string) =>
          request(limited.app).get('/v1/issuers').set('Authorization', `Bearer ${secret}`).set('X-Forwarded-For', `${spoofed}, ${seenByProxy}`);
        const attacker = '198.51.100.66';
        const victim = '203.0.113.7';
        for (let n = 0; n < 3; n += 1) expect((await attempt(`mbc_${randomUUID()}`, `192.0.2.${n}`, attacker)).status).toBe(401);
        // A new spoofed address each time does not give the attacker a new budget…
        expect((await attempt(`mbc_${randomUUID()}`, '192.0.2.200', attacker)).status).toBe(429);
        // …and naming the victim on the left does not lock the victim out.
        for (let n = 0; n < 3; n += 1) expect((await attempt(`mbc_${randomUUID()}`, victim, attacker)).status).toBe(429);
        expect((await attempt(`mbc_${randomUUID()}`, victim, victim)).status).toBe(401);
        expect((await attempt(limited.adminKey, victim, attacker)).status).toBe(200);
      } finally {
        await limited.close();
      }
    });
  }
});
