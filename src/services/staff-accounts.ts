import { randomBytes, randomUUID } from 'node:crypto';
import { newSecret, sha256Hex } from '../domain/hash.js';
import { matchTotp } from '../domain/totp.js';
import { LinkNotUsableError, SignInRefusedError, TooManySignInAttemptsError, ValidationError } from '../errors.js';
import { openPrivateKey, sealPrivateKey } from '../keys/key-encryption.js';
import type { Db } from '../storage/database.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import {
  claimTotpStep,
  clearSignInFailures,
  countSignInFailures,
  findStaffPersonByEmail,
  findStaffPersonById,
  findUsableStaffLink,
  insertStaffLink,
  insertStaffPerson,
  listActiveStaffRoles,
  markStaffLinkUsed,
  recordSignInFailures,
  SIGN_IN_WINDOW_MS,
  updateStaffPerson,
  type StaffPersonRow,
} from '../storage/staff-repository.js';
import type { ServiceContext } from './context.js';
import { decoyPasswordHash, generatePassword, hashPassword, passwordWeakness, verifyPassword, type PasswordWeakness } from './staff-passwords.js';
import { grantStaffRole } from './staff-roles.js';
import { endSessionsOfPerson } from './staff-sessions.js';
import { staffEmail, type StaffEmailLanguage } from '../notifications/staff-email.js';

/** Refused sign-ins counted over this window: past the limit for the account or the address, sign-in waits. */
export const SIGN_IN_FAILURES_PER_ACCOUNT = 5;
export const SIGN_IN_FAILURES_PER_ADDRESS = 20;
const RESET_LINK_LIFETIME_MS = 60 * 60_000;

/** A new password is checked before anything is stored; the field is named for the form's error summary. */
export class WeakPasswordError extends ValidationError {
  constructor(readonly weakness: PasswordWeakness, field: string) {
    super(`The password is refused: ${weakness}`, [{ field, message: weakness }]);
  }
}

export function assertStrongPassword(password: string, email: string, field: string): void {
  const weakness = passwordWeakness(password, email);
  if (weakness) throw new WeakPasswordError(weakness, field);
}

export const personActor = (person: { id: string }) => `person:${person.id}`;

/**
 * Email and password. Past the limit of refused attempts for the account or the address, the answer is 429
 * without checking the password (a guesser learns nothing more); an unknown address costs the same time as
 * a wrong password. Returns the person, and whether their TOTP code is still to be asked.
 */
export async function signInWithPassword(
  ctx: ServiceContext,
  input: { email: string; password: string; clientAddress: string },
): Promise<{ person: StaffPersonRow; secondFactorDue: boolean }> {
  const account = `account:${input.email.trim().toLowerCase()}`;
  const address = `address:${input.clientAddress}`;
  const since = new Date(ctx.now().getTime() - SIGN_IN_WINDOW_MS);
  if (
    (await countSignInFailures(ctx.db, account, since)) >= SIGN_IN_FAILURES_PER_ACCOUNT ||
    (await countSignInFailures(ctx.db, address, since)) >= SIGN_IN_FAILURES_PER_ADDRESS
  ) {
    throw new TooManySignInAttemptsError(SIGN_IN_WINDOW_MS / 1000);
  }
  const person = await findStaffPersonByEmail(ctx.db, input.email.trim());
  const usable = person && !person.removed_at && person.password_hash ? person : undefined;
  const matches = await verifyPassword(input.password, usable?.password_hash ?? (await decoyPasswordHash()));
  if (!usable || !matches || (await listActiveStaffRoles(ctx.db, usable.id)).length === 0) {
    await recordSignInFailures(ctx.db, [account, address], ctx.now());
    if (person) await appendAuditEvent(ctx.db, { actor: personActor(person), actorName: person.name, action: 'staff.sign-in-refused', issuerId: null, subjectId: person.id });
    throw new SignInRefusedError();
  }
  await clearSignInFailures(ctx.db, account);
  const secondFactorDue = usable.totp_enabled_at !== null;
  if (!secondFactorDue) await recordSignIn(ctx.db, usable, 'password');
  return { person: usable, secondFactorDue };
}

