import { sql } from 'kysely';
import type { Db } from './database.js';

/** One more look-up of a credential on a day (YYYY-MM-DD): one row a credential and day, a count, nothing of who looked. */
export async function incrementCredentialLookups(db: Db, credentialId: string, day: string): Promise<void> {
  await db
    .insertInto('credential_views')
    .values({ credential_id: credentialId, day, count: 1 })
    .onConflict((conflict) => conflict.columns(['credential_id', 'day']).doUpdateSet({ count: sql<number>`credential_views.count + 1` }))
    .execute();
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
