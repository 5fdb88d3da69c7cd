import { Router, type Request, type Response } from 'express';
import { RuleViolationError, ValidationError } from '../../errors.js';
import type { ServiceContext } from '../../services/context.js';
import {
  approveAsGuardian,
  chooseNameShown,
  confirmAddressAddition,
  deleteLearnerSpace,
  describeAddressLink,
  describeGuardianRequest,
  exportLearnerData,
  getLearnerCredential,
  listLearnerAddresses,
  listLearnerCredentials,
  minorStateOf,
  requestAddressAddition,
  requestGuardianApproval,
  startWalletOffer,
} from '../../services/learner-space.js';
import { endLearnerSessionOf } from '../../services/learner-sessions.js';
import { tokenParam, uuidOf } from '../params.js';
import { learnerHref, learnerLanguage, sendLearnerPage } from './layout.js';
import { LEARNER_MESSAGES, type LearnerLanguage, type LearnerMessages } from './messages.js';
import { clearLearnerCookie, ensureLearnerSession, learnerIdOf, requireLearner, requireLearnerCsrf, signInPath } from './session.js';
import { addressLinkPage, credentialPage, dataPage, guardianPage, homePage, messagePage, type WalletOffer } from './space-pages.js';

const field = (req: Request, name: string): string => (typeof req.body?.[name] === 'string' ? req.body[name] : '');

/** Notices after a redirect, by the code it carries (?done=…). */
const DONE_NOTICES: Record<string, (m: LearnerMessages) => string> = {
  'address-sent': (m) => m.home.addressSent,
  'guardian-sent': (m) => m.minor.guardianSent,
  'name-saved': (m) => m.credential.nameSaved,
  'address-added': (m) => m.home.addressAdded,
};

function doneNotice(req: Request, m: LearnerMessages): string | undefined {
  const done = req.query.done;
  return typeof done === 'string' && Object.hasOwn(DONE_NOTICES, done) ? DONE_NOTICES[done]!(m) : undefined;
}

/**
 * The signed-in learner's pages: their badges, one badge (its public name, sharing, wallet, downloads, look-ups),
 * their addresses, a minor's guardian, their data. Each calls the learner-space services, as any client would.
 */
