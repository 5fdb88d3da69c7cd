import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * Verifying a credential asks which registries vouch for its issuer: the academies it is a school of, the
 * registries the platform admin trusts, and each academy's signed registry. The service keeps these in memory
 * while the change generation (migration 0011) stands, so each change to them moves it — inserts too: a
 * school joining an academy, or a registry added, changes a list kept whole.
 */
const WATCHED: { table: string; event: string }[] = [
  { table: 'academy_memberships', event: 'insert or update or delete' },
  { table: 'trusted_registries', event: 'insert or update or delete' },
  // The academy's signed registry is stored on its row, and signed again when its schools change or it ages.
  { table: 'academies', event: 'update or delete' },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    WATCHED.map(
      ({ table, event }) =>
        `create constraint trigger ${table}_move_change_generation after ${event} on ${table}
          deferrable initially deferred for each row execute function move_change_generation()`,
    ),
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, WATCHED.map(({ table }) => `drop trigger ${table}_move_change_generation on ${table}`));
}
