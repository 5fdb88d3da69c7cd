import { sql, type Selectable } from 'kysely';
import type { JsonObject } from '../domain/open-badges.js';
import type { Db } from './database.js';
import type { BatchesTable, BatchRowsTable, BatchRowStatus } from './schema.js';
import { issuerWithin, type Tenancy } from './tenancy.js';

type BatchRow = Selectable<BatchesTable>;
export type BatchLineRow = Selectable<BatchRowsTable>;

export async function insertBatch(
  db: Db,
  batch: { id: string; issuer_id: string; language: 'fr' | 'en'; created_by: string },
  rows: { line: number; row: JsonObject; status: BatchRowStatus; outcome: JsonObject | null }[],
): Promise<void> {
  await db.insertInto('batches').values(batch).execute();
  for (let start = 0; start < rows.length; start += 500) {
    await db
      .insertInto('batch_rows')
      .values(rows.slice(start, start + 500).map((row) => ({ batch_id: batch.id, ...row, row: JSON.stringify(row.row), outcome: row.outcome && JSON.stringify(row.outcome) })))
      .execute();
  }
}

export async function findBatch(db: Db, id: string, tenancy: Tenancy): Promise<BatchRow | undefined> {
  return db.selectFrom('batches').selectAll().where('id', '=', id).where(issuerWithin(tenancy, 'issuer_id')).executeTakeFirst();
}

export async function listBatchRows(db: Db, batchId: string): Promise<BatchLineRow[]> {
  return db.selectFrom('batch_rows').selectAll().where('batch_id', '=', batchId).orderBy('line').execute();
}

/**
 * Claims one row to process: a pending one, or one whose claim is older than `staleAfterMs` (its worker
 * died). One statement, no transaction held while the row is processed; processing is idempotent, so a
 * row claimed twice still issues each credential once.
 */
export async function claimBatchRow(db: Db, workerId: string, staleAfterMs: number): Promise<BatchLineRow | undefined> {
  const { rows } = await sql<BatchLineRow>`
    update batch_rows set status = 'processing', claimed_by = ${workerId}, claimed_at = now()
    where (batch_id, line) = (
      select batch_id, line from batch_rows
      where status = 'pending' or (status = 'processing' and claimed_at < now() - make_interval(secs => ${staleAfterMs / 1000}))
      order by claimed_at nulls first, batch_id, line
      limit 1
      for update skip locked
    )
    returning *`.execute(db);
  return rows[0];
}

/** Keeps a row claimed while its worker is alive and on it: only a dead worker's claim goes stale. */
export async function renewBatchClaim(db: Db, row: { batch_id: string; line: number }, workerId: string): Promise<void> {
  await db
    .updateTable('batch_rows')
    .set({ claimed_at: sql`now()` })
    .where('batch_id', '=', row.batch_id)
    .where('line', '=', row.line)
    .where('claimed_by', '=', workerId)
    .where('status', '=', 'processing')
    .execute();
}

export async function completeBatchRow(db: Db, row: { batch_id: string; line: number }, status: 'done' | 'rejected', outcome: JsonObject): Promise<void> {
  await db
    .updateTable('batch_rows')
    .set({ status, outcome: JSON.stringify(outcome), claimed_by: null })
    .where('batch_id', '=', row.batch_id)
    .where('line', '=', row.line)
    .execute();
}
