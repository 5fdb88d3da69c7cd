import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * More reads kept in memory while the change generation (migration 0011) stands, so each change to them moves
 * it — inserts too, where a list is kept whole or a missing row is an answer:
 * - who vouches for an issuer: the academies it is a school of, the registries the platform admin trusts, and
 *   each academy's signed registry (stored on its row, signed again when its schools change or it ages);
 * - whether an address was recorded as a minor on some stay: only stays that record an age (a date of birth,
 *   or `minor`) move it, so the stays of adults, staff and cohort files leave every cache alone.
 */
const AGE_FACTS = `array['dateOfBirth', 'minor']`;
const WATCHED: { table: string; event: string; when?: string }[] = [
  { table: 'academy_memberships', event: 'insert or update or delete' },
  { table: 'trusted_registries', event: 'insert or update or delete' },
  { table: 'academies', event: 'update or delete' },
  { table: 'mobilities', event: 'insert', when: `(new.record -> 'participant') ?| ${AGE_FACTS}` },
  {
    table: 'mobilities',
    event: 'update of record',
    when: `((old.record -> 'participant') ?| ${AGE_FACTS} or (new.record -> 'participant') ?| ${AGE_FACTS})
      and old.record -> 'participant' is distinct from new.record -> 'participant'`,
  },
  { table: 'mobilities', event: 'delete', when: `(old.record -> 'participant') ?| ${AGE_FACTS}` },
];

const triggerName = ({ table, event }: { table: string; event: string }) =>
  table === 'mobilities' ? `mobilities_${event.split(' ')[0]}_move_change_generation` : `${table}_move_change_generation`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    WATCHED.map(
      (watched) =>
        `create constraint trigger ${triggerName(watched)} after ${watched.event} on ${watched.table}
          deferrable initially deferred for each row ${watched.when ? `when (${watched.when})` : ''}
          execute function move_change_generation()`,
    ),
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, WATCHED.map((watched) => `drop trigger ${triggerName(watched)} on ${watched.table}`));
}
