import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from '../domain/hash.js';
import type { Db } from '../storage/database.js';
import type { Role } from '../storage/schema.js';
import { insertApiKey } from '../storage/api-keys-repository.js';
import { listIssuers } from '../storage/issuers-repository.js';
import { findStaffPersonById, insertStaffRole, listActiveStaffRoles, type StaffRoleRow } from '../storage/staff-repository.js';
import { tenancyOfKey, type Actor } from './access.js';
import type { ServiceContext } from './context.js';
import type { StaffSession } from './staff-sessions.js';

/** One role a person holds, in the organisation it is for. */
export interface StaffRole {
  id: string;
  role: Role;
  issuerId: string | null;
  academyId: string | null;
  /** The school's or academy's name; null for the platform. */
  organisationName: string | null;
}

export interface StaffPerson {
  id: string;
  email: string;
  name: string;
  totpEnabled: boolean;
}

/** A school the person may look at in their current role. */
export interface StaffSchool {
  id: string;
  slug: string;
  name: string;
}

/**
 * Who is signed in to the console and what they act as now: the role in use (chosen with the switcher) and
 * the school looked at. `actor` is what every service takes, exactly as for an API key of that role.
 */
export interface StaffContext {
  person: StaffPerson;
  session: StaffSession;
  roles: StaffRole[];
  role: StaffRole;
  /** The school looked at: the role's own, or (platform admin, academy reader) one chosen among those visible. */
  school: StaffSchool | undefined;
  /** The schools this role may look at, for the switcher (one for a school role). */
  schools: StaffSchool[];
  actor: Actor;
}

function toStaffRole(row: StaffRoleRow): StaffRole {
  return { id: row.id, role: row.role, issuerId: row.issuer_id, academyId: row.academy_id, organisationName: row.organisation_name };
}

/**
 * The signed-in person's context for a session, or undefined when nobody is (fully) signed in or the person
 * holds no role any more (removed people are signed out by the removal itself).
 */
export async function loadStaffContext(ctx: ServiceContext, session: StaffSession): Promise<StaffContext | undefined> {
  if (!session.personId || session.secondFactorDue) return undefined;
  const person = await findStaffPersonById(ctx.db, session.personId);
  if (!person || person.removed_at) return undefined;
  const rows = await listActiveStaffRoles(ctx.db, person.id);
  const current = rows.find((row) => row.id === session.currentRoleId) ?? rows[0];
  if (!current) return undefined;
  const tenancy = tenancyOfKey(current);
  const schools = (await listIssuers(ctx.db, tenancy)).map((issuer) => ({ id: issuer.id, slug: issuer.slug, name: issuer.profile.name }));
  const school = schools.find((candidate) => candidate.id === session.currentIssuerId) ?? schools[0];
  return {
    person: { id: person.id, email: person.email, name: person.name, totpEnabled: person.totp_enabled_at !== null },
    session,
    roles: rows.map(toStaffRole),
    role: toStaffRole(current),
    school,
    schools,
    actor: { apiKeyId: current.api_key_id, role: current.role, tenancy },
  };
}

/**
 * Gives a person a role: a console key of that role and organisation (the database refuses one that does
 * not fit), named after the person so that the audit says who acted.
 */
export async function grantStaffRole(
  db: Db,
  options: { person: { id: string; name: string; email: string }; role: Role; issuerId: string | null; academyId: string | null; grantedBy: string | null },
): Promise<void> {
  const key = await insertApiKey(db, {
    id: randomUUID(),
    name: `${options.person.name} <${options.person.email}>`,
    // A hash of a secret nobody is given: the key can be acted through, never presented.
    key_hash: sha256Hex(randomBytes(32).toString('base64url')),
    kind: 'console',
    role: options.role,
    issuer_id: options.issuerId,
    academy_id: options.academyId,
    created_by: options.grantedBy,
  });
  if (!key) throw new Error('a fresh console key collided with a stored one');
  await insertStaffRole(db, { id: randomUUID(), person_id: options.person.id, api_key_id: key.id });
}
