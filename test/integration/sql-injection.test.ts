import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi, PLACEMENT_ACHIEVEMENT, SCHOOL, placement } from '../support/api.js';

/** Classic payloads: quote breaking, stacked statements, comments, tautologies, casts, Postgres specifics. */
const PAYLOADS = [
  "' OR '1'='1",
  "'; DROP TABLE credentials; --",
  '"; DELETE FROM api_keys; --',
  "1'); SELECT pg_sleep(5); --",
  "' UNION SELECT key_hash FROM api_keys --",
  "$$; DROP TABLE issuers; $$",
  "\\'; TRUNCATE audit_events; --",
];

/** Every string leaf of a JSON value, as a path of keys and indexes. */
function stringPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringPaths(item, [...path, index]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...path, key]));
  return [];
}

function withValue<T>(value: T, path: (string | number)[], replacement: string): T {
  const copy = structuredClone(value) as any;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path.at(-1)!] = replacement;
  return copy;
}

/**
 * SQL injection is impossible by construction (every query is parameterised by Kysely); this shows it: each
 * classic payload in every string field of the main request bodies is either refused by the schema (400) or
 * stored and read back verbatim, and the database is intact afterwards.
 */
describe.each(BACKENDS)('SQL injection on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let issuerId: string;
  let achievementId: string;

  beforeAll(async () => {
    service = await startTestService(backend);
    api = adminApi(service);
    issuerId = (await api.createIssuer()).id;
    achievementId = (await api.createAchievement(issuerId)).id;
  });
  afterAll(() => service.close());

  it('when every string field of issuers, achievements, mobilities and credentials carries SQL, then it is refused or stored verbatim, and nothing else happens', { timeout: 120_000 }, async () => {
    const bodies: [string, Record<string, unknown>, (created: any) => Promise<unknown>][] = [
      ['/v1/issuers', { ...SCHOOL, slug: 'lp-sql' }, async (created) => (await api.get(`/v1/issuers/${created.id}`)).body.profile],
      ['/v1/achievements', { ...PLACEMENT_ACHIEVEMENT, issuerId }, async (created) => (await api.get(`/v1/achievements/${created.id}`)).body.achievement],
      ['/v1/mobilities', placement(issuerId), async (created) => (await api.get(`/v1/mobilities/${created.id}`)).body.record],
      ['/v1/credentials', { achievementId, recipient: { email: 'lea@example.org', name: 'Léa Martin' } }, async (created) => (await api.get(`/v1/credentials/${created.id}`)).body.credential],
    ];
    const outcomes = { refused: 0, storedVerbatim: 0 };
    let sequence = 0;
    for (const [path, body, readBack] of bodies) {
      for (const field of stringPaths(body)) {
        for (const payload of PAYLOADS) {
          // Slugs must stay unique for the issuer body to be otherwise valid, and each stay another stay (a new
          // participant alias), else the stay recorded before is answered.
          const base = path === '/v1/issuers' && field[0] !== 'slug' ? { ...body, slug: `lp-sql-${sequence++}` } : path === '/v1/mobilities' ? placement(issuerId) : body;
          const attempt = withValue(base, field, payload);
          const res = await api.post(path, attempt);
          expect(res.status, `${path} ${field.join('.')} ${payload}`).toBeLessThan(500);
          if (res.status === 400) {
            outcomes.refused += 1;
            continue;
          }
          expect(res.status, `${path} ${field.join('.')}: ${res.text.slice(0, 200)}`).toBe(201);
          expect(JSON.stringify(await readBack(res.body)), `${path} ${field.join('.')}`).toContain(JSON.stringify(payload).slice(1, -1));
          outcomes.storedVerbatim += 1;
        }
      }
    }
    expect(outcomes.storedVerbatim).toBeGreaterThan(50);
    // The tables the payloads aimed at are all there, with their rows.
    const { rows } = await sql<{ n: string }>`select (select count(*) from credentials) + (select count(*) from api_keys) + (select count(*) from issuers) + (select count(*) from audit_events) as n`.execute(service.ctx.db);
    expect(Number(rows[0]!.n)).toBeGreaterThan(outcomes.storedVerbatim);
    expect((await api.get(`/v1/issuers/${issuerId}`)).status).toBe(200);
  });
});
