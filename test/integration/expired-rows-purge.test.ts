import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { sha256Hex } from '../../src/domain/hash.js';
import { ExpiredRowsPurger, purgeExpiredRows } from '../../src/services/expired-rows-purge.js';
import { recordNonceUse } from '../../src/storage/offers-repository.js';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi } from '../support/api.js';
import { databaseSnapshot } from '../support/database.js';

const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date('2026-03-02T08:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);

describe.each(BACKENDS)('purge of expired rows on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let clock = T0;
  let credentialId: string;

  beforeAll(async () => {
    service = await startTestService(backend, { now: () => clock });
    api = adminApi(service);
    const achievement = await api.createAchievement((await api.createIssuer()).id);
    credentialId = (await api.post('/v1/credentials', { achievementId: achievement.id, recipient: { email: 'lea@example.org' } })).body.id;
  });
  afterAll(() => service.close());

  const tokenHashOf = (url: string) => sha256Hex(new URL(url).pathname.split('/').at(-1)!);
  const claimLink = async (expiresInDays: number) => tokenHashOf((await api.post(`/v1/credentials/${credentialId}/claim-links`, { expiresInDays })).body.url);
  const endorsementLink = async (expiresInDays: number) =>
    tokenHashOf((await api.post(`/v1/credentials/${credentialId}/endorsement-links`, { endorser: { name: 'Hotel Sol' }, expiresInDays })).body.url);
  const offer = async () => (await api.post(`/v1/credentials/${credentialId}/offers`, {})).body.id as string;
  const nonce = async (name: string, expiresAt: Date) => {
    await recordNonceUse(service.ctx.db, { nonce_hash: sha256Hex(name), expires_at: expiresAt, used_at: T0 });
    return sha256Hex(name);
  };

  it('when the purge runs, then exactly the expired nonces and offers, and the links expired for longer than the retention, are deleted', async () => {
    clock = T0;
    const expired = {
      claim_links: [await claimLink(1)],
      endorsement_links: [await endorsementLink(2)],
      credential_offers: [await offer()], // its code lasts a day
      oid4vci_nonces: [await nonce('a', at(0.01)), await nonce('b', at(9.9)), await nonce('c', at(5))],
    };
    // Expired, but for less than the 7 days of retention: a visitor is still told the link expired.
    const keptClaim = await claimLink(5);
    const keptEndorsement = await endorsementLink(4);
    await claimLink(30);
    await endorsementLink(30);
    clock = at(9.5);
    await offer(); // its code lasts until day 10.5
    await nonce('d', at(10.01));

    clock = at(10);
    const before = await databaseSnapshot(service.ctx.db);
    const keys = { claim_links: 'token_hash', endorsement_links: 'token_hash', credential_offers: 'id', oid4vci_nonces: 'nonce_hash' } as const;
    const expected = { ...before };
    for (const [table, key] of Object.entries(keys) as [keyof typeof keys, string][]) {
      const gone: string[] = expired[table];
      expected[table] = before[table]!.filter((row) => !gone.includes(JSON.parse(row)[key]));
      expect(expected[table]!.length, table).toBe(before[table]!.length - gone.length);
    }
    expect(before.claim_links!.some((row) => JSON.parse(row).token_hash === keptClaim)).toBe(true);
    expect(before.endorsement_links!.some((row) => JSON.parse(row).token_hash === keptEndorsement)).toBe(true);

    // Batches of two: the nonces take two rounds.
    expect(await purgeExpiredRows(service.ctx, { retentionDays: 7, batchSize: 2 })).toEqual({ nonces: 3, offers: 1, claimLinks: 1, endorsementLinks: 1, staffSessions: 0, staffLinks: 0, ssoSignIns: 0, signInFailures: 0, learnerSessions: 0, learnerLinks: 0, oauthArtifacts: 0 });
    expect(await databaseSnapshot(service.ctx.db)).toEqual(expected);
    // Again, or in another instance at the same time: nothing more to delete.
    const again = await Promise.all([purgeExpiredRows(service.ctx, { retentionDays: 7 }), purgeExpiredRows(service.ctx, { retentionDays: 7 })]);
    expect(again).toEqual(Array(2).fill({ nonces: 0, offers: 0, claimLinks: 0, endorsementLinks: 0, staffSessions: 0, staffLinks: 0, ssoSignIns: 0, signInFailures: 0, learnerSessions: 0, learnerLinks: 0, oauthArtifacts: 0 }));
    expect(await databaseSnapshot(service.ctx.db)).toEqual(expected);
  });

  it('when a redeemed offer’s code has expired but its access token has not, then the offer is kept until the token expires too', async () => {
    clock = at(20);
    await purgeExpiredRows(service.ctx, { retentionDays: 7 }); // what the test above left
    const created = (await api.post(`/v1/credentials/${credentialId}/offers`, {})).body;
    const code = JSON.parse(new URL(created.credentialOfferUri).searchParams.get('credential_offer')!).grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']['pre-authorized_code'];
    clock = new Date(at(21).getTime() - 60_000); // a minute before the code expires
    await service.ctx.db.updateTable('credential_offers').set({ redeemed_at: clock, access_token_hash: sha256Hex(`token-${code}`), access_token_expires_at: new Date(clock.getTime() + 600_000) }).where('id', '=', created.id).execute();
    clock = new Date(at(21).getTime() + 60_000);
    expect((await purgeExpiredRows(service.ctx, { retentionDays: 7 })).offers).toBe(0);
    clock = new Date(at(21).getTime() + 600_000);
    expect((await purgeExpiredRows(service.ctx, { retentionDays: 7 })).offers).toBe(1);
  });

  it('when the purger runs in the service, then it purges at start and at each interval, and logs what it deleted', async () => {
    clock = at(40);
    await nonce('e', at(39));
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const purger = new ExpiredRowsPurger({ ctx: service.ctx, logger, intervalMs: 20, retentionDays: 7 });
    purger.start();
    for (let wait = 0; lines.length === 0 && wait < 200; wait += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lines[0]).toMatchObject({ msg: 'expired rows purged', deleted: { nonces: 1 } });
    await nonce('f', at(39));
    for (let wait = 0; lines.length === 1 && wait < 200; wait += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    await purger.stop();
    expect(lines[1]).toMatchObject({ msg: 'expired rows purged', deleted: { nonces: 1 } });
  });
});