export function spaceRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const csrfTokenOf = (req: Request) => req.learnerSession!.csrfToken;

  const home = async (req: Request, res: Response, extra: { notice?: string; error?: { field: string; message: string } } = {}, status = 200) => {
    const language = learnerLanguage(req, res);
    const learnerId = learnerIdOf(req);
    const notice = extra.notice ?? doneNotice(req, LEARNER_MESSAGES[language]);
    sendLearnerPage(
      res,
      homePage({
        language,
        path: req.originalUrl,
        csrfToken: csrfTokenOf(req),
        credentials: await listLearnerCredentials(ctx, learnerId),
        addresses: await listLearnerAddresses(ctx, learnerId),
        minor: await minorStateOf(ctx, learnerId),
        ...(notice ? { notice } : {}),
        ...(extra.error ? { error: extra.error } : {}),
      }),
      status,
    );
  };

  router.get('/me', requireLearner, (req, res) => home(req, res));

  router.post('/me/emails', requireLearner, requireLearnerCsrf, async (req, res) => {
    const language = learnerLanguage(req, res);
    try {
      await requestAddressAddition(ctx, { learnerId: learnerIdOf(req), email: field(req, 'email'), language });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return home(req, res, { error: { field: 'email', message: LEARNER_MESSAGES[language].signIn.invalidEmail } }, 400);
    }
    res.redirect(303, learnerHref('/me?done=address-sent', language));
  });

  router.post('/me/guardian', requireLearner, requireLearnerCsrf, async (req, res) => {
    const language = learnerLanguage(req, res);
    const m = LEARNER_MESSAGES[language];
    try {
      await requestGuardianApproval(ctx, { learnerId: learnerIdOf(req), language });
    } catch (error) {
      if (!(error instanceof RuleViolationError)) throw error;
      return home(req, res, { error: { field: 'guardianEmail', message: m.minor.askSchool } }, error.status);
    }
    res.redirect(303, learnerHref('/me?done=guardian-sent', language));
  });

  const credential = async (req: Request, res: Response, wallet?: WalletOffer) => {
    const language = learnerLanguage(req, res);
    const id = uuidOf(String(req.params.id), 'Credential');
    const notice = doneNotice(req, LEARNER_MESSAGES[language]);
    const detail = await getLearnerCredential(ctx, learnerIdOf(req), id);
    sendLearnerPage(res, credentialPage({ language, path: req.originalUrl, csrfToken: csrfTokenOf(req), credential: detail, ...(wallet ? { wallet } : {}), ...(notice ? { notice } : {}) }));
  };

  router.get('/me/credentials/:id', requireLearner, (req, res) => credential(req, res));

  router.post('/me/credentials/:id/name', requireLearner, requireLearnerCsrf, async (req, res) => {
    const id = uuidOf(String(req.params.id), 'Credential');
    await chooseNameShown(ctx, learnerIdOf(req), id, field(req, 'showName') === 'yes');
    res.redirect(303, learnerHref(`/me/credentials/${id}?done=name-saved`, learnerLanguage(req, res)));
  });

  // The offer's code is short-lived and secret: shown on this answer only, never in a URL to reload.
  router.post('/me/credentials/:id/wallet', requireLearner, requireLearnerCsrf, async (req, res) => {
    const offer = await startWalletOffer(ctx, learnerIdOf(req), uuidOf(String(req.params.id), 'Credential'));
    await credential(req, res, { uri: offer.credentialOfferUri, qrSvg: offer.qrCodeSvg, expiresAt: offer.expiresAt });
  });

  router.get('/me/data', requireLearner, (req, res) => {
    sendLearnerPage(res, dataPage({ language: learnerLanguage(req, res), path: req.originalUrl, csrfToken: csrfTokenOf(req) }));
  });

  router.get('/me/data.json', requireLearner, async (req, res) => {
    res.set('Cache-Control', 'no-store').attachment('my-badges.json').type('application/json').send(JSON.stringify(await exportLearnerData(ctx, learnerIdOf(req)), null, 2));
  });

  router.post('/me/data/delete', requireLearner, requireLearnerCsrf, async (req, res) => {
    const language = learnerLanguage(req, res);
    const m = LEARNER_MESSAGES[language];
    if (field(req, 'confirm') !== 'yes') {
      return sendLearnerPage(res, dataPage({ language, path: req.originalUrl, csrfToken: csrfTokenOf(req), error: { field: 'confirm', message: m.data.deleteMustConfirm } }), 400);
    }
    await deleteLearnerSpace(ctx, learnerIdOf(req));
    await endLearnerSessionOf(ctx, req.learnerSession!);
    clearLearnerCookie(ctx, res);
    sendLearnerPage(res, messagePage({ language, path: req.originalUrl, title: m.data.deleteHeading, message: m.data.deleted }));
  });

  // Links emailed to an address (to add it): only the space that asked, signed in, confirms; holding the
  // mailbox alone must not merge its space into someone else's. Not signed in: sign in first, then back here.
  router.get('/me/emails/:token', async (req, res) => {
    const token = tokenParam(req, 'Address link');
    const link = await describeAddressLink(ctx, token);
    const session = req.learnerSession;
    if (!session?.learnerId) return void res.redirect(303, signInPath(req.originalUrl));
    const language = learnerLanguage(req, res);
    if (session.learnerId !== link.askedBy.learnerId) return sendOtherSpaceRefusal(req, res, link.askedBy.email);
    sendLearnerPage(res, addressLinkPage({ language, path: req.originalUrl, csrfToken: session.csrfToken, token, address: link.email, askedBy: link.askedBy.email }));
  });

  router.post('/me/emails/:token', requireLearner, requireLearnerCsrf, async (req, res) => {
    const token = tokenParam(req, 'Address link');
    const link = await describeAddressLink(ctx, token);
    if (learnerIdOf(req) !== link.askedBy.learnerId) return sendOtherSpaceRefusal(req, res, link.askedBy.email);
    await confirmAddressAddition(ctx, token, learnerIdOf(req));
    res.redirect(303, learnerHref('/me?done=address-added', learnerLanguage(req, res)));
  });

  const sendOtherSpaceRefusal = (req: Request, res: Response, askedBy: string) => {
    const language = learnerLanguage(req, res);
    const m = LEARNER_MESSAGES[language];
    sendLearnerPage(res, messagePage({ language, path: req.originalUrl, title: m.addressLink.title, message: m.addressLink.otherSpace(askedBy), signedIn: { csrfToken: csrfTokenOf(req) } }), 403);
  };

  router.get('/me/guardian/:token', async (req, res) => {
    const token = tokenParam(req, 'Guardian link');
    const session = await ensureLearnerSession(ctx, req, res);
    const request = await describeGuardianRequest(ctx, token);
    sendLearnerPage(res, guardianPage({ language: learnerLanguage(req, res), path: req.originalUrl, csrfToken: session.csrfToken, token, request }));
  });

  router.post('/me/guardian/:token', requireLearnerCsrf, async (req, res) => {
    const language: LearnerLanguage = learnerLanguage(req, res);
    await approveAsGuardian(ctx, tokenParam(req, 'Guardian link'));
    const m = LEARNER_MESSAGES[language];
    sendLearnerPage(res, messagePage({ language, path: req.originalUrl, title: m.guardian.title, message: m.guardian.done }));
  });

  return router;
}
