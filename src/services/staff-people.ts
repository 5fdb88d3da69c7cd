import { randomUUID } from 'node:crypto';
import { newSecret, sha256Hex } from '../domain/hash.js';
import { ConflictError, LinkNotUsableError, NotFoundError, ValidationError } from '../errors.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import { findIssuerById } from '../storage/issuers-repository.js';
import type { Role } from '../storage/schema.js';
import {
  findStaffPersonByEmail,
  findUsableStaffLink,
  insertStaffLink,
  insertStaffPerson,
  listActiveStaffRoles,
  listPendingInvitations,
  listStaffOfSchool,
  markStaffLinkUsed,
  revokeStaffRolesInSchool,
} from '../storage/staff-repository.js';
import { assertPermitted, type Actor } from './access.js';
import type { ServiceContext } from './context.js';
import { assertStrongPassword, personActor } from './staff-accounts.js';
import { hashPassword } from './staff-passwords.js';
import { grantStaffRole } from './staff-roles.js';
import { endSessionsOfPerson } from './staff-sessions.js';
import { staffEmail, type StaffEmailLanguage } from '../notifications/staff-email.js';

const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60_000;
/** The roles a school's people are invited to; platform and academy roles are given from the command line. */
export const SCHOOL_STAFF_ROLES = ['school-admin', 'school-issuer'] as const satisfies readonly Role[];
export type SchoolStaffRole = (typeof SCHOOL_STAFF_ROLES)[number];

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export interface SchoolPerson {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  totpEnabled: boolean;
}

async function schoolWithin(ctx: ServiceContext, actor: Actor, issuerId: string) {
  const school = await findIssuerById(ctx.db, issuerId, actor.tenancy);
  if (!school || school.kind !== 'school') throw new NotFoundError(`School ${issuerId}`);
  return school;
}

/** The people holding a role in a school the actor manages, each with their roles there. */
export async function listSchoolPeople(ctx: ServiceContext, actor: Actor, issuerId: string): Promise<SchoolPerson[]> {
  assertPermitted(actor, 'manage');
  await schoolWithin(ctx, actor, issuerId);
  const people = new Map<string, SchoolPerson>();
  for (const row of await listStaffOfSchool(ctx.db, issuerId)) {
    const person = people.get(row.person_id) ?? { id: row.person_id, name: row.name, email: row.email, roles: [], totpEnabled: row.totp_enabled_at !== null };
    person.roles.push(row.role);
    people.set(row.person_id, person);
  }
  return [...people.values()];
}

export interface PendingInvitation {
  email: string;
  name: string;
  role: Role;
  expiresAt: string;
}

/** The invitations to a school the actor manages that nobody has accepted yet (and that still work). */
export async function listSchoolInvitations(ctx: ServiceContext, actor: Actor, issuerId: string): Promise<PendingInvitation[]> {
  assertPermitted(actor, 'manage');
  await schoolWithin(ctx, actor, issuerId);
  return (await listPendingInvitations(ctx.db, issuerId, ctx.now()))
    .filter((link) => link.role !== null)
    .map((link) => ({ email: link.email, name: link.name ?? '', role: link.role as Role, expiresAt: new Date(link.expires_at).toISOString() }));
}

/**
 * An invitation to a role in the school: a link, emailed when a mail server is configured, and returned so
 * that an admin without one can pass it on.
 */
export async function invitePerson(
  ctx: ServiceContext,
  actor: Actor,
  input: { issuerId: string; email: string; name: string; role: SchoolStaffRole; invitedBy: string; language: StaffEmailLanguage },
): Promise<{ url: string; mailed: boolean }> {
  assertPermitted(actor, 'manage');
  const school = await schoolWithin(ctx, actor, input.issuerId);
  const errors = [
    ...(EMAIL.test(input.email.trim()) ? [] : [{ field: 'email', message: 'an email address' }]),
    ...(input.name.trim() ? [] : [{ field: 'name', message: 'a name' }]),
    ...((SCHOOL_STAFF_ROLES as readonly string[]).includes(input.role) ? [] : [{ field: 'role', message: 'school-admin or school-issuer' }]),
  ];
  if (errors.length > 0) throw new ValidationError('The invitation is not valid', errors);
  const { secret, hash } = newSecret();
  await ctx.db.transaction().execute(async (trx) => {
    await insertStaffLink(trx, {
      token_hash: hash,
      kind: 'invitation',
      email: input.email.trim(),
      name: input.name.trim(),
      role: input.role,
      issuer_id: school.id,
      created_by: actor.apiKeyId,
      expires_at: new Date(ctx.now().getTime() + INVITATION_LIFETIME_MS),
    });
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'staff.invited', issuerId: school.id, subjectId: input.email.trim(), details: { role: input.role } });
  });
  const url = `${ctx.publicBaseUrl}/console/invitations/${secret}`;
  if (!ctx.mailer) return { url, mailed: false };
  await ctx.mailer.send({ to: input.email.trim(), ...staffEmail({ kind: 'invitation', language: input.language, url, organisation: school.profile.name, invitedBy: input.invitedBy }) });
  return { url, mailed: true };
}

