import { randomUUID } from 'node:crypto';
import { newSecret, sha256Hex } from '../domain/hash.js';
import { LinkNotUsableError, ValidationError } from '../errors.js';
import { learnerEmail, type LearnerEmailLanguage } from '../notifications/learner-email.js';
import { sendAfterAnswer } from '../notifications/mailer.js';
import {
  countLearnerLinksSince,
  credentialsIssuedTo,
  findLearnerIdByEmail,
  findOrCreateLearner,
  findUsableLearnerLink,
  insertLearnerLink,
  markLearnerLinkUsed,
} from '../storage/learners-repository.js';
import type { ClaimState } from './claims.js';
import type { ServiceContext } from './context.js';
import { startLearnerSession, type LearnerSession } from './learner-sessions.js';

/** A sign-in link serves once, for this long. */
export const SIGN_IN_LINK_MINUTES = 30;
/** At most this many sign-in links are sent to one address over the window; more asks are answered the same, and send nothing. */
export const SIGN_IN_LINKS_PER_ADDRESS = 3;
export const SIGN_IN_LINK_WINDOW_MS = 15 * 60_000;

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const EMAIL_MAX_LENGTH = 254;

/** An address as learners are keyed by it (trimmed, lower-cased), or a 400 naming the field. */
export function normaliseLearnerEmail(email: string, field = 'email'): string {
  const normalised = email.trim().toLowerCase();
  if (!EMAIL.test(normalised) || normalised.length > EMAIL_MAX_LENGTH) throw new ValidationError('Enter an email address', [{ field, message: 'an email address' }]);
  return normalised;
}

/**
 * Emails a one-time sign-in link to an address that credentials were issued to (or that a learner verified).
 * The caller answers the same whatever happens here: nobody learns which addresses received credentials.
 * Without a mail server there is nothing to send (the claim link, which signs in too, still works).
 */
export async function requestSignInLink(ctx: ServiceContext, input: { email: string; nextPath: string | null; language: LearnerEmailLanguage }): Promise<void> {
  const email = normaliseLearnerEmail(input.email);
  if (!ctx.mailer) return;
  const since = new Date(ctx.now().getTime() - SIGN_IN_LINK_WINDOW_MS);
  if ((await countLearnerLinksSince(ctx.db, { email, purpose: 'sign-in', since })) >= SIGN_IN_LINKS_PER_ADDRESS) return;
  if (!(await credentialsIssuedTo(ctx.db, email)) && !(await findLearnerIdByEmail(ctx.db, email))) return;
  const { secret, hash } = newSecret();
  await insertLearnerLink(ctx.db, {
    token_hash: hash,
    purpose: 'sign-in',
    email,
    learner_id: null,
    next_path: input.nextPath,
    expires_at: new Date(ctx.now().getTime() + SIGN_IN_LINK_MINUTES * 60_000),
    created_at: ctx.now(),
  });
  const message = learnerEmail({ kind: 'sign-in', language: input.language, url: ctx.publicUrls.learnerLink('sign-in', secret), validMinutes: SIGN_IN_LINK_MINUTES });
  sendAfterAnswer(ctx.mailer, { to: email, ...message }, 'learner sign-in link');
}

/** Whether a sign-in link can still be used (its page offers the button), or a 410. */
export async function assertSignInLinkUsable(ctx: ServiceContext, token: string): Promise<void> {
  if (!(await findUsableLearnerLink(ctx.db, { tokenHash: sha256Hex(token), purpose: 'sign-in', now: ctx.now() }))) throw new LinkNotUsableError();
}

/**
 * Uses a sign-in link, once: the learner of its address (made at the first sign-in) gets a new session.
 * Returns the session's token and where the link was to lead.
 */
export async function signInWithLink(ctx: ServiceContext, input: { token: string; previous: LearnerSession | undefined }): Promise<{ token: string; nextPath: string | null }> {
  return ctx.db.transaction().execute(async (trx) => {
    // Taken locked: the same link posted twice at once signs in once.
    const link = await findUsableLearnerLink(trx, { tokenHash: sha256Hex(input.token), purpose: 'sign-in', now: ctx.now(), forUpdate: true });
    if (!link) throw new LinkNotUsableError();
    await markLearnerLinkUsed(trx, link.token_hash, ctx.now());
    const learnerId = await findOrCreateLearner(trx, { id: randomUUID(), email: link.email, now: ctx.now() });
    const { token } = await startLearnerSession(trx, { previous: input.previous, learnerId, now: ctx.now() });
    return { token, nextPath: link.next_path };
  });
}

/**
 * Claiming signs the learner in, once, at the claim itself, only with a link mobicred emailed to the
 * credential's address and never handed to the school: holding that link proves the address, as a sign-in
 * link does. A link the school was given (as a URL) proves nothing about the address: it signs no one in.
 */
export async function signInAtClaim(
  ctx: ServiceContext,
  input: { claim: ClaimState; claimedNow: boolean; previous: LearnerSession | undefined },
): Promise<{ token: string } | undefined> {
  if (!input.claimedNow || !input.claim.link.emailed_only) return undefined;
  const email = input.claim.credential.recipient_email.trim().toLowerCase();
  return ctx.db.transaction().execute(async (trx) => {
    const learnerId = await findOrCreateLearner(trx, { id: randomUUID(), email, now: ctx.now() });
    return startLearnerSession(trx, { previous: input.previous, learnerId, now: ctx.now() });
  });
}
