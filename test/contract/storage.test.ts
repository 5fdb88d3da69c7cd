import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BACKENDS } from '../support/backends.js';
import { migrateToLatest, isUniqueViolation, type Db } from '../../src/storage/database.js';
import { findIssuerById, insertIssuer, insertIssuerKey, listIssuerKeys } from '../../src/storage/issuers-repository.js';
import { insertApiKey, touchApiKey } from '../../src/storage/api-keys-repository.js';
import { insertAcademy } from '../../src/storage/academies-repository.js';
import { insertAchievement } from '../../src/storage/achievements-repository.js';
import { insertIssuedCredentials } from '../../src/storage/credentials-repository.js';
import { insertTrustedRegistry } from '../../src/storage/academy-registries-repository.js';
import { openStatusList, takeStatusPositions } from '../../src/storage/status-repository.js';
import { recordPublicBaseUrl } from '../../src/storage/deployment-repository.js';
import * as stayRecognition from '../../src/storage/migrations/0015-stay-recognition.js';
import { stayKey, type MobilityRecord } from '../../src/domain/mobility.js';

/** One storage suite, run on every backend: the constraints the service relies on hold in the database itself. */
describe.each(BACKENDS)('storage on $name', (backend) => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await backend.open()));
  afterAll(() => close());

  const key = (issuerId: string, status: 'active' | 'retired') => ({
    id: randomUUID(),
    issuer_id: issuerId,
    verification_method: `did:web:x#${randomUUID()}`,
    public_key_multibase: 'z6Mk',
    public_jwk: { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' },
    sealed_private_key: 'v1.sealed',
    status,
  });

  it('when instances record their public base URL, then the first one is kept for every later one, until one moves it deliberately', async () => {
    const [first, second] = await Promise.all([
      recordPublicBaseUrl(db, { publicBaseUrl: 'https://badges.example', move: false }),
      recordPublicBaseUrl(db, { publicBaseUrl: 'https://other.example', move: false }),
    ]);
    expect(second).toBe(first);
    expect(await recordPublicBaseUrl(db, { publicBaseUrl: 'https://moved.example', move: false })).toBe(first);
    expect(await recordPublicBaseUrl(db, { publicBaseUrl: 'https://moved.example', move: true })).toBe('https://moved.example');
    expect(await recordPublicBaseUrl(db, { publicBaseUrl: first, move: false })).toBe('https://moved.example');
  });

  it('when migrations run again, then nothing changes', async () => {
    const applied = async () => (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((row) => row.name);
    const before = await applied();
    await migrateToLatest(db);
    expect(await applied()).toEqual(before);
    expect(before[0]).toBe('0001-initial');
    expect(before.length).toBeGreaterThanOrEqual(3);
  });

  it('when a second active key is stored for an issuer, then the database refuses it; retired keys are kept', async () => {
    const issuer = await insertIssuer(db, { id: randomUUID(), slug: 'lp-a', did: 'did:web:x:issuers:lp-a', profile: { name: 'A' } });
    await insertIssuerKey(db, key(issuer.id, 'active'));
    await insertIssuerKey(db, key(issuer.id, 'retired'));
    const error = await insertIssuerKey(db, key(issuer.id, 'active')).catch((caught: unknown) => caught);
    expect(isUniqueViolation(error, 'issuer_keys_one_active')).toBe(true);
    expect(await listIssuerKeys(db, issuer.id)).toHaveLength(2);
  });

  it('when a slug or did is reused, or a slug is not URL-safe, then the database refuses it', async () => {
    await insertIssuer(db, { id: randomUUID(), slug: 'lp-b', did: 'did:web:x:issuers:lp-b', profile: { name: 'B' } });
    const duplicate = await insertIssuer(db, { id: randomUUID(), slug: 'lp-b', did: 'did:web:other', profile: { name: 'B' } }).catch((e: unknown) => e);
    expect(isUniqueViolation(duplicate, 'issuers_slug_key')).toBe(true);
    await expect(insertIssuer(db, { id: randomUUID(), slug: 'Bad Slug', did: 'did:web:y', profile: { name: 'C' } })).rejects.toMatchObject({ code: '23514' });
  });

  it('when an API key would act for another organisation than its role allows, then the database refuses it', async () => {
    const issuer = await insertIssuer(db, { id: randomUUID(), slug: 'lp-keys', did: 'did:web:x:issuers:lp-keys', profile: { name: 'K' } });
    const academy = await insertAcademy(db, { id: randomUUID(), name: 'Académie de Lyon' });
    const apiKey = (role: string, scope: { issuer_id?: string; academy_id?: string }) =>
      insertApiKey(db, { id: randomUUID(), name: role, key_hash: randomUUID(), role: role as 'school-admin', issuer_id: null, academy_id: null, created_by: null, ...scope });
    for (const [role, scope] of [
      ['platform-admin', { issuer_id: issuer.id }],
      ['academy-reader', {}],
      ['academy-reader', { academy_id: academy.id, issuer_id: issuer.id }],
      ['school-admin', {}],
      ['school-issuer', { academy_id: academy.id }],
      ['mentor', { issuer_id: issuer.id }],
    ] as const) {
      await expect(apiKey(role, scope), `${role} ${JSON.stringify(scope)}`).rejects.toMatchObject({ code: '23514' });
    }
    await expect(apiKey('school-issuer', { issuer_id: issuer.id })).resolves.toMatchObject({ role: 'school-issuer' });
    await expect(apiKey('academy-reader', { academy_id: academy.id })).resolves.toMatchObject({ role: 'academy-reader' });
  });

  it('when a school is looked up within a tenancy, then only that tenancy finds it', async () => {
    const academy = await insertAcademy(db, { id: randomUUID(), name: 'Académie de Grenoble' });
    const inside = await insertIssuer(db, { id: randomUUID(), slug: 'lp-in', did: 'did:web:x:issuers:lp-in', profile: { name: 'In' }, academy_id: academy.id });
    const outside = await insertIssuer(db, { id: randomUUID(), slug: 'lp-out', did: 'did:web:x:issuers:lp-out', profile: { name: 'Out' } });
    const found = async (id: string, tenancy: Parameters<typeof findIssuerById>[2]) => (await findIssuerById(db, id, tenancy))?.id;
    expect(await found(inside.id, { kind: 'academy', academyId: academy.id })).toBe(inside.id);
    expect(await found(outside.id, { kind: 'academy', academyId: academy.id })).toBeUndefined();
    expect(await found(inside.id, { kind: 'school', issuerId: inside.id })).toBe(inside.id);
    expect(await found(inside.id, { kind: 'school', issuerId: outside.id })).toBeUndefined();
    expect(await found(outside.id, { kind: 'every-school' })).toBe(outside.id);
  });

  it('when a credential would be stored with neither a Data Integrity proof nor a VC-JWT, then the database refuses it', async () => {
    const issuer = await insertIssuer(db, { id: randomUUID(), slug: 'lp-proofs', did: 'did:web:x:issuers:lp-proofs', profile: { name: 'P' } });
    const issuerKey = await insertIssuerKey(db, key(issuer.id, 'active'));
    const achievement = await insertAchievement(db, { id: randomUUID(), issuer_id: issuer.id, definition: { name: 'A', description: 'A', criteria: { narrative: 'A' } } });
    const apiKey = await insertApiKey(db, { id: randomUUID(), name: 'k', key_hash: randomUUID(), role: 'platform-admin', issuer_id: null, academy_id: null, created_by: null });
    const credential = { id: randomUUID(), issuer_id: issuer.id, achievement_id: achievement.id, key_id: issuerKey.id, recipient_email: 'a@example.org', valid_from: new Date(), valid_until: null, issued_by: apiKey!.id, mobility_id: null, mobility_kind: null, mobility_issue: 1, batch_id: null, holder_id: null, derived_from: null };
    const list = { id: randomUUID(), issuer_id: issuer.id, purpose: 'revocation' as const, size: 131_072, permutation_key: 'k' };
    await openStatusList(db, list);
    const records = { statusEntries: [{ list_id: list.id, list_index: 7, credential_id: credential.id }], idempotencyRecords: [], withheldNames: [{ credential_id: credential.id, name: 'Nora Blanc', withheld_at: new Date() }], auditEvents: [{ actor: apiKey!.id, action: 'credential.issued' as const, issuerId: issuer.id, subjectId: credential.id }] };
    const withheld = () => db.selectFrom('withheld_names').select('name').where('credential_id', '=', credential.id).execute();
    await expect(insertIssuedCredentials(db, { ...records, credentials: [{ ...credential, data_integrity: null, jwt: null }] })).rejects.toMatchObject({ code: '23514', constraint: 'credentials_secured' });
    expect(await withheld()).toEqual([]); // stored whole or not at all
    // Positive control: the same records with a proof are stored, the withheld name with them.
    await expect(insertIssuedCredentials(db, { ...records, credentials: [{ ...credential, data_integrity: null, jwt: 'a.b.c' }] })).resolves.toHaveLength(1);
    expect(await withheld()).toEqual([{ name: 'Nora Blanc' }]);
  });

  it('when positions are taken from a status list, then each is handed out once, a request near the end gets what is left, and a full list gives none', async () => {
    const issuer = await insertIssuer(db, { id: randomUUID(), slug: 'lp-status', did: 'did:web:x:issuers:lp-status', profile: { name: 'S' } });
    const list = { id: randomUUID(), issuer_id: issuer.id, purpose: 'revocation' as const, size: 131_072, permutation_key: 'k' };
    await openStatusList(db, list);
    await sql`update status_lists set next_position = size - 8 where id = ${list.id}`.execute(db); // eight positions left
    const taken = await Promise.all([5, 2, 4].map((count) => takeStatusPositions(db, issuer.id, 'revocation', count)));
    const positions = taken.flatMap((range) => (range ? Array.from({ length: range.taken }, (_, offset) => range.first + offset) : []));
    expect(positions.sort((a, b) => a - b)).toEqual(Array.from({ length: 8 }, (_, offset) => 131_064 + offset));
    expect(await takeStatusPositions(db, issuer.id, 'revocation', 1)).toBeUndefined();
  });

  it('when a transaction fails half-way, then none of it is stored', async () => {
    const id = randomUUID();
    await expect(
      db.transaction().execute(async (trx) => {
        await insertIssuer(trx, { id, slug: 'lp-tx', did: 'did:web:x:issuers:lp-tx', profile: { name: 'T' } });
        await insertIssuerKey(trx, { ...key(id, 'active'), issuer_id: randomUUID() }); // foreign key violation
      }),
    ).rejects.toMatchObject({ code: '23503' });
    const { rows } = await sql`select 1 from issuers where id = ${id}`.execute(db);
    expect(rows).toHaveLength(0);
  });

  it('when a row the service keeps in memory changes, then the change generation moves once, at commit; inserts (but of a key), last use, list positions and rolled-back changes leave it', async () => {
    const generation = async () => BigInt((await db.selectFrom('change_generation').select('value').executeTakeFirstOrThrow()).value);
    const issuer = await insertIssuer(db, { id: randomUUID(), slug: 'lp-generation', did: 'did:web:x:issuers:lp-generation', profile: { name: 'G' } });
    const issuerKey = await insertIssuerKey(db, key(issuer.id, 'active'));
    const achievement = await insertAchievement(db, { id: randomUUID(), issuer_id: issuer.id, definition: { name: 'A', description: 'A', criteria: { narrative: 'A' } } });
    const apiKey = (await insertApiKey(db, { id: randomUUID(), name: 'k', key_hash: randomUUID(), role: 'school-issuer', issuer_id: issuer.id, academy_id: null, created_by: null }))!;
    const list = { id: randomUUID(), issuer_id: issuer.id, purpose: 'revocation' as const, size: 131_072, permutation_key: 'k' };
    await openStatusList(db, list);
    await sql`insert into status_entries (list_id, list_index) values (${list.id}, 3)`.execute(db);
    let expected = await generation();

    await touchApiKey(db, apiKey.id, new Date());
    await takeStatusPositions(db, issuer.id, 'revocation', 2);
    await sql`update status_lists set signed_version = 0 where id = ${list.id}`.execute(db);
    expect(await generation()).toBe(expected);

    const changes = [
      sql`update api_keys set revoked_at = now() where id = ${apiKey.id}`,
      sql`update issuers set academy_id = null where id = ${issuer.id}`,
      sql`update achievements set definition = definition where id = ${achievement.id}`,
      sql`update issuer_keys set compromised_at = now() where id = ${issuerKey.id}`,
      sql`update status_entries set state = 'revoked' where list_id = ${list.id}`,
      sql`update status_lists set version = version + 1 where id = ${list.id}`,
      sql`delete from status_entries where list_id = ${list.id}`,
    ];
    for (const change of changes) {
      await change.execute(db);
      expect(await generation()).toBe((expected += 1n));
    }
    await insertIssuerKey(db, key(issuer.id, 'retired')); // a DID document lists every key: a new one changes it
    expect(await generation()).toBe((expected += 1n));

    await db.transaction().execute(async (trx) => {
      for (const change of changes.slice(0, 4)) await change.execute(trx);
    });
    expect(await generation()).toBe((expected += 1n));

    await expect(
      db.transaction().execute(async (trx) => {
        await changes[2]!.execute(trx);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await generation()).toBe(expected);
  });
  it('when what recognition or a minor’s name depends on changes, then the change generation moves; a stay that records no age leaves it', async () => {
    const generation = async () => BigInt((await db.selectFrom('change_generation').select('value').executeTakeFirstOrThrow()).value);
    let expected = await generation();
    const moves = async (change: () => Promise<unknown>, by: bigint) => {
      await change();
      expect(await generation()).toBe((expected += by));
    };
    const academy = await insertAcademy(db, { id: randomUUID(), name: 'Académie' });
    expect(await generation()).toBe(expected); // a new academy: nothing kept in memory named it
    const issuer = await insertIssuer(db, { id: randomUUID(), slug: 'lp-watched', did: 'did:web:x:issuers:lp-watched', profile: { name: 'W' }, academy_id: academy.id });
    expect(await generation()).toBe((expected += 1n)); // its membership, recorded by trigger
    await moves(() => sql`update academies set name = 'Académie de Lyon' where id = ${academy.id}`.execute(db), 1n);
    const registry = { id: randomUUID(), name: 'R', url: 'https://registry.example/r.json', signer_did: 'did:key:z6Mk', created_by: null };
    await moves(() => insertTrustedRegistry(db, registry), 1n);
    await moves(() => sql`delete from trusted_registries where id = ${registry.id}`.execute(db), 1n);

    const stay = (participant: Record<string, unknown>) => ({ participant: { kind: 'learner', email: 'nora@example.org', ...participant }, type: 'work-placement', programme: 'erasmus-plus-ka1', startDate: '2026-05-04', endDate: '2026-05-29' });
    const insertStay = (id: string, record: object) => sql`insert into mobilities (id, issuer_id, record, external_key) values (${id}, ${issuer.id}, ${JSON.stringify(record)}, ${randomUUID()})`.execute(db);
    const updateStay = (id: string, record: object) => sql`update mobilities set record = ${JSON.stringify(record)} where id = ${id}`.execute(db);
    const [adult, minor] = [randomUUID(), randomUUID()];
    await moves(() => insertStay(adult, stay({})), 0n);
    await moves(() => updateStay(adult, { ...stay({}), endDate: '2026-05-30' }), 0n);
    await moves(() => insertStay(minor, stay({ dateOfBirth: '2010-03-12' })), 1n);
    await moves(() => updateStay(adult, stay({ minor: true })), 1n); // an age recorded on a stay that had none
    await moves(() => updateStay(minor, stay({ dateOfBirth: '2010-03-12', email: 'nora.blanc@example.org' })), 1n); // a minor's address changed
    await moves(() => updateStay(minor, { ...stay({ dateOfBirth: '2010-03-12', email: 'nora.blanc@example.org' }), endDate: '2026-05-30' }), 0n); // the participant unchanged
    await moves(() => sql`delete from mobilities where id in (${minor}, ${adult})`.execute(db), 1n); // one transaction moves it once
  });

  it('when stays recorded before migration 0015 are keyed, then each gets its stay key, a stay recorded twice keeps one, and the database refuses a stay without a key or twice', async () => {
    const issuer = await insertIssuer(db, { id: randomUUID(), slug: 'lp-stays', did: 'did:web:x:issuers:lp-stays', profile: { name: 'Stays' } });
    const record = (email: string, host: string) =>
      ({
        participant: { kind: 'learner', email },
        type: 'work-placement',
        programme: 'erasmus-plus-ka1',
        startDate: '2026-05-04',
        endDate: '2026-05-29',
        hostOrganisation: { legalName: host, countryCode: 'ES', city: 'Valencia', mentor: { name: 'M', role: 'R', email: 'm@example.es' } },
        workingLanguages: ['es'],
        plannedLearningOutcomes: [],
      }) as MobilityRecord;
    // Each row a second after the one before: the clock ticks in milliseconds, and rows recorded in the same
    // one would be ordered by their random ids, not in the order the test records them.
    let recorded = Date.parse('2026-01-05T08:00:00Z');
    const insert = (id: string, mobility: MobilityRecord, externalKey: string | null) =>
      sql`insert into mobilities (id, issuer_id, record, external_key, created_at) values (${id}, ${issuer.id}, ${JSON.stringify(mobility)}, ${externalKey}, ${new Date((recorded += 1000))})`.execute(db);
    const keyOf = async (id: string) => (await sql<{ external_key: string | null }>`select external_key from mobilities where id = ${id}`.execute(db)).rows[0]!.external_key;

    await stayRecognition.down(db as never);
    const [fromFile, fromApi, tomFirst, tomAgain] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await insert(fromFile, record('lea@example.org', 'La  Albufera'), 'a key of the former normalisation');
    await insert(fromApi, record('LEA@example.org', 'la albufera'), null);
    await insert(tomFirst, record('tom@example.org', 'Löwen'), null);
    await insert(tomAgain, record('tom@example.org', 'LÖWEN'), null);
    await stayRecognition.up(db as never);

    expect(await keyOf(fromFile)).toBe(stayKey(issuer.id, record('lea@example.org', 'la albufera')));
    expect(await keyOf(fromApi)).toBeNull();
    expect(await keyOf(tomFirst)).toBe(stayKey(issuer.id, record('tom@example.org', 'löwen')));
    expect(await keyOf(tomAgain)).toBeNull();
    const withoutKey = await insert(randomUUID(), record('new@example.org', 'Host'), null).catch((caught: unknown) => caught);
    expect((withoutKey as { code?: string }).code).toBe('23514');
    const again = await insert(randomUUID(), record('new@example.org', 'Host'), await keyOf(tomFirst)).catch((caught: unknown) => caught);
    expect(isUniqueViolation(again, 'mobilities_external_key')).toBe(true);
  });
});
