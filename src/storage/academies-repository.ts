import type { Selectable } from 'kysely';
import type { Db } from './database.js';
import type { AcademiesTable } from './schema.js';
import type { Tenancy } from './tenancy.js';

export type AcademyRow = Selectable<AcademiesTable>;

export async function insertAcademy(db: Db, academy: { id: string; name: string }): Promise<AcademyRow> {
  return db.insertInto('academies').values(academy).returningAll().executeTakeFirstOrThrow();
}

/** An academy is visible to the platform and to its own readers; a school's keys see no academy. */
export async function findAcademyById(db: Db, id: string, tenancy: Tenancy): Promise<AcademyRow | undefined> {
  if (tenancy.kind === 'school' || (tenancy.kind === 'academy' && tenancy.academyId !== id)) return undefined;
  return db.selectFrom('academies').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The academies a tenancy sees, by name: the platform every one, an academy's readers their own. */
export async function listAcademies(db: Db, tenancy: Tenancy): Promise<AcademyRow[]> {
  if (tenancy.kind === 'school') return [];
  let query = db.selectFrom('academies').selectAll().orderBy('name').orderBy('id');
  if (tenancy.kind === 'academy') query = query.where('id', '=', tenancy.academyId);
  return query.execute();
}
