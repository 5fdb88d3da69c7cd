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

const FORM_LIMIT = '4kb';

/** The learner's claim page: no account, the link is the key. */
export function claimRoutes(ctx: ServiceContext): Router {
  const router = Router();

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
  router.post('/claim/:token', express.urlencoded({ extended: false, limit: FORM_LIMIT }), async (req, res) => {
    const showName = (req.body as Record<string, unknown> | undefined)?.showName !== 'no';
    let token: string;
    try {
      token = tokenParam(req, 'Claim link');
      await claimCredential(ctx, token, { showName });
    } catch (error) {
      if (isClaimProblem(error)) return sendProblem(req, res, error);
      throw error;
    }
    res.redirect(303, `/claim/${token}?lang=${chooseLanguage(req, res)}`);
  });
  return router;
}
