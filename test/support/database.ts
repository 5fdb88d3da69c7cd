import { sql } from 'kysely';
import type { Db } from '../../src/storage/database.js';

/**
 * Every row of every table, in a stable order: two snapshots are equal only if nothing was stored,
 * changed or deleted in between. `api_keys.last_used_at` is left out: authenticating is not a change.
 */
export async function databaseSnapshot(db: Db): Promise<Record<string, string[]>> {
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
    order by table_name`.execute(db);
  const snapshot: Record<string, string[]> = {};
  for (const { name } of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    snapshot[name] = rows.map((row) => JSON.stringify({ ...row, last_used_at: undefined })).sort();
  }
  return snapshot;
}
