import { sql } from 'kysely';
import type { Db } from './database.js';

/** Adds look-ups to credentials' counts of a day (YYYY-MM-DD): one row a credential and day, a count, nothing of who looked. */
export async function addCredentialLookups(db: Db, counts: readonly { credentialId: string; day: string; count: number }[]): Promise<void> {
  // A few thousand rows a statement keeps its parameters far below PostgreSQL's limit of 65,535.
  for (let start = 0; start < counts.length; start += 5_000) {
    await db
      .insertInto('credential_views')
      .values(counts.slice(start, start + 5_000).map(({ credentialId, day, count }) => ({ credential_id: credentialId, day, count })))
      .onConflict((conflict) => conflict.columns(['credential_id', 'day']).doUpdateSet({ count: sql<number>`credential_views.count + excluded.count` }))
      .execute();
  }
}

/** A credential's look-ups by day since a day, oldest first. */
export async function listCredentialLookups(db: Db, credentialId: string, since: string): Promise<{ day: string; count: number }[]> {
  return db
    .selectFrom('credential_views')
    .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'count'])
    .where('credential_id', '=', credentialId)
    .where('day', '>=', since)
    .orderBy('day')
    .execute();
}

export async function deleteCredentialLookups(db: Db, credentialIds: readonly string[]): Promise<void> {
  if (credentialIds.length > 0) await db.deleteFrom('credential_views').where('credential_id', 'in', credentialIds).execute();
}
