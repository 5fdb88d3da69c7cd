import { sql, type Selectable } from 'kysely';
import type { MobilityRecord, MobilityState, Programme } from '../domain/mobility.js';
import type { MobilityAssessment } from '../domain/mobility-achievements.js';
import type { Db } from './database.js';
import { findOrInsert } from './find-or-insert.js';
import type { MobilitiesTable } from './schema.js';
import { issuerWithin, type Tenancy } from './tenancy.js';

export type MobilityRow = Selectable<MobilitiesTable>;

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
  /** Part of the participant's name or email, or of the host's name, in any case. */
  q?: string;
  /** The year the stay starts. */
  year?: number;
  programme?: Programme;
  /** The host's ISO 3166-1 alpha-2 country. */
  country?: string;
  state?: MobilityState;
}

/**
 * A page of a tenancy's stays, newest first, after a (created_at, id) position (keyset pagination, as for
 * credentials). Filters are SQL parameters; `q` has its LIKE wildcards escaped.
 */
export async function listMobilities(
  db: Db,
  tenancy: Tenancy,
  options: MobilityFilter & { limit: number; after?: { createdAt: Date; id: string } },
): Promise<(MobilityRow & { state: MobilityState })[]> {
  const issued = sql<boolean>`exists (select 1 from credentials where credentials.mobility_id = mobilities.id)`;
  const state = sql<MobilityState>`case when mobilities.assessed_at is null then 'recorded' when ${issued} then 'issued' else 'assessed' end`;
  let query = db.selectFrom('mobilities').selectAll().select(state.as('state')).where(issuerWithin(tenancy, 'mobilities.issuer_id'));
  if (options.issuerId !== undefined) query = query.where('issuer_id', '=', options.issuerId);
  if (options.q !== undefined) {
    const pattern = `%${options.q.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    query = query.where(
      sql<boolean>`(lower(record #>> '{participant,name}') like ${pattern} or lower(record #>> '{participant,email}') like ${pattern} or lower(record #>> '{hostOrganisation,legalName}') like ${pattern})`,
    );
  }
  if (options.year !== undefined) query = query.where(sql<boolean>`record ->> 'startDate' like ${`${options.year}-%`}`);
  if (options.programme !== undefined) query = query.where(sql<boolean>`record ->> 'programme' = ${options.programme}`);
  if (options.country !== undefined) query = query.where(sql<boolean>`record #>> '{hostOrganisation,countryCode}' = ${options.country}`);
  if (options.state !== undefined) query = query.where(sql<boolean>`(${state}) = ${options.state}`);
  if (options.after) {
    const { createdAt, id } = options.after;
    query = query.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute() as Promise<(MobilityRow & { state: MobilityState })[]>;
}

/** Every stay of one school within a tenancy, oldest first (the jury export reads a whole session). */
export async function listMobilitiesOfIssuer(db: Db, issuerId: string, tenancy: Tenancy): Promise<MobilityRow[]> {
  return db.selectFrom('mobilities').selectAll().where('issuer_id', '=', issuerId).where(issuerWithin(tenancy, 'issuer_id')).orderBy('created_at').orderBy('id').execute();
}
