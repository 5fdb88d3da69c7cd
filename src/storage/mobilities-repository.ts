import type { Selectable } from 'kysely';
import type { MobilityRecord } from '../domain/mobility.js';
import type { MobilityAssessment } from '../domain/mobility-achievements.js';
import type { Db } from './database.js';
import { findOrInsert } from './find-or-insert.js';
import type { MobilitiesTable } from './schema.js';
import { issuerWithin, type Tenancy } from './tenancy.js';

export type MobilityRow = Selectable<MobilitiesTable>;

export async function insertMobility(db: Db, mobility: { id: string; issuer_id: string; record: MobilityRecord; external_key?: string }): Promise<MobilityRow> {
  return db
    .insertInto('mobilities')
    .values({ ...mobility, record: JSON.stringify(mobility.record) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findMobilityById(db: Db, id: string, tenancy: Tenancy): Promise<MobilityRow | undefined> {
  return db.selectFrom('mobilities').selectAll().where('id', '=', id).where(issuerWithin(tenancy, 'issuer_id')).executeTakeFirst();
}

export async function storeMobilityAssessment(db: Db, id: string, assessment: MobilityAssessment, at: Date): Promise<MobilityRow> {
  return db
    .updateTable('mobilities')
    .set({ assessment: JSON.stringify(assessment), assessed_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The mobility a cohort row describes, created the first time any batch meets it. */
export async function findOrCreateMobilityByKey(db: Db, mobility: { id: string; issuer_id: string; record: MobilityRecord; external_key: string }): Promise<MobilityRow> {
  return findOrInsert(
    () => db.selectFrom('mobilities').selectAll().where('issuer_id', '=', mobility.issuer_id).where('external_key', '=', mobility.external_key).executeTakeFirst(),
    () =>
      db
        .insertInto('mobilities')
        .values({ ...mobility, record: JSON.stringify(mobility.record) })
        .onConflict((conflict) => conflict.columns(['issuer_id', 'external_key']).where('external_key', 'is not', null).doNothing())
        .execute(),
  );
}
