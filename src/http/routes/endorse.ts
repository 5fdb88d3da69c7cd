import express, { Router, type Request, type Response } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { findEndorsementRequest, signEndorsement } from '../../services/endorsements.js';
import { MESSAGES } from '../pages/messages.js';
import { renderEndorseMessage, renderEndorsePage } from '../pages/endorse-page.js';
import { chooseLanguage, sendPage, sendPageOrProblem } from '../page-responses.js';
import { tokenParam } from '../params.js';
import { EndorsementLinkClosedError, NotFoundError, ValidationError } from '../../errors.js';
import { credentialDocument } from '../../services/credential-views.js';

const FORM_LIMIT = '16kb';
const MAX_COMMENT = 2000;

/** The endorser's one-time page: no account, the link is the key. */
export function endorseRoutes(ctx: ServiceContext): Router {
  const router = Router();

  const sendClosed = (req: Request, res: Response, error: NotFoundError | EndorsementLinkClosedError) =>
    sendPageOrProblem(req, res, error, (language) => {
      const e = MESSAGES[language].endorse;
      return renderEndorseMessage({ language, pageUrl: ctx.publicUrls.endorse(''), text: error instanceof NotFoundError ? e.unknownLink : e.closedLink });
    });
  const isClosed = (error: unknown): error is NotFoundError | EndorsementLinkClosedError => error instanceof NotFoundError || error instanceof EndorsementLinkClosedError;

  router.get('/endorse/:token', async (req, res) => {
    try {
      const token = tokenParam(req, 'Endorsement link');
      const { credential, endorser } = await findEndorsementRequest(ctx, token);
      sendPage(res, renderEndorsePage({ language: chooseLanguage(req, res), pageUrl: ctx.publicUrls.endorse(token), credential: credentialDocument(credential), endorserName: endorser.profile.name }));
    } catch (error) {
      if (isClosed(error)) return sendClosed(req, res, error);
      throw error;
    }
  });

  // Signing, then on to the credential's public page, where the endorsement now shows.
  router.post('/endorse/:token', express.urlencoded({ extended: false, limit: FORM_LIMIT }), async (req, res) => {
    const comment = String((req.body as Record<string, unknown> | undefined)?.comment ?? '').trim();
    if (comment.length === 0 || comment.length > MAX_COMMENT || comment.includes('\u0000')) {
      throw new ValidationError(`The endorsement must be 1 to ${MAX_COMMENT} characters`, [{ field: 'comment', message: `must be 1 to ${MAX_COMMENT} characters` }]);
    }
    try {
      const { credentialId } = await signEndorsement(ctx, tokenParam(req, 'Endorsement link'), comment);
      res.redirect(303, `/credentials/${credentialId}?lang=${chooseLanguage(req, res)}`);
    } catch (error) {
      if (isClosed(error)) return sendClosed(req, res, error);
      throw error;
    }
  });
  return router;
}
