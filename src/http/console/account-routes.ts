import { Router, type Request, type Response } from 'express';
import QRCode from 'qrcode';
import { base32, otpauthUri } from '../../domain/totp.js';
import { isUuid } from '../../domain/uuid.js';
import { AppError, NotFoundError, SignInRefusedError, SsoRefusedError, TooManySignInAttemptsError } from '../../errors.js';
import type { ServiceContext } from '../../services/context.js';
import {
  acceptInvitation,
  describeInvitation,
} from '../../services/staff-people.js';
import {
  assertResetLinkUsable,
  beginTotpSetup,
  confirmTotpSetup,
  pendingTotpKey,
  recordSignOut,
  requestPasswordReset,
  resetPassword,
  signInWithPassword,
  verifySecondFactor,
  WeakPasswordError,
} from '../../services/staff-accounts.js';
import { chooseSessionRole, endSession, startPersonSession } from '../../services/staff-sessions.js';
import { beginSsoSignIn, completeSsoSignIn, listSsoProvidersForSignIn, ssoRedirectUri } from '../../services/sso.js';
import { sendPage } from '../page-responses.js';
import {
  renderInvitationPage,
  renderResetPasswordPage,
  renderResetRequestPage,
  renderSecondFactorPage,
  renderSecurityPage,
  renderSignInPage,
  type FieldErrors,
} from './account-pages.js';
import { consoleHref, consoleLanguage } from './layout.js';
import { CONSOLE_MESSAGES, type ConsoleLanguage, type ConsoleMessages } from './messages.js';
import { clearSessionCookie, ensureSession, requireCsrfToken, requireStaff, setSessionCookie, staffOf, type SessionCookie } from './session.js';

/** Where to go after signing in or switching: a console path of this site only (never another site). */
export function consolePathOrHome(value: unknown): string {
  return typeof value === 'string' && /^\/console(\/[A-Za-z0-9/_?=&%.-]*)?$/.test(value) && !value.startsWith('//') ? value : '/console';
}

const field = (req: Request, name: string): string => (typeof req.body?.[name] === 'string' ? req.body[name] : '');

/** Notices after a redirect, by the code the redirect carries (?done=…). */
const DONE_NOTICES: Record<string, (m: ConsoleMessages) => string> = {
  'signed-out': (m) => m.signIn.signedOut,
  'password-changed': (m) => m.signIn.passwordChanged,
  'invitation-accepted': (m) => m.invitation.accepted,
  'sso-refused': (m) => m.signIn.ssoRefused,
  'totp-enabled': (m) => m.security.enabled,
};

function doneNotice(m: ConsoleMessages, done: unknown): string | undefined {
  return typeof done === 'string' && Object.hasOwn(DONE_NOTICES, done) ? DONE_NOTICES[done]!(m) : undefined;
}

/** A weak password's reason, in the page's language, under the field it is about. */
function passwordErrors(m: ConsoleMessages, error: unknown): FieldErrors | undefined {
  return error instanceof WeakPasswordError ? { [error.errors[0]?.field ?? 'password']: m.passwordWeakness[error.weakness] } : undefined;
}

