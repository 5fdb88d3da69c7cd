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
