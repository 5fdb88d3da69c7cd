import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from './database.js';
import type { Role, StaffLinkKind, StaffLinksTable, StaffPeopleTable, StaffSessionsTable } from './schema.js';

/** How long a console session lasts without a request, and in all (services/staff-sessions.ts; the purge). */
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** Refused sign-ins are counted over this window (services/staff-accounts.ts; the purge forgets older ones). */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;

export type StaffPersonRow = Selectable<StaffPeopleTable>;
export type StaffSessionRow = Selectable<StaffSessionsTable>;
export type StaffLinkRow = Selectable<StaffLinksTable>;

/** One role a person holds, with the organisation it is in (the school's or the academy's name). */
export interface StaffRoleRow {
  id: string;
  person_id: string;
  api_key_id: string;
  role: Role;
  issuer_id: string | null;
  academy_id: string | null;
  organisation_name: string | null;
}

export async function insertStaffPerson(db: Db, person: Insertable<StaffPeopleTable>): Promise<StaffPersonRow> {
  return db.insertInto('staff_people').values(person).returningAll().executeTakeFirstOrThrow();
}

export async function findStaffPersonByEmail(db: Db, email: string): Promise<StaffPersonRow | undefined> {
  return db.selectFrom('staff_people').selectAll().where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
}

export async function findStaffPersonById(db: Db, id: string): Promise<StaffPersonRow | undefined> {
  return db.selectFrom('staff_people').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateStaffPerson(db: Db, id: string, changes: Updateable<StaffPeopleTable>): Promise<StaffPersonRow> {
  return db.updateTable('staff_people').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Accepts a TOTP time step once: false when this step (or a later one) was already used. */
export async function claimTotpStep(db: Db, personId: string, step: number): Promise<boolean> {
  const row = await db
    .updateTable('staff_people')
    .set({ totp_last_step: String(step) })
    .where('id', '=', personId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb(sql<number>`totp_last_step`, '<', step)]))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

function rolesQuery(db: Db) {
  return db
    .selectFrom('staff_roles')
    .innerJoin('api_keys', 'api_keys.id', 'staff_roles.api_key_id')
    .leftJoin('issuers', 'issuers.id', 'api_keys.issuer_id')
    .leftJoin('academies', 'academies.id', 'api_keys.academy_id')
    .select([
      'staff_roles.id',
      'staff_roles.person_id',
      'staff_roles.api_key_id',
      'api_keys.role',
      'api_keys.issuer_id',
      'api_keys.academy_id',
      sql<string | null>`coalesce(issuers.profile->>'name', academies.name)`.as('organisation_name'),
    ])
    .where('api_keys.revoked_at', 'is', null);
}

/** A person's roles in force, platform first, then by organisation name. */
export async function listActiveStaffRoles(db: Db, personId: string): Promise<StaffRoleRow[]> {
  return rolesQuery(db).where('staff_roles.person_id', '=', personId).orderBy(sql`api_keys.role = 'platform-admin'`, 'desc').orderBy('organisation_name').execute();
}

export async function insertStaffRole(db: Db, role: { id: string; person_id: string; api_key_id: string }): Promise<void> {
  await db.insertInto('staff_roles').values(role).execute();
}

/** The people holding a role in one school, with their roles there. */
export async function listStaffOfSchool(db: Db, issuerId: string): Promise<(StaffRoleRow & { name: string; email: string; totp_enabled_at: Date | null })[]> {
  return rolesQuery(db)
    .innerJoin('staff_people', 'staff_people.id', 'staff_roles.person_id')
    .select(['staff_people.name', 'staff_people.email', 'staff_people.totp_enabled_at'])
    .where('api_keys.issuer_id', '=', issuerId)
    .where('staff_people.removed_at', 'is', null)
    .orderBy('staff_people.name')
    .execute();
}

/** Ends a person's roles in one school (their keys are revoked): returns how many were in force. */
export async function revokeStaffRolesInSchool(db: Db, personId: string, issuerId: string, at: Date): Promise<number> {
  const revoked = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('kind', '=', 'console')
    .where('issuer_id', '=', issuerId)
    .where('revoked_at', 'is', null)
    .where('id', 'in', db.selectFrom('staff_roles').select('api_key_id').where('person_id', '=', personId))
    .returning('id')
    .execute();
  return revoked.length;
}

export async function insertStaffSession(db: Db, session: Insertable<StaffSessionsTable>): Promise<StaffSessionRow> {
  return db.insertInto('staff_sessions').values(session).returningAll().executeTakeFirstOrThrow();
}

export async function findOpenStaffSession(db: Db, tokenHash: string): Promise<StaffSessionRow | undefined> {
  return db.selectFrom('staff_sessions').selectAll().where('token_hash', '=', tokenHash).where('ended_at', 'is', null).executeTakeFirst();
}

export async function updateStaffSession(db: Db, tokenHash: string, changes: Updateable<StaffSessionsTable>): Promise<void> {
  await db.updateTable('staff_sessions').set(changes).where('token_hash', '=', tokenHash).execute();
}

export async function endStaffSession(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('staff_sessions').set({ ended_at: at }).where('token_hash', '=', tokenHash).where('ended_at', 'is', null).execute();
}

export async function endStaffSessionsOfPerson(db: Db, personId: string, at: Date): Promise<void> {
  await db.updateTable('staff_sessions').set({ ended_at: at }).where('person_id', '=', personId).where('ended_at', 'is', null).execute();
}

export async function insertStaffLink(db: Db, link: Insertable<StaffLinksTable>): Promise<void> {
  await db.insertInto('staff_links').values(link).execute();
}

/** A link of this kind, not used and not expired, taken for use in this transaction (locked). */
export async function findUsableStaffLink(db: Db, tokenHash: string, kind: StaffLinkKind, now: Date): Promise<StaffLinkRow | undefined> {
  return db
    .selectFrom('staff_links')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .forUpdate()
    .executeTakeFirst();
}

/** A school's invitations neither accepted nor expired, newest first. */
export async function listPendingInvitations(db: Db, issuerId: string, now: Date): Promise<Pick<StaffLinkRow, 'email' | 'name' | 'role' | 'expires_at'>[]> {
  return db
    .selectFrom('staff_links')
    .select(['email', 'name', 'role', 'expires_at'])
    .where('kind', '=', 'invitation')
    .where('issuer_id', '=', issuerId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function markStaffLinkUsed(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('staff_links').set({ used_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function recordSignInFailures(db: Db, subjects: string[], at: Date): Promise<void> {
  await db.insertInto('staff_sign_in_failures').values(subjects.map((subject) => ({ subject, failed_at: at }))).execute();
}

/** Refused sign-ins of a subject since a moment. */
export async function countSignInFailures(db: Db, subject: string, since: Date): Promise<number> {
  const { count } = await db
    .selectFrom('staff_sign_in_failures')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('subject', '=', subject)
    .where('failed_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(count);
}

export async function clearSignInFailures(db: Db, subject: string): Promise<void> {
  await db.deleteFrom('staff_sign_in_failures').where('subject', '=', subject).execute();
}
