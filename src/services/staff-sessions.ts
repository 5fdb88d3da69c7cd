import { randomBytes } from 'node:crypto';
import { newSecret, sha256Hex } from '../domain/hash.js';
import type { Db } from '../storage/database.js';
import {
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  endStaffSession,
  endStaffSessionsOfPerson,
  findOpenStaffSession,
  insertStaffSession,
  updateStaffSession,
  type StaffSessionRow,
} from '../storage/staff-repository.js';
export { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS };
import type { ServiceContext } from './context.js';

/**
 * Console sessions live in the database (they survive a restart and are shared by every instance); the
 * browser holds only a random token, stored hashed. A visitor gets one too before signing in, so that every
 * form, the sign-in form included, carries the session's CSRF token (a synchronizer token).
 */
/** last_seen_at is written at most once a minute per session: enough for a 30-minute idle timeout. */
const TOUCH_RESOLUTION_MS = 60_000;

export interface StaffSession {
  tokenHash: string;
  csrfToken: string;
  personId: string | null;
  secondFactorDue: boolean;
  currentRoleId: string | null;
  currentIssuerId: string | null;
}

function toSession(row: StaffSessionRow): StaffSession {
  return {
    tokenHash: row.token_hash,
    csrfToken: row.csrf_token,
    personId: row.person_id,
    secondFactorDue: row.second_factor_due,
    currentRoleId: row.current_role_id,
    currentIssuerId: row.current_issuer_id,
  };
}

async function insertSession(db: Db, options: { personId: string | null; secondFactorDue: boolean; now: Date }): Promise<{ token: string; session: StaffSession }> {
  const { secret, hash } = newSecret();
  const row = await insertStaffSession(db, {
    token_hash: hash,
    person_id: options.personId,
    csrf_token: randomBytes(24).toString('base64url'),
    second_factor_due: options.secondFactorDue,
    created_at: options.now,
    last_seen_at: options.now,
  });
  return { token: secret, session: toSession(row) };
}

export function openVisitorSession(ctx: ServiceContext): Promise<{ token: string; session: StaffSession }> {
  return insertSession(ctx.db, { personId: null, secondFactorDue: false, now: ctx.now() });
}

/** The open session of a token, or undefined when there is none, it ended, or it timed out (then it is ended). */
export async function resumeSession(ctx: ServiceContext, token: string): Promise<StaffSession | undefined> {
  const tokenHash = sha256Hex(token);
  const row = await findOpenStaffSession(ctx.db, tokenHash);
  if (!row) return undefined;
  const now = ctx.now();
  if (now.getTime() - row.last_seen_at.getTime() > SESSION_IDLE_MS || now.getTime() - row.created_at.getTime() > SESSION_ABSOLUTE_MS) {
    await endStaffSession(ctx.db, tokenHash, now);
    return undefined;
  }
  if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_RESOLUTION_MS) await updateStaffSession(ctx.db, tokenHash, { last_seen_at: now });
  return toSession(row);
}

/**
 * Signing in (or past the second factor) replaces the session with a new token: a token someone planted or
 * saw before sign-in is worth nothing after it.
 */
export async function startPersonSession(
  ctx: ServiceContext,
  options: { previous: StaffSession | undefined; personId: string; secondFactorDue: boolean },
): Promise<{ token: string; session: StaffSession }> {
  return ctx.db.transaction().execute(async (trx) => {
    if (options.previous) await endStaffSession(trx, options.previous.tokenHash, ctx.now());
    return insertSession(trx, { personId: options.personId, secondFactorDue: options.secondFactorDue, now: ctx.now() });
  });
}

export async function endSession(ctx: ServiceContext, session: StaffSession): Promise<void> {
  await endStaffSession(ctx.db, session.tokenHash, ctx.now());
}

export async function endSessionsOfPerson(db: Db, personId: string, at: Date): Promise<void> {
  await endStaffSessionsOfPerson(db, personId, at);
}

export async function chooseSessionRole(ctx: ServiceContext, session: StaffSession, choice: { roleId: string; issuerId: string | null }): Promise<void> {
  await updateStaffSession(ctx.db, session.tokenHash, { current_role_id: choice.roleId, current_issuer_id: choice.issuerId });
}
