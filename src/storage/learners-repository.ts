import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from './database.js';
import { moveImportedCredentials } from './imported-credentials-repository.js';
import type { CredentialRow } from './credentials-repository.js';
import type { LearnerLinkPurpose, LearnerLinksTable, LearnerSessionsTable, LearnersTable, StatusState } from './schema.js';

/** How long a learner's session lasts without a request, and in all (services/learner-sessions.ts; the purge). */
export const LEARNER_SESSION_IDLE_MS = 60 * 60_000;
export const LEARNER_SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;

export type LearnerRow = Selectable<LearnersTable>;
export type LearnerLinkRow = Selectable<LearnerLinksTable>;
export type LearnerSessionRow = Selectable<LearnerSessionsTable>;

export async function findLearnerById(db: Db, id: string): Promise<LearnerRow | undefined> {
  return db.selectFrom('learners').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateLearner(db: Db, id: string, changes: Updateable<LearnersTable>): Promise<void> {
  await db.updateTable('learners').set(changes).where('id', '=', id).execute();
}

/** The learner a verified address belongs to (addresses are lower-cased). */
export async function findLearnerIdByEmail(db: Db, email: string): Promise<string | undefined> {
  return (await db.selectFrom('learner_emails').select('learner_id').where('email', '=', email).executeTakeFirst())?.learner_id;
}

/**
 * The learner of an address, made (with the address verified) when there is none; run it in a transaction.
 * Two first sign-ins of one address at once make one learner: the address is the key, and the loser's new
 * row is dropped.
 */
export async function findOrCreateLearner(trx: Db, options: { id: string; email: string; now: Date }): Promise<string> {
  const existing = await findLearnerIdByEmail(trx, options.email);
  if (existing) return existing;
  await trx.insertInto('learners').values({ id: options.id, created_at: options.now }).execute();
  const added = await trx
    .insertInto('learner_emails')
    .values({ email: options.email, learner_id: options.id, verified_at: options.now })
    .onConflict((conflict) => conflict.column('email').doNothing())
    .returning('learner_id')
    .executeTakeFirst();
  if (added) return added.learner_id;
  await trx.deleteFrom('learners').where('id', '=', options.id).execute();
  return (await findLearnerIdByEmail(trx, options.email))!;
}

/** A learner's verified addresses, in the order they were verified. */
export async function listLearnerEmails(db: Db, learnerId: string): Promise<string[]> {
  const rows = await db.selectFrom('learner_emails').select('email').where('learner_id', '=', learnerId).orderBy('verified_at').orderBy('email').execute();
  return rows.map((row) => row.email);
}

/** Whether any credential was issued to this address (lower-cased), by any school. */
export async function credentialsIssuedTo(db: Db, email: string): Promise<boolean> {
  const row = await db.selectFrom('credentials').select('id').where(sql<string>`lower(recipient_email)`, '=', email).limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function insertLearnerLink(db: Db, link: Insertable<LearnerLinksTable>): Promise<void> {
  await db.insertInto('learner_links').values(link).execute();
}

/** Links of a purpose sent to an address since a moment: the per-address limit counts them. */
export async function countLearnerLinksSince(db: Db, options: { email: string; purpose: LearnerLinkPurpose; since: Date }): Promise<number> {
  const { count } = await db
    .selectFrom('learner_links')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('email', '=', options.email)
    .where('purpose', '=', options.purpose)
    .where('created_at', '>', options.since)
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** A link of this purpose, neither used nor expired; `forUpdate` takes it for use in the transaction (locked). */
export async function findUsableLearnerLink(
  db: Db,
  options: { tokenHash: string; purpose: LearnerLinkPurpose; now: Date; forUpdate?: boolean },
): Promise<LearnerLinkRow | undefined> {
  const query = db
    .selectFrom('learner_links')
    .selectAll()
    .where('token_hash', '=', options.tokenHash)
    .where('purpose', '=', options.purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', options.now);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export async function markLearnerLinkUsed(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('learner_links').set({ used_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function insertLearnerSession(db: Db, session: Insertable<LearnerSessionsTable>): Promise<LearnerSessionRow> {
  return db.insertInto('learner_sessions').values(session).returningAll().executeTakeFirstOrThrow();
}

export async function findOpenLearnerSession(db: Db, tokenHash: string): Promise<LearnerSessionRow | undefined> {
  return db.selectFrom('learner_sessions').selectAll().where('token_hash', '=', tokenHash).where('ended_at', 'is', null).executeTakeFirst();
}

export async function touchLearnerSession(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('learner_sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function endLearnerSession(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('learner_sessions').set({ ended_at: at }).where('token_hash', '=', tokenHash).where('ended_at', 'is', null).execute();
}

/**
 * The credentials issued to any of these addresses (lower-cased), by any school, with their status entry's
 * state: newest first. Wallet copies are the holder's, not issued to an address: left out.
 */
export async function listCredentialsOfAddresses(db: Db, emails: readonly string[]): Promise<(CredentialRow & { state: StatusState | null })[]> {
  if (emails.length === 0) return [];
  return db
    .selectFrom('credentials')
    .leftJoin('status_entries', 'status_entries.credential_id', 'credentials.id')
    .selectAll('credentials')
    .select('status_entries.state')
    .where(sql<string>`lower(credentials.recipient_email)`, 'in', emails)
    .where('credentials.derived_from', 'is', null)
    .orderBy('credentials.valid_from', 'desc')
    .orderBy('credentials.id')
    .execute();
}

/** What a school recorded about the age of a stay's participant. */
export interface StayAge {
  dateOfBirth?: string;
  minor?: boolean;
  guardianEmail?: string;
}

/** What schools recorded about the age of the participant of every stay at these addresses (lower case), by address. */
export async function listStayAgesByAddress(db: Db, emails: readonly string[]): Promise<Map<string, StayAge[]>> {
  const ages = new Map<string, StayAge[]>();
  if (emails.length === 0) return ages;
  const rows = await db
    .selectFrom('mobilities')
    .select([
      sql<string>`lower(record #>> '{participant,email}')`.as('email'),
      sql<string | null>`record #>> '{participant,dateOfBirth}'`.as('date_of_birth'),
      sql<string | null>`record #>> '{participant,minor}'`.as('minor'),
      sql<string | null>`record #>> '{participant,guardianEmail}'`.as('guardian_email'),
    ])
    .where(sql<string>`lower(record #>> '{participant,email}')`, 'in', emails)
    .execute();
  for (const row of rows) {
    const age: StayAge = {
      ...(row.date_of_birth ? { dateOfBirth: row.date_of_birth } : {}),
      ...(row.minor === 'true' ? { minor: true } : {}),
      ...(row.guardian_email ? { guardianEmail: row.guardian_email.trim().toLowerCase() } : {}),
    };
    ages.set(row.email, [...(ages.get(row.email) ?? []), age]);
  }
  return ages;
}

/** For each guardian recorded on the stays at these addresses (lower case), the schools that recorded them. */
export async function listGuardianSchools(db: Db, emails: readonly string[]): Promise<Map<string, string[]>> {
  const schools = new Map<string, string[]>();
  if (emails.length === 0) return schools;
  const rows = await db
    .selectFrom('mobilities')
    .innerJoin('issuers', 'issuers.id', 'mobilities.issuer_id')
    .select([sql<string>`lower(trim(mobilities.record #>> '{participant,guardianEmail}'))`.as('guardian'), sql<string>`issuers.profile ->> 'name'`.as('school')])
    .where(sql<string>`lower(mobilities.record #>> '{participant,email}')`, 'in', emails)
    .where(sql<string>`mobilities.record #>> '{participant,guardianEmail}'`, 'is not', null)
    .execute();
  for (const { guardian, school } of rows) schools.set(guardian, [...new Set([...(schools.get(guardian) ?? []), school])]);
  return schools;
}

/** What schools recorded about the age of the participant of every stay at these addresses. */
export async function listStayAgesOfAddresses(db: Db, emails: readonly string[]): Promise<StayAge[]> {
  return [...(await listStayAgesByAddress(db, emails)).values()].flat();
}

/**
 * Moves every address of one learner to another (the first verified an address the second had), and the
 * credentials their platforms imported: the second learner is gone afterwards, their sessions and links with
 * them; a guardian's approval carries over.
 */
export async function mergeLearnerInto(trx: Db, options: { from: string; into: string }): Promise<void> {
  const from = await findLearnerById(trx, options.from);
  await trx.updateTable('learner_emails').set({ learner_id: options.into }).where('learner_id', '=', options.from).execute();
  await moveImportedCredentials(trx, options);
  if (from?.guardian_approved_at) {
    await trx
      .updateTable('learners')
      .set({ guardian_approved_at: from.guardian_approved_at, guardian_email: from.guardian_email })
      .where('id', '=', options.into)
      .where('guardian_approved_at', 'is', null)
      .execute();
  }
  await trx.deleteFrom('learners').where('id', '=', options.from).execute();
}

export async function insertLearnerEmail(trx: Db, row: { email: string; learner_id: string; verified_at: Date }): Promise<void> {
  await trx.insertInto('learner_emails').values(row).execute();
}

/** Deletes a learner: their addresses, sessions and links go with them (on delete cascade). */
export async function deleteLearner(trx: Db, learnerId: string): Promise<void> {
  await trx.deleteFrom('learners').where('id', '=', learnerId).execute();
}
