import express, { Router, type Request, type Response } from 'express';
import { ClaimLinkExpiredError, CredentialNotActiveError, NotFoundError } from '../../errors.js';
import { claimCredential, findClaim, type ClaimState } from '../../services/claims.js';
import type { ServiceContext } from '../../services/context.js';
import { linkedInAddToProfileUrl } from '../../domain/linkedin.js';
import { createCredentialOffer } from '../../services/wallet-issuance.js';
import { renderClaimPage, renderClaimProblem } from '../pages/claim-page.js';
import { chooseLanguage, sendPage, sendPageOrProblem } from '../page-responses.js';
import { tokenParam } from '../params.js';
import { credentialDocument } from '../../services/credential-views.js';
import { requestSignInLink, signInAtClaim } from '../../services/learner-sign-in.js';
import { sendLearnerPage } from '../learner/layout.js';
import { signInPage } from '../learner/sign-in-pages.js';
import { csrfTokenMatches } from '../console/session.js';
import { ensureLearnerSession, learnerFrom, learnerSession, requireLearnerCsrf, setLearnerCookie } from '../learner/session.js';

const FORM_LIMIT = '4kb';

/**
 * The learner's claim page: no account, the link is the key. Claiming with a link mobicred emailed (and never
 * gave the school) also signs the learner in to their space (/me), once; the claimed page then leads there.
 * Otherwise its "See all my badges" emails a sign-in link to the credential's address.
 */
export function claimRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.use('/claim', learnerSession(ctx), express.urlencoded({ extended: false, limit: FORM_LIMIT }));

  type ClaimProblem = NotFoundError | ClaimLinkExpiredError | CredentialNotActiveError;
  const sendProblem = (req: Request, res: Response, error: ClaimProblem) =>
    sendPageOrProblem(req, res, error, (language) =>
      renderClaimProblem({
        language,
        pageUrl: ctx.publicUrls.claim(''),
        problem: error instanceof ClaimLinkExpiredError ? 'expired' : error instanceof CredentialNotActiveError ? 'inactive' : 'unknown',
      }),
    );
  const isClaimProblem = (error: unknown): error is ClaimProblem =>
    error instanceof NotFoundError || error instanceof ClaimLinkExpiredError || error instanceof CredentialNotActiveError;

  router.get('/claim/:token', async (req, res) => {
    let token: string;
    let claim: ClaimState;
    try {
      token = tokenParam(req, 'Claim link');
      claim = await findClaim(ctx, token);
    } catch (error) {
      if (isClaimProblem(error)) return sendProblem(req, res, error);
      throw error;
    }
    const { credential, link } = claim;
    const session = await ensureLearnerSession(ctx, req, res);
    const learner = await learnerFrom(ctx, req);
    const document = credentialDocument(credential);
    const urls = ctx.publicUrls;
    // Once claimed, a fresh wallet offer on each visit: its code is short-lived, the claim link is not.
    const offer = link.claimed_at
      ? await createCredentialOffer(ctx, credential.id, { apiKeyId: link.created_by, role: 'school-issuer', tenancy: { kind: 'school', issuerId: credential.issuer_id } })
      : undefined;
    sendPage(
      res,
      renderClaimPage({
        language: chooseLanguage(req, res),
        pageUrl: urls.claim(token),
        credential: document,
        badgeImageSrc: `/achievements/${credential.achievement_id}/image.svg`,
        disclosedName: claim.disclosedName,
        claimedAt: link.claimed_at,
        learnerSpace: { csrfToken: session.csrfToken, signedIn: learner?.emails.includes(credential.recipient_email.trim().toLowerCase()) ?? false },
        ...(offer
          ? {
              links: {
                publicPage: urls.credential(credential.id),
                linkedIn: linkedInAddToProfileUrl(document),
                bakedPng: urls.bakedBadge(credential.id, 'png'),
                bakedSvg: urls.bakedBadge(credential.id, 'svg'),
                ...(credential.data_integrity ? { credentialJson: `${urls.credential(credential.id)}?format=json` } : {}),
                ...(credential.jwt ? { credentialJwt: `${urls.credential(credential.id)}?format=jwt` } : {}),
                europass: `${urls.credential(credential.id)}/europass?format=json`,
                walletOfferUri: offer.credentialOfferUri,
                walletQrSvg: offer.qrCodeSvg,
              },
            }
          : {}),
      }),
    );
  });

  // Claiming, then a redirect to the page: reloading it never posts the form again.
  router.post('/claim/:token', async (req, res) => {
    const showName = (req.body as Record<string, unknown> | undefined)?.showName !== 'no';
    let token: string;
    try {
      token = tokenParam(req, 'Claim link');
      const claim = await claimCredential(ctx, token, { showName });
      // Signed in only with the session's CSRF token, so that no other site signs a browser in to someone else's space.
      const signedIn = csrfTokenMatches(req.learnerSession?.csrfToken, req.body?._csrf)
        ? await signInAtClaim(ctx, { claim, claimedNow: claim.claimedNow, previous: req.learnerSession })
        : undefined;
      if (signedIn) setLearnerCookie(ctx, res, signedIn.token);
    } catch (error) {
      if (isClaimProblem(error)) return sendProblem(req, res, error);
      throw error;
    }
    res.redirect(303, `/claim/${token}?lang=${chooseLanguage(req, res)}`);
  });

  // "See all my badges" from a claimed link, in a browser not signed in to the space: a sign-in link is emailed
  // to the credential's address (the claim link itself may have passed through the school's hands).
  router.post('/claim/:token/sign-in', requireLearnerCsrf, async (req, res) => {
    const language = chooseLanguage(req, res) === 'fr' ? 'fr' : 'en';
    let claim: ClaimState;
    try {
      claim = await findClaim(ctx, tokenParam(req, 'Claim link'));
    } catch (error) {
      if (isClaimProblem(error)) return sendProblem(req, res, error);
      throw error;
    }
    await requestSignInLink(ctx, { email: claim.credential.recipient_email, nextPath: null, language });
    sendLearnerPage(res, signInPage({ language, path: req.originalUrl, csrfToken: req.learnerSession!.csrfToken, sent: true }));
  });
  return router;
}
