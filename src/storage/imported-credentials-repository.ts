import { sql, type Selectable } from 'kysely';
import type { Db } from './database.js';
import type { LearnerImportedCredentialsTable } from './schema.js';

export type ImportedCredentialRow = Selectable<LearnerImportedCredentialsTable>;

/**
 * Stores a credential a learner's platform sent, or replaces the one with the same issuer and id (OB 3.0's
 * credential equality); says whether it was new. One statement, so that two platforms sending the same
 * credential at once make one row (PostgreSQL's xmax is 0 on the row a statement inserted).
 */
export async function upsertImportedCredential(db: Db, row: Omit<ImportedCredentialRow, 'created_at' | 'updated_at'> & { at: Date }): Promise<{ created: boolean }> {
  const { at, ...values } = row;
  const result = await db
    .insertInto('learner_imported_credentials')
    .values({ ...values, created_at: at, updated_at: at })
    .onConflict((conflict) =>
      conflict.columns(['learner_id', 'issuer', 'credential_id']).doUpdateSet({ format: values.format, media_type: values.media_type, body: values.body, valid_from: values.valid_from, updated_at: at }),
    )
    .returning(sql<boolean>`(xmax = 0)`.as('created'))
    .executeTakeFirstOrThrow();
  return { created: result.created };
}

/** A learner's imported credentials, the latest added first. */
export async function listImportedCredentials(db: Db, learnerId: string): Promise<ImportedCredentialRow[]> {
  return db.selectFrom('learner_imported_credentials').selectAll().where('learner_id', '=', learnerId).orderBy('created_at', 'desc').orderBy('id').execute();
}

/**
 * Gives one learner's imported credentials to another (two spaces merging). A credential both hold (same issuer
 * and id) is kept once: the copy updated last.
 */
export async function moveImportedCredentials(trx: Db, options: { from: string; into: string }): Promise<void> {
  // The receiving learner's copy goes when the other's was updated later; then the other's goes when a copy is left.
  const dropTwins = (of: string, twinsOf: string, onlyWhenTwinIsNewer: boolean) =>
    trx
      .deleteFrom('learner_imported_credentials as row')
      .where('row.learner_id', '=', of)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('learner_imported_credentials as twin')
            .select('twin.id')
            .where('twin.learner_id', '=', twinsOf)
            .whereRef('twin.issuer', '=', 'row.issuer')
            .whereRef('twin.credential_id', '=', 'row.credential_id')
            .$if(onlyWhenTwinIsNewer, (query) => query.whereRef('twin.updated_at', '>', 'row.updated_at')),
        ),
      )
      .execute();
  await dropTwins(options.into, options.from, true);
  await dropTwins(options.from, options.into, false);
  await trx.updateTable('learner_imported_credentials').set({ learner_id: options.into }).where('learner_id', '=', options.from).execute();
}
