import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { openVisitorSession, resumeSession, type StaffSession } from '../../services/staff-sessions.js';
import { loadStaffContext, type StaffContext } from '../../services/staff-roles.js';
import { CsrfTokenInvalidError } from '../../errors.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** The console session of the request's cookie, when it is open (a visitor's or a person's). */
    staffSession?: StaffSession;
    /** The signed-in person, their role in use and the school looked at: set by requireStaff. */
    staff?: StaffContext;
  }
}

/**
 * The session cookie: HttpOnly, SameSite=Lax, and Secure with the __Host- prefix (bound to this host, path
 * /), except when the service's public URL is plain http on localhost (development and the browser tests):
 * a Secure cookie would then never come back. Any other http deployment still gets Secure cookies, so that a
 * session is never sent in clear over a network.
 */
export interface SessionCookie {
  name: string;
  secure: boolean;
}

export function sessionCookieFor(publicBaseUrl: string, name = 'mobicred_console'): SessionCookie {
  const url = new URL(publicBaseUrl);
  const plainLocal = url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return plainLocal ? { name, secure: false } : { name: `__Host-${name}`, secure: true };
}

export function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.get('Cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** The browser keeps the cookie for the browser session only: the server's idle and absolute timeouts end it. */
export function setSessionCookie(res: Response, cookie: SessionCookie, token: string): void {
  res.cookie(cookie.name, token, { httpOnly: true, secure: cookie.secure, sameSite: 'lax', path: '/' });
}

export function clearSessionCookie(res: Response, cookie: SessionCookie): void {
  res.clearCookie(cookie.name, { httpOnly: true, secure: cookie.secure, sameSite: 'lax', path: '/' });
}

/** Reads the console session of the cookie, if it is open. */
export function consoleSession(ctx: ServiceContext, cookie: SessionCookie): RequestHandler {
  return async (req, _res, next) => {
    const token = cookieValue(req, cookie.name);
    if (token && /^[A-Za-z0-9_-]{20,100}$/.test(token)) {
      const session = await resumeSession(ctx, token);
      if (session) req.staffSession = session;
    }
    next();
  };
}

/** A form page for someone maybe not signed in: opens a visitor session (for its CSRF token) when there is none. */
export async function ensureSession(ctx: ServiceContext, cookie: SessionCookie, req: Request, res: Response): Promise<StaffSession> {
  if (req.staffSession) return req.staffSession;
  const { token, session } = await openVisitorSession(ctx);
  setSessionCookie(res, cookie, token);
  req.staffSession = session;
  return session;
}

/**
 * Console pages for people signed in: sets req.staff (person, role in use, school looked at, actor). Anyone
 * else is sent to the sign-in page (a GET, to come back afterwards) or refused.
 */
export function requireStaff(ctx: ServiceContext): RequestHandler {
  return async (req, res, next) => {
    const staff = req.staffSession && (await loadStaffContext(ctx, req.staffSession));
    if (staff) {
      req.staff = staff;
      next();
      return;
    }
    if (req.staffSession?.secondFactorDue) return void res.redirect(303, '/console/second-factor');
    const back = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
    res.redirect(303, `/console/sign-in${back}`);
  };
}

/** The signed-in person of a request behind requireStaff. */
export function staffOf(req: Request): StaffContext {
  if (!req.staff) throw new Error('staffOf: the route is not behind requireStaff');
  return req.staff;
}

/**
 * Every console form posts its session's CSRF token as `_csrf` (a synchronizer token): a form another site
 * makes a browser send carries none, or not this session's. Run after the form body is parsed.
 */
export const requireCsrfToken: RequestHandler = (req, _res, next) => {
  if (!csrfTokenMatches(req.staffSession?.csrfToken, req.body?._csrf)) throw new CsrfTokenInvalidError();
  next();
};

/** Whether a form's `_csrf` is the session's token (compared in constant time). */
export function csrfTokenMatches(expected: string | undefined, sent: unknown): boolean {
  if (expected === undefined || typeof sent !== 'string') return false;
  const [given, wanted] = [Buffer.from(sent), Buffer.from(expected)];
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
