import express, { Router, type ErrorRequestHandler, type Request } from 'express';
import { AppError, LinkNotUsableError, ValidationError } from '../../errors.js';
import type { ServiceContext } from '../../services/context.js';
import { endLearnerSessionOf } from '../../services/learner-sessions.js';
import { assertSignInLinkUsable, requestSignInLink, signInWithLink } from '../../services/learner-sign-in.js';
import { tokenParam } from '../params.js';
import { html } from '../views/html.js';
import { learnerHref, learnerLanguage, sendLearnerPage } from './layout.js';
import { LEARNER_MESSAGES, type LearnerMessages } from './messages.js';
import {
  clearLearnerCookie,
  ensureLearnerSession,
  learnerSession,
  requireLearnerCsrf,
  safeNextPath,
  setLearnerCookie,
} from './session.js';
import { signInPage, signInLinkPage } from './sign-in-pages.js';
import { spaceRoutes } from './space-routes.js';

const FORM_LIMIT = '16kb';

const field = (req: Request, name: string): string => (typeof req.body?.[name] === 'string' ? req.body[name] : '');

/**
 * The learner space at /me: signing in with an emailed one-time link, then the learner's own pages. Every
 * request reads its session; every form is CSRF-checked; an error is a page in the learner's language
 * (problem+json for other clients).
 */
export function learnerRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.use('/me', learnerSession(ctx), express.urlencoded({ extended: false, limit: FORM_LIMIT }));

  router.get('/me/sign-in', async (req, res) => {
    const language = learnerLanguage(req, res);
    const session = await ensureLearnerSession(ctx, req, res);
    const next = safeNextPath(req.query.next);
    const notice = req.query.done === 'signed-out' ? LEARNER_MESSAGES[language].signedOut : undefined;
    sendLearnerPage(res, signInPage({ language, path: req.originalUrl, csrfToken: session.csrfToken, ...(next === '/me' ? {} : { next }), ...(notice ? { notice } : {}) }));
  });

  // The same answer whether or not the address received credentials: nobody learns which did.
  router.post('/me/sign-in', requireLearnerCsrf, async (req, res) => {
    const language = learnerLanguage(req, res);
    const next = safeNextPath(req.body?.next);
    const email = field(req, 'email');
    const page = { language, path: req.originalUrl, csrfToken: req.learnerSession!.csrfToken, email, ...(next === '/me' ? {} : { next }) };
    try {
      await requestSignInLink(ctx, { email, nextPath: next === '/me' ? null : next, language });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendLearnerPage(res, signInPage({ ...page, error: LEARNER_MESSAGES[language].signIn.invalidEmail }), 400);
    }
    sendLearnerPage(res, signInPage({ ...page, sent: true }));
  });

  router.get('/me/sign-in/:token', async (req, res) => {
    const token = tokenParam(req, 'Sign-in link');
    const session = await ensureLearnerSession(ctx, req, res);
    await assertSignInLinkUsable(ctx, token);
    sendLearnerPage(res, signInLinkPage({ language: learnerLanguage(req, res), path: req.originalUrl, csrfToken: session.csrfToken, token }));
  });

  router.post('/me/sign-in/:token', requireLearnerCsrf, async (req, res) => {
    const { token, nextPath } = await signInWithLink(ctx, { token: tokenParam(req, 'Sign-in link'), previous: req.learnerSession });
    setLearnerCookie(ctx, res, token);
    res.redirect(303, nextPath ? safeNextPath(nextPath) : learnerHref('/me', learnerLanguage(req, res)));
  });

  router.post('/me/sign-out', requireLearnerCsrf, async (req, res) => {
    await endLearnerSessionOf(ctx, req.learnerSession!);
    clearLearnerCookie(ctx, res);
    res.redirect(303, learnerHref('/me/sign-in?done=signed-out', learnerLanguage(req, res)));
  });

  router.use(spaceRoutes(ctx));
  router.use('/me', learnerErrorPages);
  return router;
}

/** A browser gets the error as a page of the space with the error's status; any other client, problem+json. */
const learnerErrorPages: ErrorRequestHandler = (error, req: Request, res, next) => {
  if (!(error instanceof AppError) || req.accepts(['application/problem+json', 'text/html']) !== 'text/html') return next(error);
  const language = learnerLanguage(req, res);
  const m = LEARNER_MESSAGES[language];
  const message = problemMessage(m, error);
  const askAgain = error instanceof LinkNotUsableError && req.path.startsWith('/sign-in/');
  sendLearnerPage(
    res,
    {
      language,
      path: req.originalUrl,
      title: m.problems.errorTitle,
      body: html`<h1>${m.problems.errorTitle}</h1><p role="alert">${message}</p>
<p><a href="${learnerHref(askAgain ? '/me/sign-in' : '/me', language)}">${askAgain ? m.link.askAgain : m.nav.badges}</a></p>`,
      ...(req.learnerSession?.learnerId ? { signedIn: { csrfToken: req.learnerSession.csrfToken } } : {}),
    },
    error.status,
  );
};

function problemMessage(m: LearnerMessages, error: AppError): string {
  switch (error.code) {
    case 'csrf-token-invalid':
      return m.problems.formExpired;
    case 'link-not-usable':
      return m.link.notUsable;
    case 'not-found':
      return m.problems.notFound;
    default:
      return m.problems.other;
  }
}