export async function recordSignIn(db: Db, person: { id: string; name: string }, method: 'password' | 'password+totp' | 'sso'): Promise<void> {
  await appendAuditEvent(db, { actor: personActor(person), actorName: person.name, action: 'staff.signed-in', issuerId: null, subjectId: person.id, details: { method } });
}

export async function recordSignOut(db: Db, personId: string): Promise<void> {
  const person = await findStaffPersonById(db, personId);
  if (person) await appendAuditEvent(db, { actor: personActor(person), actorName: person.name, action: 'staff.signed-out', issuerId: null, subjectId: person.id });
}

/** The TOTP key of a person, opened from its seal (bound to the person, so a sealed key cannot be moved to another). */
function totpKeyOf(ctx: ServiceContext, person: StaffPersonRow): Buffer | undefined {
  return person.totp_secret ? openPrivateKey({ keyEncryptionKey: ctx.staffSecretsKey, sealed: person.totp_secret, boundTo: `totp:${person.id}` }) : undefined;
}

/** The second step of a sign-in: a code of the person's TOTP key, each time step accepted once. Counted like a password. */
export async function verifySecondFactor(ctx: ServiceContext, input: { personId: string; code: string; clientAddress: string }): Promise<StaffPersonRow> {
  const person = await findStaffPersonById(ctx.db, input.personId);
  const key = person && totpKeyOf(ctx, person);
  const account = `account:${person?.email.toLowerCase()}`;
  const since = new Date(ctx.now().getTime() - SIGN_IN_WINDOW_MS);
  if (!person || !key || person.removed_at) throw new SignInRefusedError('No second factor is set up', 'code');
  if ((await countSignInFailures(ctx.db, account, since)) >= SIGN_IN_FAILURES_PER_ACCOUNT) throw new TooManySignInAttemptsError(SIGN_IN_WINDOW_MS / 1000);
  const step = matchTotp({ key, code: input.code.replace(/\s/g, ''), at: ctx.now() });
  if (step === undefined || !(await claimTotpStep(ctx.db, person.id, step))) {
    await recordSignInFailures(ctx.db, [account, `address:${input.clientAddress}`], ctx.now());
    throw new SignInRefusedError('This code is not valid', 'code');
  }
  await recordSignIn(ctx.db, person, 'password+totp');
  return person;
}

/** A new TOTP key for the person, stored sealed but not in force until a code made with it is entered. */
export async function beginTotpSetup(ctx: ServiceContext, personId: string): Promise<Buffer> {
  const key = randomBytes(20);
  await updateStaffPerson(ctx.db, personId, {
    totp_secret: sealPrivateKey({ keyEncryptionKey: ctx.staffSecretsKey, plaintext: key, boundTo: `totp:${personId}` }),
    totp_enabled_at: null,
    totp_last_step: null,
  });
  return key;
}

/** The pending key, to show again (the QR code) while the person has not confirmed it. */
export async function pendingTotpKey(ctx: ServiceContext, personId: string): Promise<Buffer | undefined> {
  const person = await findStaffPersonById(ctx.db, personId);
  return person && !person.totp_enabled_at ? totpKeyOf(ctx, person) : undefined;
}

export async function confirmTotpSetup(ctx: ServiceContext, input: { personId: string; code: string }): Promise<void> {
  const person = await findStaffPersonById(ctx.db, input.personId);
  const key = person && totpKeyOf(ctx, person);
  const step = key && matchTotp({ key, code: input.code.replace(/\s/g, ''), at: ctx.now() });
  if (!person || step === undefined || !(await claimTotpStep(ctx.db, person.id, step))) throw new SignInRefusedError('This code is not valid', 'code');
  await updateStaffPerson(ctx.db, person.id, { totp_enabled_at: ctx.now() });
  await appendAuditEvent(ctx.db, { actor: personActor(person), actorName: person.name, action: 'staff.totp-enabled', issuerId: null, subjectId: person.id });
}

/**
 * Emails a password-reset link when the address has an account; the answer is the same either way (nobody
 * learns which addresses have one). Without a mail server there is nothing to send: the person asks an admin.
 */
