import type { Db } from './database.js';

/**
 * The public base URL this database's credentials are signed with: recorded by the first instance that
 * starts on it, and returned as recorded to every later one, so that an instance configured otherwise can
 * refuse to start instead of signing with mixed URLs. `move` records the given URL instead (a deliberate move).
 */
export async function recordPublicBaseUrl(db: Db, options: { publicBaseUrl: string; move: boolean }): Promise<string> {
  const row = await db
    .insertInto('deployment')
    .values({ public_base_url: options.publicBaseUrl })
    .onConflict((conflict) => (options.move ? conflict.column('singleton').doUpdateSet({ public_base_url: options.publicBaseUrl, recorded_at: new Date() }) : conflict.doNothing()))
    .returning('public_base_url')
    .executeTakeFirst();
  // Nothing returned: a row was there and was kept.
  return row?.public_base_url ?? (await db.selectFrom('deployment').select('public_base_url').executeTakeFirstOrThrow()).public_base_url;
}
