import type { Insertable, Selectable, Updateable } from 'kysely';
import type { MobilityRecord } from '../domain/mobility.js';
import type { Db } from './database.js';
import type { MentorAssessmentsTable } from './schema.js';
import { issuerWithin, type Tenancy } from './tenancy.js';

export type MentorAssessmentRow = Selectable<MentorAssessmentsTable>;
type MentorAssessmentChange = Updateable<MentorAssessmentsTable>;

export async function insertMentorAssessment(db: Db, row: Insertable<MentorAssessmentsTable>): Promise<MentorAssessmentRow> {
  return db.insertInto('mentor_assessments').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findMentorAssessmentOfMobility(db: Db, mobilityId: string, tenancy: Tenancy): Promise<MentorAssessmentRow | undefined> {
  return db.selectFrom('mentor_assessments').selectAll().where('mobility_id', '=', mobilityId).where(issuerWithin(tenancy, 'issuer_id')).executeTakeFirst();
}

export async function findMentorAssessmentById(db: Db, id: string): Promise<MentorAssessmentRow | undefined> {
  return db.selectFrom('mentor_assessments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findMentorAssessmentByToken(db: Db, tokenHash: string): Promise<MentorAssessmentRow | undefined> {
  return db.selectFrom('mentor_assessments').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Changes a row; with `unanswered`, only while the mentor has not answered (so that one answer wins). */
export async function updateMentorAssessment(
  db: Db,
  id: string,
  change: MentorAssessmentChange,
  condition: { unanswered?: boolean; answered?: boolean } = {},
): Promise<MentorAssessmentRow | undefined> {
  let query = db.updateTable('mentor_assessments').set(change).where('id', '=', id);
  if (condition.unanswered) query = query.where('answered_at', 'is', null).where('revoked_at', 'is', null);
  if (condition.answered) query = query.where('answered_at', 'is not', null).where('review', 'is', null);
  return query.returningAll().executeTakeFirst();
}

/**
 * Claims a reminder of a link still waiting for an answer: `before` the stay's end, or `after` it (which also
 * stands for the one before, never sent that late). Only the first claim of each gets the row.
 */
export async function claimMentorReminder(db: Db, id: string, kind: 'before' | 'after', now: Date): Promise<MentorAssessmentRow | undefined> {
  const column = kind === 'before' ? 'reminded_before_at' : 'reminded_after_at';
  return db
    .updateTable('mentor_assessments')
    .set((eb) => (kind === 'before' ? { reminded_before_at: now } : { reminded_after_at: now, reminded_before_at: eb.fn.coalesce('reminded_before_at', eb.val(now)) }))
    .where('id', '=', id)
    .where(column, 'is', null)
    .where('answered_at', 'is', null)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Links still waiting for an answer, unexpired, with a reminder not yet sent, and their stay. */
export async function listMentorAssessmentsAwaitingAnswer(db: Db, now: Date, limit: number): Promise<(MentorAssessmentRow & { record: MobilityRecord })[]> {
  return db
    .selectFrom('mentor_assessments')
    .innerJoin('mobilities', 'mobilities.id', 'mentor_assessments.mobility_id')
    .selectAll('mentor_assessments')
    .select('mobilities.record')
    .where('mentor_assessments.answered_at', 'is', null)
    .where('mentor_assessments.revoked_at', 'is', null)
    .where('mentor_assessments.expires_at', '>', now)
    .where((eb) => eb.or([eb('mentor_assessments.reminded_before_at', 'is', null), eb('mentor_assessments.reminded_after_at', 'is', null)]))
    .orderBy('mentor_assessments.expires_at')
    .limit(limit)
    .execute();
}

/** The accepted mentor assessment of a stay, if there is one (for the credentials issued for it). */
export async function findAcceptedMentorAssessment(db: Db, mobilityId: string): Promise<MentorAssessmentRow | undefined> {
  return db.selectFrom('mentor_assessments').selectAll().where('mobility_id', '=', mobilityId).where('review', '=', 'accepted').executeTakeFirst();
}
