import express, { Router, type ErrorRequestHandler, type Request } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { AppError } from '../../errors.js';
import { sendPage } from '../page-responses.js';
import { consoleSession, requireStaff, sessionCookieFor, staffOf } from './session.js';
import { consoleLanguage } from './layout.js';
import { renderConsoleErrorPage, renderHomePage } from './account-pages.js';
import { accountRoutes } from './account-routes.js';
import { peopleRoutes } from './people-routes.js';
import { workHome, workRoutes } from './work-routes.js';
import { CONSOLE_MESSAGES, type ConsoleMessages } from './messages.js';

/** Console forms are small: a few fields each. */
export const CONSOLE_FORM_LIMIT = '64kb';

/**
 * The school console at /console: server-rendered pages over the same services as the API. Every request
 * reads its session (requireStaff guards the pages of people signed in), every form is CSRF-checked by its
 * route, and an error a person can act on is a page in their language (problem+json for other clients).
 */
export function consoleRoutes(ctx: ServiceContext, options: { onBatchCreated: () => void }): Router {
  const cookie = sessionCookieFor(ctx.publicBaseUrl);
  const router = Router();
  router.use('/console', consoleSession(ctx, cookie), express.urlencoded({ extended: false, limit: CONSOLE_FORM_LIMIT }));
  router.use(accountRoutes(ctx, cookie));
  router.get('/console', requireStaff(ctx), async (req, res) => {
    sendPage(res, renderHomePage({ language: consoleLanguage(req, res), path: req.originalUrl, staff: staffOf(req), work: await workHome(ctx, req, res) }));
  });
  router.use(peopleRoutes(ctx));
  router.use(workRoutes(ctx, options));
  router.use('/console', consoleErrorPages);
  return router;
}

/** A browser gets the error as a console page with the error's status; any other client, problem+json (by the app's handler). */
const consoleErrorPages: ErrorRequestHandler = (error, req: Request, res, next) => {
  if (!(error instanceof AppError) || req.accepts(['application/problem+json', 'text/html']) !== 'text/html') return next(error);
  const language = consoleLanguage(req, res);
  if (error.retryAfterSeconds !== undefined) res.set('Retry-After', String(error.retryAfterSeconds));
  const message = problemMessage(CONSOLE_MESSAGES[language], error);
  sendPage(res, renderConsoleErrorPage({ language, path: req.originalUrl, message, ...(req.staff ? { staff: req.staff } : {}) }), error.status);
};

/** An error in the page's language (the problem's own detail is English, for programs), by its code. */
const PROBLEM_MESSAGES: Record<string, (m: ConsoleMessages) => string> = {
  'csrf-token-invalid': (m) => m.formExpired,
  'link-not-usable': (m) => m.reset.linkNotUsable,
  'too-many-requests': (m) => m.signIn.tooManyAttempts,
  forbidden: (m) => m.problems.forbidden,
  'not-found': (m) => m.problems.notFound,
};

export function problemMessage(m: ConsoleMessages, error: AppError): string {
  return (Object.hasOwn(PROBLEM_MESSAGES, error.code) ? PROBLEM_MESSAGES[error.code]! : (messages: ConsoleMessages) => messages.problems.other)(m);
}
