import { sql, type Selectable, type Updateable } from 'kysely';
import type { MobilityRecord, MobilityState, Programme, StayProgress } from '../domain/mobility.js';
import type { MobilityAssessment } from '../domain/mobility-achievements.js';
import type { Db } from './database.js';
import { findOrInsert } from './find-or-insert.js';
import type { MobilitiesTable } from './schema.js';
import { issuerWithin, type Tenancy } from './tenancy.js';
import { containsPattern } from './like-pattern.js';

export type MobilityRow = Selectable<MobilitiesTable>;

export async function findMobilityById(db: Db, id: string, tenancy: Tenancy): Promise<MobilityRow | undefined> {
  return db.selectFrom('mobilities').selectAll().where('id', '=', id).where(issuerWithin(tenancy, 'issuer_id')).executeTakeFirst();
}

export async function storeMobilityAssessment(db: Db, id: string, assessment: MobilityAssessment, at: Date): Promise<MobilityRow> {
  return updateMobilityRow(db, id, { assessment: JSON.stringify(assessment), assessed_at: at });
}

function updateMobilityRow(db: Db, id: string, changes: Updateable<MobilitiesTable>): Promise<MobilityRow> {
  return db.updateTable('mobilities').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** The mobility a stay key names (domain/mobility.ts), created the first time the API or any batch meets it. */
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

export interface MobilityFilter {
  issuerId?: string;
  /** One stay (to read it with its state). */
  id?: string;
  /** Part of the participant's name or email, or of the host's name, in any case. */
  q?: string;
  /** The year the stay starts. */
  year?: number;
  programme?: Programme;
  /** The host's ISO 3166-1 alpha-2 country. */
  country?: string;
  state?: MobilityState;
  /** Where the stay is by its dates and assessment (see STAY_PROGRESS), on `today`. */
  progress?: StayProgress;
  /** The learner's class or group, exactly (any case). */
  class?: string;
}

/** The credential of the row at hand stands: it was not revoked (a revoked one was withdrawn, or replaced). */
const standingSql = sql<boolean>`not exists (select 1 from status_entries where status_entries.credential_id = credentials.id and status_entries.state = 'revoked')`;
/** A credential of the stay stands (every one revoked: the stay is back to assessed, to be corrected or issued again). */
const issuedSql = sql<boolean>`exists (select 1 from credentials where credentials.mobility_id = mobilities.id and ${standingSql})`;
const stateSql = sql<MobilityState>`case when mobilities.assessed_at is null then 'recorded' when ${issuedSql} then 'issued' else 'assessed' end`;

/** The host mentor answered and the school has not accepted nor returned the answer yet (one row a stay). */
const answerToReviewSql = sql<boolean>`exists (select 1 from mentor_assessments where mentor_assessments.mobility_id = mobilities.id and mentor_assessments.answered_at is not null and mentor_assessments.review is null)`;

/** STAY_PROGRESS in SQL, on a given day (ISO dates compare as text). */
function progressSql(today: string) {
  return sql<StayProgress>`case when mobilities.assessed_at is not null and ${issuedSql} then 'issued' when ${answerToReviewSql} then 'answer-to-review' when mobilities.assessed_at is null then (case when mobilities.record ->> 'startDate' > ${today} then 'planned' when mobilities.record ->> 'endDate' >= ${today} then 'under-way' else 'awaiting-assessment' end) else 'assessed' end`;
}

/** How many of a tenancy's stays (of one school, if given) are at each point of STAY_PROGRESS on `today`. */
export async function countMobilitiesByProgress(db: Db, tenancy: Tenancy, options: { issuerId?: string; today: string }): Promise<Partial<Record<StayProgress, number>>> {
  const progress = progressSql(options.today);
  let query = db
    .selectFrom('mobilities')
    .select([progress.as('progress'), sql<string>`count(*)`.as('count')])
    .where(issuerWithin(tenancy, 'mobilities.issuer_id'));
  if (options.issuerId !== undefined) query = query.where('issuer_id', '=', options.issuerId);
  // By position: the expression carries a parameter, and a repeated one would be another parameter.
  const rows = await query.groupBy(sql`1`).execute();
  return Object.fromEntries(rows.map((row) => [row.progress, Number(row.count)]));
}

/** Replaces a stay's record and its stay key (the service checks it has no credential yet). */
export async function updateMobilityRecord(db: Db, id: string, record: MobilityRecord, externalKey: string): Promise<MobilityRow> {
  return updateMobilityRow(db, id, { record: JSON.stringify(record), external_key: externalKey });
}

export interface MobilityFigureRow {
  issuer_id: string;
  country: string;
  programme: Programme;
  stays: number;
  credentials: number;
}

/** A tenancy's stays and the credentials issued for them (not wallet copies), by school, host country and programme. */
export async function mobilityFigures(db: Db, tenancy: Tenancy): Promise<MobilityFigureRow[]> {
  const rows = await db
    .selectFrom('mobilities')
    .select([
      'mobilities.issuer_id',
      sql<string>`mobilities.record #>> '{hostOrganisation,countryCode}'`.as('country'),
      sql<Programme>`mobilities.record ->> 'programme'`.as('programme'),
      sql<string>`count(*)`.as('stays'),
      // The credentials that stand, not a wallet's copy.
      sql<string>`coalesce(sum((select count(*) from credentials where credentials.mobility_id = mobilities.id and credentials.derived_from is null and ${standingSql})), 0)`.as('credentials'),
    ])
    .where(issuerWithin(tenancy, 'mobilities.issuer_id'))
    .groupBy(['mobilities.issuer_id', sql`2`, sql`3`])
    .orderBy('mobilities.issuer_id')
    .orderBy(sql`2`)
    .orderBy(sql`3`)
    .execute();
  return rows.map((row) => ({ ...row, stays: Number(row.stays), credentials: Number(row.credentials) }));
}

/**
 * A page of a tenancy's stays, newest first, after a (created_at, id) position (keyset pagination, as for
 * credentials). Filters are SQL parameters; `q` has its LIKE wildcards escaped.
 */
export async function listMobilities(
  db: Db,
  tenancy: Tenancy,
  options: MobilityFilter & { limit: number; after?: { createdAt: Date; id: string }; today: string },
): Promise<(MobilityRow & { state: MobilityState; progress: StayProgress })[]> {
  const state = stateSql;
  const progress = progressSql(options.today);
  let query = db.selectFrom('mobilities').selectAll().select([state.as('state'), progress.as('progress')]).where(issuerWithin(tenancy, 'mobilities.issuer_id'));
  if (options.issuerId !== undefined) query = query.where('issuer_id', '=', options.issuerId);
  if (options.id !== undefined) query = query.where('id', '=', options.id);
  if (options.q !== undefined) {
    const pattern = containsPattern(options.q);
    query = query.where(
      sql<boolean>`(lower(record #>> '{participant,name}') like ${pattern} or lower(record #>> '{participant,email}') like ${pattern} or lower(record #>> '{hostOrganisation,legalName}') like ${pattern})`,
    );
  }
  if (options.year !== undefined) query = query.where(sql<boolean>`record ->> 'startDate' like ${`${options.year}-%`}`);
  if (options.programme !== undefined) query = query.where(sql<boolean>`record ->> 'programme' = ${options.programme}`);
  if (options.country !== undefined) query = query.where(sql<boolean>`record #>> '{hostOrganisation,countryCode}' = ${options.country}`);
  if (options.state !== undefined) query = query.where(sql<boolean>`(${state}) = ${options.state}`);
  if (options.progress !== undefined) query = query.where(sql<boolean>`(${progress}) = ${options.progress}`);
  if (options.class !== undefined) query = query.where(sql<boolean>`lower(record #>> '{participant,class}') = ${options.class.toLowerCase()}`);
  if (options.after) {
    const { createdAt, id } = options.after;
    query = query.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute() as Promise<(MobilityRow & { state: MobilityState; progress: StayProgress })[]>;
}

/** Every stay of one school within a tenancy, oldest first (the jury export reads a whole session). */
export async function listMobilitiesOfIssuer(db: Db, issuerId: string, tenancy: Tenancy): Promise<MobilityRow[]> {
  return db.selectFrom('mobilities').selectAll().where('issuer_id', '=', issuerId).where(issuerWithin(tenancy, 'issuer_id')).orderBy('created_at').orderBy('id').execute();
}