export interface InvitationView {
  email: string;
  name: string;
  role: Role;
  organisationName: string;
  /** The address already has an account: accepting adds the role to it, no password is chosen. */
  existingAccount: boolean;
}

export async function describeInvitation(ctx: ServiceContext, token: string): Promise<InvitationView> {
  const link = await findUsableStaffLink(ctx.db, sha256Hex(token), 'invitation', ctx.now());
  if (!link?.role || !link.issuer_id) throw new LinkNotUsableError();
  const school = await findIssuerById(ctx.db, link.issuer_id, { kind: 'every-school' });
  const person = await findStaffPersonByEmail(ctx.db, link.email);
  return { email: link.email, name: link.name ?? '', role: link.role, organisationName: school?.profile.name ?? '', existingAccount: person !== undefined };
}

/** Accepts an invitation: the role is given to the address's account, created with the chosen password if new. */
export async function acceptInvitation(ctx: ServiceContext, input: { token: string; name: string; password: string }): Promise<void> {
  const tokenHash = sha256Hex(input.token);
  const pending = await findUsableStaffLink(ctx.db, tokenHash, 'invitation', ctx.now());
  if (!pending) throw new LinkNotUsableError();
  const existing = await findStaffPersonByEmail(ctx.db, pending.email);
  let password_hash: string | undefined;
  if (!existing) {
    if (!input.name.trim()) throw new ValidationError('The name is missing', [{ field: 'name', message: 'a name' }]);
    assertStrongPassword(input.password, pending.email, 'password');
    password_hash = await hashPassword(input.password);
  }
  await ctx.db.transaction().execute(async (trx) => {
    const link = await findUsableStaffLink(trx, tokenHash, 'invitation', ctx.now());
    if (!link?.role || !link.issuer_id) throw new LinkNotUsableError();
    await markStaffLinkUsed(trx, tokenHash, ctx.now());
    const person = (await findStaffPersonByEmail(trx, link.email)) ?? (await insertStaffPerson(trx, { id: randomUUID(), email: link.email, name: input.name.trim(), password_hash: password_hash ?? null }));
    const roles = await listActiveStaffRoles(trx, person.id);
    if (!roles.some((role) => role.role === link.role && role.issuer_id === link.issuer_id)) {
      await grantStaffRole(trx, { person, role: link.role, issuerId: link.issuer_id, academyId: null, grantedBy: link.created_by });
    }
    await appendAuditEvent(trx, { actor: personActor(person), actorName: person.name, action: 'staff.joined', issuerId: link.issuer_id, subjectId: person.id, details: { role: link.role } });
  });
}

/** Ends a person's roles in a school and every session they have, at once. Nobody removes themselves (a school could be left without an admin). */
export async function removePersonFromSchool(ctx: ServiceContext, actor: Actor, input: { issuerId: string; personId: string; removedBy: string }): Promise<void> {
  assertPermitted(actor, 'manage');
  const school = await schoolWithin(ctx, actor, input.issuerId);
  if (input.personId === input.removedBy) throw new ConflictError('You cannot remove yourself: ask another admin', 'personId');
  await ctx.db.transaction().execute(async (trx) => {
    const removed = await revokeStaffRolesInSchool(trx, input.personId, school.id, ctx.now());
    if (removed === 0) throw new NotFoundError(`Person ${input.personId} in this school`, 'personId');
    await endSessionsOfPerson(trx, input.personId, ctx.now());
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'staff.removed', issuerId: school.id, subjectId: input.personId });
  });
}
