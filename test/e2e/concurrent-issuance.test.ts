import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { BACKENDS, createScratchDatabase } from '../support/backends.js';
import { startServiceProcess, type ServiceProcess } from '../support/process.js';
import { SCHOOL, PLACEMENT_ACHIEVEMENT } from '../support/api.js';

const ISSUANCES = 1000;
const IN_FLIGHT = 32;

/** Two service instances on one PostgreSQL database, as behind a load balancer. */
describe.runIf(BACKENDS.some((backend) => backend.name === 'postgres'))('two service processes on one database', () => {
  const adminKey = `mbc_${randomBytes(24).toString('base64url')}`;
  let processes: ServiceProcess[] = [];
  let database: Awaited<ReturnType<typeof createScratchDatabase>>;

  beforeAll(async () => {
    database = await createScratchDatabase();
    const env = { DATABASE_URL: database.databaseUrl, MOBICRED_KEK: randomBytes(32).toString('base64url'), MOBICRED_ADMIN_API_KEY: adminKey };
    // Started one after the other: the second finds the schema migrated.
    processes = [await startServiceProcess(env), await startServiceProcess(env)];
  });
  afterAll(async () => {
    await Promise.all(processes.map((service) => service.stop('SIGTERM')));
    await database.drop();
  });

  it(`when ${ISSUANCES} credentials are issued concurrently through both, then they get ${ISSUANCES} distinct status indexes`, async () => {
    const post = (service: ServiceProcess, path: string, body: unknown) =>
      fetch(`${service.baseUrl}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const [first, second] = processes as [ServiceProcess, ServiceProcess];
    const issuer = await (await post(first, '/v1/issuers', SCHOOL)).json();
    const achievement = await (await post(second, '/v1/achievements', { ...PLACEMENT_ACHIEVEMENT, issuerId: issuer.id })).json();

    const indexes: string[] = [];
    const failures: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let n = next++; n < ISSUANCES; n = next++) {
          const res = await post(n % 2 ? second : first, '/v1/credentials', {
            achievementId: achievement.id,
            recipient: { email: `learner${n}@example.org` },
            ...(n % 3 === 0 ? { statusPurpose: 'suspension' } : {}),
          });
          if (res.status !== 201) failures.push(res.status);
          else {
            const { credential } = await res.json();
            indexes.push(`${credential.credentialStatus.statusListCredential}#${credential.credentialStatus.statusListIndex}`);
          }
        }
      }),
    );
    expect(failures).toEqual([]);
    expect(new Set(indexes).size).toBe(ISSUANCES);

    const client = new pg.Client({ connectionString: database.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(`
        select count(*)::int as credentials,
               (select count(*)::int from status_entries where credential_id is not null) as linked,
               (select count(distinct (list_id, list_index))::int from status_entries where credential_id is not null) as distinct_indexes
        from credentials`);
      expect(rows[0]).toEqual({ credentials: ISSUANCES, linked: ISSUANCES, distinct_indexes: ISSUANCES });
    } finally {
      await client.end();
    }
  });
});
