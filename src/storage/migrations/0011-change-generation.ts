import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * A counter that moves whenever a committed transaction changed a row that the service keeps in memory
 * between requests (see storage/fresh-cache.ts): API keys, issuers (academy membership included),
 * achievements, issuer keys, credentials, status entries and list versions. Inserts do not move it — what is
 * kept in memory was read after it existed, and a row not found is never kept — except a new issuer key:
 * an issuer's DID document, kept whole, lists every key it has.
 *
 * The triggers are deferred constraint triggers: the counter moves at commit, so its row is locked only while
 * a transaction commits (never while it still waits for other locks), and a reader never sees the new value
 * before the change itself is visible. A transaction moves it once, however many rows it changed.
 */
const WATCHED: { table: string; event: string }[] = [
  // last_used_at is written once a minute per key in use: it is not watched.
  { table: 'api_keys', event: 'update of key_hash, role, issuer_id, academy_id, revoked_at or delete' },
  { table: 'issuers', event: 'update or delete' },
  { table: 'achievements', event: 'update or delete' },
  { table: 'issuer_keys', event: 'insert or update or delete' },
  { table: 'credentials', event: 'update or delete' },
  { table: 'status_entries', event: 'update or delete' },
  // next_position moves with every issuance and signed_credential with every publication: only the version counts.
  { table: 'status_lists', event: 'update of version or delete' },
];

const STATEMENTS = [
  `create table change_generation (
    singleton boolean primary key default true check (singleton),
    value bigint not null
  )`,
  `insert into change_generation (singleton, value) values (true, 0)`,
  `create function move_change_generation() returns trigger language plpgsql as $$
  begin
    if current_setting('mobicred.change_generation_moved', true) is distinct from 'yes' then
      perform set_config('mobicred.change_generation_moved', 'yes', true);
      update change_generation set value = value + 1;
    end if;
    return null;
  end $$`,
  ...WATCHED.map(
    ({ table, event }) =>
      `create constraint trigger ${table}_move_change_generation after ${event} on ${table}
        deferrable initially deferred for each row execute function move_change_generation()`,
  ),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    ...WATCHED.map(({ table }) => `drop trigger ${table}_move_change_generation on ${table}`),
    'drop function move_change_generation()',
    'drop table change_generation',
  ]);
}
