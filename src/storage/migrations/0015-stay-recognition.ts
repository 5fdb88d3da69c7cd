import { sql, type Kysely } from 'kysely';
import { stayKey, type MobilityRecord } from '../../domain/mobility.js';
import { runStatements } from './statements.js';

/**
 * One stay, one mobility, whichever way it was entered. Stays recorded through the API had no key; cohort
 * rows had one with a looser normalisation. Every stay gets today's key (domain/mobility.ts) under the
 * existing unique index (issuer_id, external_key). A stay already recorded twice before this migration keeps
 * its older row's key, the later one none (both may carry credentials: neither is merged away). From now on
 * the database refuses a new mobility without a key (a constraint that existing rows do not have to meet).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ id: string; issuer_id: string; record: MobilityRecord }>`
    select id, issuer_id, record from mobilities order by external_key is null, created_at, id`.execute(db);
  const taken = new Set<string>();
  const keys = rows.map((row) => {
    const key = stayKey(row.issuer_id, row.record);
    const scoped = `${row.issuer_id} ${key}`;
    if (taken.has(scoped)) return { id: row.id, key: null };
    taken.add(scoped);
    return { id: row.id, key };
  });
  // Cleared first, so that no row takes a key another row still holds under the unique index.
  await sql`update mobilities set external_key = null`.execute(db);
  for (const { id, key } of keys) {
    if (key !== null) await sql`update mobilities set external_key = ${key} where id = ${id}`.execute(db);
  }
  await runStatements(db, [`alter table mobilities add constraint mobilities_stay_key check (external_key is not null) not valid`]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['alter table mobilities drop constraint mobilities_stay_key']);
}
