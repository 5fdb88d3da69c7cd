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
    // One public address for both, as behind a load balancer: what one issues, the other hosts too.
    const env = { DATABASE_URL: database.databaseUrl, MOBICRED_KEK: randomBytes(32).toString('base64url'), MOBICRED_ADMIN_API_KEY: adminKey, PUBLIC_BASE_URL: 'https://mobicred.example' };
    // Started one after the other: the second finds the schema migrated.
    processes = [await startServiceProcess(env), await startServiceProcess(env)];
  });
  afterAll(async () => {
    await Promise.all(processes.map((service) => service.stop('SIGTERM')));
    await database.drop();
  });

  const send = (service: ServiceProcess, method: string, path: string, body?: unknown, key = adminKey) =>
    fetch(`${service.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const post = (service: ServiceProcess, path: string, body: unknown) => send(service, 'POST', path, body);

  it(`when ${ISSUANCES} credentials are issued concurrently through both, then they get ${ISSUANCES} distinct status indexes`, async () => {
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

  it('when one process revokes a credential and an API key, edits an achievement and reports a key compromised, then the other, which had read them all, answers with every change at once', async () => {
    const [first, second] = processes as [ServiceProcess, ServiceProcess];
    const issuer = await (await post(first, '/v1/issuers', { ...SCHOOL, slug: 'lycee-fresh-reads' })).json();
    const achievement = await (await post(first, '/v1/achievements', { ...PLACEMENT_ACHIEVEMENT, issuerId: issuer.id })).json();
    const issue = async (service: ServiceProcess, key = adminKey) =>
      send(service, 'POST', '/v1/credentials', { achievementId: achievement.id, recipient: { email: 'lea@example.org' } }, key);
    const verdict = async (id: string) => (await (await fetch(`${second.baseUrl}/credentials/${id}/verification`)).json()).verdict;
    const teacher = await (await post(first, '/v1/api-keys', { name: 'teacher', role: 'school-issuer', issuerId: issuer.id })).json();

    // The second process reads everything once: the teacher's key, the achievement, two credentials' verdicts.
    const toRevoke = await (await issue(second, teacher.secret)).json();
    const signedByOldKey = await (await issue(second)).json();
    expect([await verdict(toRevoke.id), await verdict(signedByOldKey.id)]).toEqual(['valid', 'valid']);

    // The first process changes each of them; the second is asked right after, with no pause.
    expect((await post(first, `/v1/credentials/${toRevoke.id}/revoke`, { reason: 'issued in error' })).status).toBe(200);
    expect(await verdict(toRevoke.id)).toBe('revoked');

    expect((await post(first, `/v1/api-keys/${teacher.id}/revoke`, {})).status).toBe(200);
    expect((await issue(second, teacher.secret)).status).toBe(401);

    expect((await send(first, 'PUT', `/v1/achievements/${achievement.id}`, { ...PLACEMENT_ACHIEVEMENT, name: 'Stage renommé' })).status).toBe(200);
    const afterEdit = await (await issue(second)).json();
    expect(afterEdit.credential.credentialSubject.achievement.name).toBe('Stage renommé');

    const rotated = await post(first, `/v1/issuers/${issuer.id}/keys/rotate`, {});
    const oldKey = ((await rotated.json()).keys as { verificationMethod: string; status: string }[]).find((candidate) => candidate.status === 'retired')!;
    expect(oldKey.verificationMethod).toBe(signedByOldKey.credential.proof[0].verificationMethod);
    expect((await post(first, `/v1/issuers/${issuer.id}/keys/compromise`, { verificationMethod: oldKey.verificationMethod, reason: 'laptop stolen' })).status).toBe(200);
    expect(await verdict(signedByOldKey.id)).toBe('key-compromised');
  });
});