/** Signing in and out, second factor, password reset, invitations, one's own security, and the school switcher. */
export function accountRoutes(ctx: ServiceContext, cookie: SessionCookie): Router {
  const router = Router();

  const signInPage = async (req: Request, res: Response, language: ConsoleLanguage, extra: { errors?: FieldErrors; email?: string; notice?: string } = {}, status = 200) => {
    const session = await ensureSession(ctx, cookie, req, res);
    const next = consolePathOrHome(req.body?.next ?? req.query.next);
    const providers = await listSsoProvidersForSignIn(ctx);
    sendPage(res, renderSignInPage({ language, path: req.originalUrl, session, providers, ...(next === '/console' ? {} : { next }), ...extra }), status);
  };

  router.get('/console/sign-in', async (req, res) => {
    const language = consoleLanguage(req, res);
    const notice = doneNotice(CONSOLE_MESSAGES[language], req.query.done);
    await signInPage(req, res, language, notice ? { notice } : {});
  });

  router.post('/console/sign-in', requireCsrfToken, async (req, res) => {
    const language = consoleLanguage(req, res);
    const m = CONSOLE_MESSAGES[language];
    const email = field(req, 'email');
    try {
      const { person, secondFactorDue } = await signInWithPassword(ctx, { email, password: field(req, 'password'), clientAddress: req.ip ?? 'unknown' });
      const { token } = await startPersonSession(ctx, { previous: req.staffSession, personId: person.id, secondFactorDue });
      setSessionCookie(res, cookie, token);
      const next = consolePathOrHome(req.body?.next);
      res.redirect(303, secondFactorDue ? consoleHref(`/console/second-factor?next=${encodeURIComponent(next)}`, language) : next);
    } catch (error) {
      if (error instanceof TooManySignInAttemptsError) {
        res.set('Retry-After', String(error.retryAfterSeconds));
        return signInPage(req, res, language, { email, errors: { email: m.signIn.tooManyAttempts } }, 429);
      }
      if (error instanceof SignInRefusedError) return signInPage(req, res, language, { email, errors: { password: m.signIn.refused } }, 401);
      throw error;
    }
  });

  router.get('/console/sso/callback', async (req, res) => {
    const language = consoleLanguage(req, res);
    const session = req.staffSession;
    try {
      if (!session) throw new SsoRefusedError('No session started this sign-in');
      const person = await completeSsoSignIn(ctx, { callbackUrl: new URL(req.originalUrl, ssoRedirectUri(ctx)), sessionTokenHash: session.tokenHash });
      const { token } = await startPersonSession(ctx, { previous: session, personId: person.id, secondFactorDue: false });
      setSessionCookie(res, cookie, token);
      res.redirect(303, '/console');
    } catch (error) {
      if (!(error instanceof SsoRefusedError)) throw error;
      res.redirect(303, consoleHref('/console/sign-in?done=sso-refused', language));
    }
  });

  router.get('/console/sso/:providerId', async (req, res) => {
    if (!isUuid(String(req.params.providerId))) throw new NotFoundError('Single sign-on provider');
    const session = await ensureSession(ctx, cookie, req, res);
    res.redirect(303, await beginSsoSignIn(ctx, { providerId: String(req.params.providerId), sessionTokenHash: session.tokenHash }));
  });

  router.get('/console/second-factor', (req, res) => {
    const language = consoleLanguage(req, res);
    if (!req.staffSession?.secondFactorDue) return void res.redirect(303, consoleHref('/console/sign-in', language));
    sendPage(res, renderSecondFactorPage({ language, path: req.originalUrl, session: req.staffSession }));
  });

  router.post('/console/second-factor', requireCsrfToken, async (req, res) => {
    const language = consoleLanguage(req, res);
    const session = req.staffSession!;
    if (!session.secondFactorDue || !session.personId) return void res.redirect(303, consoleHref('/console/sign-in', language));
    try {
      await verifySecondFactor(ctx, { personId: session.personId, code: field(req, 'code'), clientAddress: req.ip ?? 'unknown' });
    } catch (error) {
      if (!(error instanceof SignInRefusedError || error instanceof TooManySignInAttemptsError)) throw error;
      const m = CONSOLE_MESSAGES[language];
      const message = error instanceof TooManySignInAttemptsError ? m.signIn.tooManyAttempts : m.secondFactor.refused;
      return sendPage(res, renderSecondFactorPage({ language, path: req.originalUrl, session, errors: { code: message } }), error.status);
    }
    const { token } = await startPersonSession(ctx, { previous: session, personId: session.personId, secondFactorDue: false });
    setSessionCookie(res, cookie, token);
    res.redirect(303, consolePathOrHome(req.query.next));
  });

  router.post('/console/sign-out', requireCsrfToken, async (req, res) => {
    const language = consoleLanguage(req, res);
    const session = req.staffSession!;
    await endSession(ctx, session);
    if (session.personId) await recordSignOut(ctx.db, session.personId);
    clearSessionCookie(res, cookie);
    res.redirect(303, consoleHref('/console/sign-in?done=signed-out', language));
  });

  router.post('/console/switch', requireStaff(ctx), requireCsrfToken, async (req, res) => {
    const staff = staffOf(req);
    const [roleId = '', issuerId = ''] = field(req, 'choice').split(':');
    const role = staff.roles.find((candidate) => candidate.id === roleId);
    if (role && (issuerId === '' || isUuid(issuerId))) await chooseSessionRole(ctx, staff.session, { roleId: role.id, issuerId: role.issuerId ?? (issuerId || null) });
    res.redirect(303, consolePathOrHome(field(req, 'back')));
  });

  router.get('/console/reset', async (req, res) => {
    const session = await ensureSession(ctx, cookie, req, res);
    sendPage(res, renderResetRequestPage({ language: consoleLanguage(req, res), path: req.originalUrl, session }));
  });

  router.post('/console/reset', requireCsrfToken, async (req, res) => {
    const language = consoleLanguage(req, res);
    await requestPasswordReset(ctx, { email: field(req, 'email'), language });
    sendPage(res, renderResetRequestPage({ language, path: req.originalUrl, session: req.staffSession!, notice: CONSOLE_MESSAGES[language].reset.requestSent }));
  });

  router.get('/console/reset/:token', async (req, res) => {
    const session = await ensureSession(ctx, cookie, req, res);
    await assertResetLinkUsable(ctx, String(req.params.token));
    sendPage(res, renderResetPasswordPage({ language: consoleLanguage(req, res), path: req.originalUrl, session, token: String(req.params.token) }));
  });

  router.post('/console/reset/:token', requireCsrfToken, async (req, res) => {
    const language = consoleLanguage(req, res);
    try {
      await resetPassword(ctx, { token: String(req.params.token), password: field(req, 'password') });
    } catch (error) {
      const errors = passwordErrors(CONSOLE_MESSAGES[language], error);
      if (!errors) throw error;
      return sendPage(res, renderResetPasswordPage({ language, path: req.originalUrl, session: req.staffSession!, token: String(req.params.token), errors }), 400);
    }
    res.redirect(303, consoleHref('/console/sign-in?done=password-changed', language));
  });

  router.get('/console/invitations/:token', async (req, res) => {
    const session = await ensureSession(ctx, cookie, req, res);
    const invitation = await describeInvitation(ctx, String(req.params.token));
    sendPage(res, renderInvitationPage({ language: consoleLanguage(req, res), path: req.originalUrl, session, token: String(req.params.token), invitation }));
  });

  router.post('/console/invitations/:token', requireCsrfToken, async (req, res) => {
    const language = consoleLanguage(req, res);
    const m = CONSOLE_MESSAGES[language];
    try {
      await acceptInvitation(ctx, { token: String(req.params.token), name: field(req, 'name'), password: field(req, 'password') });
    } catch (error) {
      const errors = passwordErrors(m, error) ?? (error instanceof AppError && error.field === 'name' ? { name: m.invitation.name } : undefined);
      if (!errors) throw error;
      const invitation = await describeInvitation(ctx, String(req.params.token));
      return sendPage(res, renderInvitationPage({ language, path: req.originalUrl, session: req.staffSession!, token: String(req.params.token), invitation, name: field(req, 'name'), errors }), 400);
    }
    res.redirect(303, consoleHref('/console/sign-in?done=invitation-accepted', language));
  });

  const securityPage = async (req: Request, res: Response, extra: { errors?: FieldErrors; notice?: string } = {}, status = 200) => {
    const language = consoleLanguage(req, res);
    const staff = staffOf(req);
    const key = staff.person.totpEnabled ? undefined : await pendingTotpKey(ctx, staff.person.id);
    const setUp = key && {
      key: base32(key).replace(/(.{4})/g, '$1 ').trim(),
      qrSvgDataUrl: `data:image/svg+xml;base64,${Buffer.from(await QRCode.toString(otpauthUri({ key, issuer: 'mobicred', account: staff.person.email }), { type: 'svg', margin: 2 })).toString('base64')}`,
    };
    const notice = extra.notice ?? doneNotice(CONSOLE_MESSAGES[language], req.query.done);
    sendPage(res, renderSecurityPage({ language, path: req.originalUrl, staff, ...(setUp ? { setUp } : {}), ...(extra.errors ? { errors: extra.errors } : {}), ...(notice ? { notice } : {}) }), status);
  };

  router.get('/console/security', requireStaff(ctx), (req, res) => securityPage(req, res));

  router.post('/console/security/totp', requireStaff(ctx), requireCsrfToken, async (req, res) => {
    const language = consoleLanguage(req, res);
    const staff = staffOf(req);
    if (field(req, 'step') === 'begin') {
      if (!staff.person.totpEnabled) await beginTotpSetup(ctx, staff.person.id);
      return void res.redirect(303, consoleHref('/console/security', language));
    }
    try {
      await confirmTotpSetup(ctx, { personId: staff.person.id, code: field(req, 'code') });
    } catch (error) {
      if (!(error instanceof SignInRefusedError)) throw error;
      return securityPage(req, res, { errors: { code: CONSOLE_MESSAGES[language].security.refused } }, 400);
    }
    res.redirect(303, consoleHref('/console/security?done=totp-enabled', language));
  });

  return router;
}
