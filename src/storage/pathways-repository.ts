import { sql, type Selectable } from 'kysely';
import type { Db } from './database.js';
import type { PrescriptionElementsTable, PrescriptionsTable } from './schema.js';
import { issuerWithin, type Tenancy } from './tenancy.js';

export type PrescriptionRow = Selectable<PrescriptionsTable>;

/** Date columns as text (YYYY-MM-DD): pg and PGlite would read them as Dates in different time zones. */
const PRESCRIPTION_COLUMNS = ['id', 'order_id', 'credential_id', 'achievement_id', 'profession', 'decision_reference', 'created_at', sql<string>`decision_date::text`.as('decision_date')] as const;
export type PrescriptionElementRow = Selectable<PrescriptionElementsTable>;

export async function insertPrescription(
  db: Db,
  prescription: Omit<PrescriptionRow, 'created_at'>,
  elements: Omit<PrescriptionElementRow, 'prescription_id'>[],
): Promise<void> {
  await db.insertInto('prescriptions').values(prescription).execute();
  await db
    .insertInto('prescription_elements')
    .values(elements.map((element) => ({ ...element, prescription_id: prescription.id })))
    .execute();
}

/** A prescription by id, within the tenancy of its order. */
export async function findPrescriptionById(db: Db, id: string, tenancy: Tenancy): Promise<PrescriptionRow | undefined> {
  return db.selectFrom('prescriptions').select(PRESCRIPTION_COLUMNS).where('id', '=', id).where(issuerWithin(tenancy, 'order_id')).executeTakeFirst();
}

/** The prescription whose signed credential this is (any order: the check reads what it is shown). */
export async function findPrescriptionByCredentialId(db: Db, credentialId: string): Promise<PrescriptionRow | undefined> {
  return db.selectFrom('prescriptions').select(PRESCRIPTION_COLUMNS).where('credential_id', '=', credentialId).executeTakeFirst();
}

/** The prescription whose achievement (its element ids' base) this is. */
export async function findPrescriptionByAchievementId(db: Db, achievementId: string): Promise<PrescriptionRow | undefined> {
  return db.selectFrom('prescriptions').select(PRESCRIPTION_COLUMNS).where('achievement_id', '=', achievementId).executeTakeFirst();
}

export async function listPrescriptionElements(db: Db, prescriptionId: string): Promise<PrescriptionElementRow[]> {
  return db
    .selectFrom('prescription_elements')
    .select(['prescription_id', 'element_key', 'competency_code', 'referential_name', 'referential_url', 'title', 'kind', 'hours', 'stage_required', sql<string>`deadline::text`.as('deadline')])
    .where('prescription_id', '=', prescriptionId)
    .orderBy(sql`length(element_key)`)
    .orderBy('element_key')
    .execute();
}

export async function insertRecognition(db: Db, recognition: { order_id: string; institution_did: string; created_by: string }): Promise<void> {
  await db.insertInto('pathway_recognitions').values(recognition).onConflict((conflict) => conflict.doNothing()).execute();
}

export async function listRecognisedDids(db: Db, orderId: string): Promise<string[]> {
  const rows = await db.selectFrom('pathway_recognitions').select('institution_did').where('order_id', '=', orderId).orderBy('institution_did').execute();
  return rows.map((row) => row.institution_did);
}

export async function insertElementCompletion(
  db: Db,
  completion: { credential_id: string; prescription_id: string; element_key: string; institution_id: string; completed_on: string },
): Promise<void> {
  await db.insertInto('element_completions').values(completion).execute();
}

/**
 * One row per prescribed element of the orders within the tenancy, with its completion if a credential issued
 * here completes it and is not revoked. The candidate appears only as an opaque key (for counting people).
 */
export interface PathwayFactRow {
  person: string;
  prescription_id: string;
  profession: string;
  decision_date: string;
  competency_code: string;
  element_title: string;
  institution: string | null;
  completed_on: string | null;
}

export async function listPathwayFacts(db: Db, tenancy: Tenancy): Promise<PathwayFactRow[]> {
  return db
    .selectFrom('prescriptions as p')
    .innerJoin('credentials as pc', 'pc.id', 'p.credential_id')
    .innerJoin('prescription_elements as e', 'e.prescription_id', 'p.id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('element_completions as c')
          .innerJoin('issuers as i', 'i.id', 'c.institution_id')
          .leftJoin('status_entries as s', 's.credential_id', 'c.credential_id')
          .where((w) => w.or([w('s.state', 'is', null), w('s.state', '<>', 'revoked')]))
          .select(['c.prescription_id', 'c.element_key', sql<string>`c.completed_on::text`.as('completed_on'), sql<string>`i.profile->>'name'`.as('institution')])
          .as('done'),
      (join) => join.onRef('done.prescription_id', '=', 'e.prescription_id').onRef('done.element_key', '=', 'e.element_key'),
    )
    .where(issuerWithin(tenancy, 'p.order_id'))
    // Only a count of distinct people leaves this query: the key is a hash, never the address.
    .select([
      sql<string>`md5(lower(pc.recipient_email))`.as('person'),
      'p.id as prescription_id',
      'p.profession',
      sql<string>`p.decision_date::text`.as('decision_date'),
      'e.competency_code',
      'e.title as element_title',
      'done.institution',
      'done.completed_on',
    ])
    .orderBy('p.decision_date')
    .execute() as Promise<PathwayFactRow[]>;
}
