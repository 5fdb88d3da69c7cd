import type { Request, RequestHandler, Response } from 'express';
import { CsrfTokenInvalidError } from '../../errors.js';
import type { ServiceContext } from '../../services/context.js';
import { listLearnerAddresses } from '../../services/learner-space.js';
import { openLearnerVisitorSession, resumeLearnerSession, type LearnerSession } from '../../services/learner-sessions.js';
import { clearSessionCookie, cookieValue, csrfTokenMatches, sessionCookieFor, setSessionCookie, type SessionCookie } from '../console/session.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** The learner session of the request's cookie, once read (a visitor's or a learner's). */
    learnerSession?: LearnerSession;
  }
}

/**
 * The learner space's session, for /me and for any page that needs the learner signed in (the Open Badges
 * API's consent page):
 *
 * - `learnerFrom(ctx, req)` → `{ learnerId, emails, csrfToken }` when the request carries the cookie of an open,
 *   signed-in learner session, else undefined. `emails` are the learner's verified addresses (lower-cased),
 *   the ones credentials are found by. A form the learner posts carries `csrfToken` as `_csrf`; check it
 *   with `learnerCsrfMatches(learner, req.body._csrf)`.
 * - `signInPath(next)` → the path of the sign-in page that, once the learner is signed in, leads to `next`.
 *   Only a path of this site under /me or /ims/ob/v3p0/ is kept (anything else leads to /me): never an open redirect.
 *
 * The cookie is HttpOnly, SameSite=Lax, Secure with the __Host- prefix (as the console's: see
 * console/session.ts); the session lives in the database with idle and absolute timeouts.
 */
export interface SignedInLearner {
  learnerId: string;
  emails: string[];
  csrfToken: string;
}

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

export function learnerCookie(ctx: ServiceContext): SessionCookie {
  return sessionCookieFor(ctx.publicBaseUrl, 'mobicred_me');
}

async function sessionOf(ctx: ServiceContext, req: Request): Promise<LearnerSession | undefined> {
  if (req.learnerSession) return req.learnerSession;
  const token = cookieValue(req, learnerCookie(ctx).name);
  const session = token && TOKEN.test(token) ? await resumeLearnerSession(ctx, token) : undefined;
  if (session) req.learnerSession = session;
  return session;
}

export async function learnerFrom(ctx: ServiceContext, req: Request): Promise<SignedInLearner | undefined> {
  const session = await sessionOf(ctx, req);
  if (!session?.learnerId) return undefined;
  return { learnerId: session.learnerId, emails: await listLearnerAddresses(ctx, session.learnerId), csrfToken: session.csrfToken };
}

export function learnerCsrfMatches(learner: Pick<SignedInLearner, 'csrfToken'>, sent: unknown): boolean {
  return csrfTokenMatches(learner.csrfToken, sent);
}

/** Where to go after signing in: a path of this site under /me or the Open Badges API, else /me. */
export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000 || /[\u0000-\u001f\\]/.test(value) || !value.startsWith('/') || value.startsWith('//')) return '/me';
  const base = 'http://next.invalid';
  const url = new URL(value, base);
  // Resolved, so that /me/../console is judged by where it leads.
  if (url.origin !== base || !/^\/(me(\/|$)|ims\/ob\/v3p0\/)/.test(url.pathname)) return '/me';
  return url.pathname + url.search;
}

export function signInPath(next: string): string {
  const safe = safeNextPath(next);
  return safe === '/me' ? '/me/sign-in' : `/me/sign-in?next=${encodeURIComponent(safe)}`;
}

/** Reads the learner session of the cookie, if it is open. */
export function learnerSession(ctx: ServiceContext): RequestHandler {
  return async (req, _res, next) => {
    await sessionOf(ctx, req);
    next();
  };
}

/** A form page for someone maybe not signed in: opens a visitor session (for its CSRF token) when there is none. */
export async function ensureLearnerSession(ctx: ServiceContext, req: Request, res: Response): Promise<LearnerSession> {
  const open = await sessionOf(ctx, req);
  if (open) return open;
  const { token, session } = await openLearnerVisitorSession(ctx);
  setSessionCookie(res, learnerCookie(ctx), token);
  req.learnerSession = session;
  return session;
}

/** After sign-in: the new session's cookie. */
export function setLearnerCookie(ctx: ServiceContext, res: Response, token: string): void {
  setSessionCookie(res, learnerCookie(ctx), token);
}

export function clearLearnerCookie(ctx: ServiceContext, res: Response): void {
  clearSessionCookie(res, learnerCookie(ctx));
}

/** Pages of the signed-in learner: anyone else is sent to sign in (a GET, to come back afterwards). */
export const requireLearner: RequestHandler = (req, res, next) => {
  if (req.learnerSession?.learnerId) return next();
  res.redirect(303, req.method === 'GET' ? signInPath(req.originalUrl) : '/me/sign-in');
};

/** The signed-in learner of a request behind requireLearner. */
export function learnerIdOf(req: Request): string {
  const learnerId = req.learnerSession?.learnerId;
  if (!learnerId) throw new Error('learnerIdOf: the route is not behind requireLearner');
  return learnerId;
}

/** Every learner form posts its session's CSRF token as `_csrf`. Run after the form body is parsed. */
export const requireLearnerCsrf: RequestHandler = (req, _res, next) => {
  if (!csrfTokenMatches(req.learnerSession?.csrfToken, req.body?._csrf)) throw new CsrfTokenInvalidError();
  next();
};
