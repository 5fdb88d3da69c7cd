import { randomBytes } from 'node:crypto';
import { newSecret, sha256Hex } from '../domain/hash.js';
import type { Db } from '../storage/database.js';
import {
  LEARNER_SESSION_ABSOLUTE_MS,
  LEARNER_SESSION_IDLE_MS,
  endLearnerSession,
  findOpenLearnerSession,
  insertLearnerSession,
  touchLearnerSession,
  type LearnerSessionRow,
} from '../storage/learners-repository.js';
import type { ServiceContext } from './context.js';

/**
 * Learner sessions work as the console's (services/staff-sessions.ts): in the database, the browser holding
 * a random token stored hashed, a visitor session before sign-in so that every form carries a CSRF token,
 * idle and absolute timeouts, and a new token at sign-in.
 */
const TOUCH_RESOLUTION_MS = 60_000;

export interface LearnerSession {
  tokenHash: string;
  csrfToken: string;
  /** Null for a visitor who has not signed in. */
  learnerId: string | null;
}

const toSession = (row: LearnerSessionRow): LearnerSession => ({ tokenHash: row.token_hash, csrfToken: row.csrf_token, learnerId: row.learner_id });

async function insertSession(db: Db, learnerId: string | null, now: Date): Promise<{ token: string; session: LearnerSession }> {
  const { secret, hash } = newSecret();
  const row = await insertLearnerSession(db, { token_hash: hash, learner_id: learnerId, csrf_token: randomBytes(24).toString('base64url'), created_at: now, last_seen_at: now });
  return { token: secret, session: toSession(row) };
}

export function openLearnerVisitorSession(ctx: ServiceContext): Promise<{ token: string; session: LearnerSession }> {
  return insertSession(ctx.db, null, ctx.now());
}

/** The open session of a token, or undefined when there is none, it ended, or it timed out (then it is ended). */
export async function resumeLearnerSession(ctx: ServiceContext, token: string): Promise<LearnerSession | undefined> {
  const tokenHash = sha256Hex(token);
  const row = await findOpenLearnerSession(ctx.db, tokenHash);
  if (!row) return undefined;
  const now = ctx.now().getTime();
  if (now - row.last_seen_at.getTime() > LEARNER_SESSION_IDLE_MS || now - row.created_at.getTime() > LEARNER_SESSION_ABSOLUTE_MS) {
    await endLearnerSession(ctx.db, tokenHash, ctx.now());
    return undefined;
  }
  if (now - row.last_seen_at.getTime() >= TOUCH_RESOLUTION_MS) await touchLearnerSession(ctx.db, tokenHash, ctx.now());
  return toSession(row);
}

/** Signing in replaces the session (ended) with a new token: one planted or seen before is worth nothing after. */
export async function startLearnerSession(db: Db, options: { previous: LearnerSession | undefined; learnerId: string; now: Date }): Promise<{ token: string; session: LearnerSession }> {
  if (options.previous) await endLearnerSession(db, options.previous.tokenHash, options.now);
  return insertSession(db, options.learnerId, options.now);
}

export async function endLearnerSessionOf(ctx: ServiceContext, session: LearnerSession): Promise<void> {
  await endLearnerSession(ctx.db, session.tokenHash, ctx.now());
}
