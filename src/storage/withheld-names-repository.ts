import type { Insertable, Selectable } from 'kysely';
import type { Db } from './database.js';
import type { WithheldNamesTable } from './schema.js';

export async function findWithheldName(db: Db, credentialId: string): Promise<Selectable<WithheldNamesTable> | undefined> {
  return db.selectFrom('withheld_names').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
}

/** A name withheld again replaces what was kept (the same learner's name). */
export async function insertWithheldName(db: Db, row: Insertable<WithheldNamesTable>): Promise<void> {
  await db
    .insertInto('withheld_names')
    .values(row)
    .onConflict((conflict) => conflict.column('credential_id').doUpdateSet({ name: row.name, withheld_at: row.withheld_at }))
    .execute();
}

export async function deleteWithheldName(db: Db, credentialId: string): Promise<void> {
  await db.deleteFrom('withheld_names').where('credential_id', '=', credentialId).execute();
}