export async function requestPasswordReset(ctx: ServiceContext, input: { email: string; language: StaffEmailLanguage }): Promise<void> {
  const person = await findStaffPersonByEmail(ctx.db, input.email.trim());
  if (!person || person.removed_at || !ctx.mailer) return;
  const { secret, hash } = newSecret();
  await insertStaffLink(ctx.db, {
    token_hash: hash,
    kind: 'password-reset',
    email: person.email,
    person_id: person.id,
    expires_at: new Date(ctx.now().getTime() + RESET_LINK_LIFETIME_MS),
  });
  await appendAuditEvent(ctx.db, { actor: personActor(person), actorName: person.name, action: 'staff.password-reset-requested', issuerId: null, subjectId: person.id });
  await ctx.mailer.send({ to: person.email, ...staffEmail({ kind: 'password-reset', language: input.language, url: `${ctx.publicBaseUrl}/console/reset/${secret}` }) });
}

export async function assertResetLinkUsable(ctx: ServiceContext, token: string): Promise<void> {
  if (!(await findUsableStaffLink(ctx.db, sha256Hex(token), 'password-reset', ctx.now()))) throw new LinkNotUsableError();
}

/** Sets the new password and ends every session of the person (a thief signed in with the old one is out). */
export async function resetPassword(ctx: ServiceContext, input: { token: string; password: string }): Promise<void> {
  const tokenHash = sha256Hex(input.token);
  const pending = await findUsableStaffLink(ctx.db, tokenHash, 'password-reset', ctx.now());
  if (!pending?.person_id) throw new LinkNotUsableError();
  assertStrongPassword(input.password, pending.email, 'password');
  const password_hash = await hashPassword(input.password);
  await ctx.db.transaction().execute(async (trx) => {
    // Taken again, locked: the same link sent twice at once resets once.
    const link = await findUsableStaffLink(trx, tokenHash, 'password-reset', ctx.now());
    if (!link?.person_id) throw new LinkNotUsableError();
    await markStaffLinkUsed(trx, link.token_hash, ctx.now());
    const person = await updateStaffPerson(trx, link.person_id, { password_hash });
    await endSessionsOfPerson(trx, person.id, ctx.now());
    await appendAuditEvent(trx, { actor: personActor(person), actorName: person.name, action: 'staff.password-reset', issuerId: null, subjectId: person.id });
  });
}

/**
 * Makes sure a person can administer the platform from the console. At the first start (no console
 * platform admin yet) one is created with a generated password, returned to be printed once, as the first
 * admin API key is. `replacePassword` (the command line) also gives an existing person a new one.
 */
export async function ensureConsoleAdmin(
  db: Db,
  options: { email: string; name: string; replacePassword?: boolean },
): Promise<{ email: string; password: string } | undefined> {
  return db.transaction().execute(async (trx) => {
    const existing = await findStaffPersonByEmail(trx, options.email);
    if (!options.replacePassword) {
      const anyAdmin = await trx
        .selectFrom('staff_roles')
        .innerJoin('api_keys', 'api_keys.id', 'staff_roles.api_key_id')
        .select('staff_roles.id')
        .where('api_keys.role', '=', 'platform-admin')
        .where('api_keys.revoked_at', 'is', null)
        .executeTakeFirst();
      if (anyAdmin) return undefined;
    }
    const password = generatePassword();
    const password_hash = await hashPassword(password);
    const person = existing
      ? await updateStaffPerson(trx, existing.id, { password_hash, removed_at: null })
      : await insertStaffPerson(trx, { id: randomUUID(), email: options.email, name: options.name, password_hash });
    const roles = await listActiveStaffRoles(trx, person.id);
    if (!roles.some((role) => role.role === 'platform-admin')) {
      await grantStaffRole(trx, { person, role: 'platform-admin', issuerId: null, academyId: null, grantedBy: null });
    }
    await endSessionsOfPerson(trx, person.id, new Date());
    await appendAuditEvent(trx, { actor: 'command-line', actorName: 'mobicred (start-up or command line)', action: 'staff.platform-admin-created', issuerId: null, subjectId: person.id });
    return { email: person.email, password };
  });
}
