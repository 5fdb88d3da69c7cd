import type { Selectable } from 'kysely';
import type { Db } from './database.js';
import type { MentorGridTextsTable } from './schema.js';

/** A school's message files for the mentor's grid; the service checks the school is the caller's first. */
export type MentorGridTextsRow = Selectable<MentorGridTextsTable>;

export async function findSchoolGridTexts(db: Db, issuerId: string, language: string): Promise<MentorGridTextsRow | undefined> {
  return db.selectFrom('mentor_grid_texts').selectAll().where('issuer_id', '=', issuerId).where('language', '=', language).executeTakeFirst();
}

export async function listSchoolGridTexts(db: Db, issuerId: string): Promise<MentorGridTextsRow[]> {
  return db.selectFrom('mentor_grid_texts').selectAll().where('issuer_id', '=', issuerId).orderBy('language').execute();
}

/** Stores a school's file for a language, replacing the one it had. */
export async function storeSchoolGridTexts(db: Db, row: { issuer_id: string; language: string; texts: Record<string, string>; updated_by: string; updated_at: Date }): Promise<MentorGridTextsRow> {
  const values = { ...row, texts: JSON.stringify(row.texts) };
  return db
    .insertInto('mentor_grid_texts')
    .values(values)
    .onConflict((conflict) => conflict.columns(['issuer_id', 'language']).doUpdateSet({ texts: values.texts, updated_by: row.updated_by, updated_at: row.updated_at }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteSchoolGridTexts(db: Db, issuerId: string, language: string): Promise<boolean> {
  const deleted = await db.deleteFrom('mentor_grid_texts').where('issuer_id', '=', issuerId).where('language', '=', language).executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}
