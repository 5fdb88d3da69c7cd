import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { sql } from 'kysely';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../../src/config.js';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi, PLACEMENT_ACHIEVEMENT, SCHOOL } from '../support/api.js';

const openapi = parseYaml(readFileSync(resolve(PROJECT_ROOT, 'openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
const operations = Object.entries(openapi.paths).flatMap(([path, item]) =>
  Object.keys(item).filter((method) => ['get', 'post', 'put', 'delete', 'patch'].includes(method)).map((method) => ({ path, method })),
);

/** Values a hostile or careless client sends: SQL, markup, prototype keys, wrong types, huge, odd unicode. */
const HOSTILE_STRINGS = [
  "' OR '1'='1", "'; DROP TABLE credentials; --", '" OR 1=1 --', '<script>alert(1)</script>', '../../etc/passwd',
  '%00', '\u0000', '\uD800', '${jndi:ldap://x}', '=HYPERLINK("http://x")', 'x'.repeat(5000), '', ' ', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'not-a-uuid', '00000000-0000-0000-0000-000000000000', '-1', '1e309', 'NaN', 'true', 'null',
];
const HOSTILE_VALUES: unknown[] = [...HOSTILE_STRINGS, 0, -1, 1e309, true, null, [], {}, [[[[]]]], { __proto__: { admin: true } }, { constructor: { prototype: {} } }];

/** Percent-encodes for a URL; a lone surrogate becomes the invalid UTF-8 it would be on the wire. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

/** A deterministic pseudo-random generator, so that a failure can be replayed. */
function random(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

describe.each(BACKENDS)('hostile input on $name', (backend) => {
  let service: TestService;
  let ids: Record<string, string>;

  beforeAll(async () => {
    service = await startTestService(backend, { verifyRequestsPerMinute: 100_000, authFailuresPerMinute: 100_000 });
    const api = adminApi(service);
    const issuer = await api.createIssuer();
    const achievement = await api.createAchievement(issuer.id);
    const credential = (await api.post('/v1/credentials', { achievementId: achievement.id, recipient: { email: 'a@example.org' } })).body;
    ids = { issuer: issuer.id, slug: issuer.slug, achievement: achievement.id, credential: credential.id };
  });
  afterAll(() => service.close());

  const snapshot = async () =>
    (await sql<{ t: string; n: string }>`
      select 'issuers' as t, count(*)::text as n from issuers union all select 'credentials', count(*)::text from credentials
      union all select 'achievements', count(*)::text from achievements union all select 'mobilities', count(*)::text from mobilities
      union all select 'batches', count(*)::text from batches union all select 'status', count(*)::text from status_entries where state <> 'active'
      union all select 'keys', count(*)::text from issuer_keys union all select 'audit', count(*)::text from audit_events
      union all select 'academies', count(*)::text from academies union all select 'api keys', count(*)::text from api_keys where revoked_at is null`.execute(service.ctx.db)).rows;

  it('when 2,000 malformed or hostile requests hit every documented route, then none is a 5xx, each error is problem+json without a stack, and nothing changes', async () => {
    const next = random(20261123);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const before = await snapshot();
    const failures: string[] = [];
    const accepted: string[] = [];
    for (let n = 0; n < 2000; n += 1) {
      const { path, method } = pick(operations);
      const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const choice = next();
        if (choice < 0.4) return encode(String(pick(HOSTILE_STRINGS)));
        return name === 'slug' ? ids.slug! : pick([ids.issuer!, ids.achievement!, ids.credential!, '00000000-0000-4000-8000-000000000000']);
      });
      const authorised = next() < 0.8;
      const shape = next();
      const body =
        shape < 0.3 ? JSON.stringify(Object.fromEntries(Array.from({ length: 1 + Math.floor(next() * 5) }, () => [pick(['name', 'issuerId', 'achievementId', 'recipient', 'reason', 'slug', 'email', 'startDate', '__proto__', 'constructor', 'ufm', 'verificationMethod']), pick(HOSTILE_VALUES)])))
        : shape < 0.5 ? pick(HOSTILE_STRINGS)
        : shape < 0.6 ? '{"a":' .repeat(50)
        : shape < 0.7 ? JSON.stringify(pick(HOSTILE_VALUES))
        : undefined;
      const contentType = pick(['application/json', 'text/plain', 'application/ld+json', 'text/csv', 'image/png', 'application/x-www-form-urlencoded', 'application/vc+jwt']);
      let req = (request(service.app) as any)[method](concrete + (next() < 0.2 ? `?issuerId=${encode(pick(HOSTILE_STRINGS))}&lang=${encode(pick(HOSTILE_STRINGS))}` : ''));
      if (authorised) req = req.set('Authorization', `Bearer ${service.adminKey}`);
      const accept = pick(['application/json', 'text/html', '*/*', 'application/vc+jwt', 'image/gif']);
      req = req.set('Accept', accept);
      if (body !== undefined && method !== 'get') req = req.set('Content-Type', contentType).send(body);
      const res = await req;
      const label = `${method.toUpperCase()} ${concrete.slice(0, 80)} [${contentType}, accepting ${accept}] → ${res.status}`;
      // Verifying is a POST that stores nothing; any other accepted POST or PUT may have acted.
      if (method !== 'get' && !path.endsWith('/verify') && res.status < 300) accepted.push(`${method.toUpperCase()} ${concrete}`);
      if (res.status >= 500) failures.push(`${label}: ${res.text.slice(0, 200)}`);
      // The OpenID4VCI endpoints and the OB 3.0 API's authorization server answer in OAuth's error format (RFC 6749 §5.2), as documented and as their clients expect.
      const oauthError = (path.startsWith('/oid4vci/') || path.startsWith('/ims/ob/v3p0/oauth/')) && String(res.headers['content-type']).startsWith('application/json') && typeof res.body?.error === 'string';
      // The OB 3.0 API's resource endpoints answer 1EdTech's Imsx_StatusInfo, which its clients read.
      const imsxError = /^\/ims\/ob\/v3p0\/(credentials|profile|discovery)$/.test(path) && String(res.headers['content-type']).startsWith('application/json') && res.body?.imsx_codeMajor === 'failure';
      // A credential’s public page (its not-found page), the learner’s claim pages and space (/me), the OB 3.0 API’s consent page, the endorser’s and the host mentor’s pages, the school console, the /verify form and the order’s pathway check answer a browser (Accept: text/html) with a page saying what to do.
      const pageForBrowser = (path === '/credentials/{id}' || path.startsWith('/claim/') || path.startsWith('/endorse/') || path.startsWith('/assess/') || path.startsWith('/console') || path === '/me' || path.startsWith('/me/') || path === '/verify' || path === '/pathways/check' || path.startsWith('/ims/ob/v3p0/interaction/')) && accept === 'text/html' && String(res.headers['content-type']).startsWith('text/html');
      if (res.status >= 400 && !oauthError && !imsxError && !pageForBrowser && !String(res.headers['content-type']).startsWith('application/problem+json')) failures.push(`${label}: not problem+json`);
      if (/\n\s+at [\w.<]+ \(/.test(res.text)) failures.push(`${label}: stack trace`);
    }
    expect(failures.slice(0, 20)).toEqual([]);
    // The complete requests the generator can form by chance are the actions that take no body: a key
    // rotation, a wallet nonce, a wallet offer, a claim link. They may act; the only stored change allowed is a rotation's.
    const rotation = `POST /v1/issuers/${ids.issuer}/keys/rotate`;
    const bodilessActions = [rotation, 'POST /oid4vci/nonce', `POST /v1/credentials/${ids.credential}/offers`, `POST /v1/credentials/${ids.credential}/claim-links`];
    expect(accepted.filter((request) => !bodilessActions.includes(request))).toEqual([]);
    const after = await snapshot();
    const changed = after.filter((row, index) => row.n !== before[index]!.n && row.t !== 'audit').map((row) => row.t);
    expect(changed).toEqual(accepted.includes(rotation) ? ['keys'] : []);
  });

  it('when a string in a JSON body holds a lone UTF-16 surrogate, then every POST and PUT refuses it as malformed and nothing changes', async () => {
    const before = await snapshot();
    // Text that is not Unicode, in every field a route reads, beside the ids it needs: "x\ud800y" as JSON sends it.
    const lone = 'x\uD800y';
    const body = JSON.stringify({
      name: lone, slug: lone, email: lone, reason: lone, description: lone, criteria: { narrative: lone }, issuerId: ids.issuer, achievementId: ids.achievement,
      recipient: { email: lone, name: lone }, credentials: [{ achievementId: ids.achievement, recipient: { email: lone } }], credential: { id: lone }, comment: lone, title: lone, url: lone,
    });
    const failures: string[] = [];
    // Well-formed requests but for the surrogate (PostgreSQL refuses "\ud800" in JSON: these answered 500).
    const api = adminApi(service);
    for (const [path, valid] of [
      ['/v1/issuers', { ...SCHOOL, slug: 'surrogate', name: lone }],
      ['/v1/achievements', { ...PLACEMENT_ACHIEVEMENT, issuerId: ids.issuer, name: lone }],
      ['/v1/credentials', { achievementId: ids.achievement, recipient: { email: 'b@example.org', name: lone } }],
    ] as const) {
      const res = await api.post(path, valid);
      if (res.status !== 400 || res.body?.type !== 'urn:mobicred:problem:malformed-request') failures.push(`well-formed POST ${path} → ${res.status} ${res.body?.type}`);
    }
    const jsonOrNoBody = operations.filter(({ path, method }) => {
      const content = (openapi.paths[path]![method] as { requestBody?: { content: Record<string, unknown> } }).requestBody?.content;
      return (method === 'post' || method === 'put') && (!content || Object.keys(content).some((type) => type.endsWith('json')));
    });
    for (const { path, method } of jsonOrNoBody) {
      const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'slug' ? ids.slug! : name === 'id' && path.includes('/credentials/') ? ids.credential! : path.includes('/achievements/') ? ids.achievement! : ids.issuer!));
      const res = await (request(service.app) as any)[method](concrete).set('Authorization', `Bearer ${service.adminKey}`).set('Content-Type', 'application/json').send(body);
      // The OB 3.0 API: its authorization server refuses in OAuth's format; its resource endpoints take no API key (their own refusal of such text is tested in ob-api.test.ts).
      if (path.startsWith('/ims/ob/v3p0/oauth/') && res.status === 400 && typeof res.body?.error === 'string') continue;
      if (path === '/ims/ob/v3p0/credentials' && res.status === 401 && res.body?.imsx_codeMajor === 'failure') continue;
      if (res.status !== 400 || res.body?.type !== 'urn:mobicred:problem:malformed-request') failures.push(`${method.toUpperCase()} ${path} → ${res.status} ${res.body?.type ?? res.text.slice(0, 80)}`);
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('when every documented operation is called, then the service answers it (no route is documented but missing)', async () => {
    for (const { path, method } of operations) {
      const concrete = path.replace('{id}', '00000000-0000-4000-8000-000000000000').replace('{slug}', 'no-such-school');
      const res = await (request(service.app) as any)[method](concrete).set('Authorization', `Bearer ${service.adminKey}`);
      // A documented route may answer 404 for an unknown id, but never with the "no such route" problem.
      expect(res.body?.detail ?? '', `${method} ${path}`).not.toMatch(new RegExp(`^${method.toUpperCase()} .* was not found$`));
    }
  });
});
