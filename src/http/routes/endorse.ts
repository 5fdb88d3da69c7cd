import express, { Router, type Request, type Response } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { EndorsementLinkClosedError, findEndorsementRequest, signEndorsement } from '../../services/endorsements.js';
import { publicUrls } from '../../services/public-urls.js';
import { MESSAGES } from '../pages/messages.js';
import { renderEndorseMessage, renderEndorsePage } from '../pages/endorse-page.js';
import { chooseLanguage, sendPage } from '../page-responses.js';
import { NotFoundError, ValidationError } from '../../errors.js';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const FORM_LIMIT = '16kb';
const MAX_COMMENT = 2000;

/** The endorser's one-time page: no account, the link is the key. */
export function endorseRoutes(ctx: ServiceContext): Router {
  const router = Router();

  /** A person's browser gets a page saying what happened; any other client, problem+json. */
  const sendClosed = (req: Request, res: Response, error: NotFoundError | EndorsementLinkClosedError) => {
    res.vary('Accept');
    if (req.accepts(['application/problem+json', 'text/html']) !== 'text/html') throw error;
    const e = MESSAGES[chooseLanguage(req, res)].endorse;
    sendPage(res, renderEndorseMessage({ language: chooseLanguage(req, res), pageUrl: `${ctx.publicBaseUrl}/endorse/`, text: error instanceof NotFoundError ? e.unknownLink : e.closedLink }), error.status);
  };
  const isClosed = (error: unknown): error is NotFoundError | EndorsementLinkClosedError => error instanceof NotFoundError || error instanceof EndorsementLinkClosedError;

  router.get('/endorse/:token', async (req, res) => {
    const token = String(req.params.token);
    try {
      if (!TOKEN.test(token)) throw new NotFoundError('Endorsement link');
      const { credential, endorser } = await findEndorsementRequest(ctx, token);
      sendPage(res, renderEndorsePage({ language: chooseLanguage(req, res), pageUrl: publicUrls(ctx.publicBaseUrl).endorse(token), credential: credential.data_integrity, endorserName: endorser.profile.name }));
    } catch (error) {
      if (isClosed(error)) return sendClosed(req, res, error);
      throw error;
    }
  });

  // Signing, then on to the credential's public page, where the endorsement now shows.
  router.post('/endorse/:token', express.urlencoded({ extended: false, limit: FORM_LIMIT }), async (req, res) => {
    const token = String(req.params.token);
    const comment = String((req.body as Record<string, unknown> | undefined)?.comment ?? '').trim();
    if (comment.length === 0 || comment.length > MAX_COMMENT || comment.includes('\u0000')) {
      throw new ValidationError(`The endorsement must be 1 to ${MAX_COMMENT} characters`, [{ field: 'comment', message: `must be 1 to ${MAX_COMMENT} characters` }]);
    }
    try {
      if (!TOKEN.test(token)) throw new NotFoundError('Endorsement link');
      const { credentialId } = await signEndorsement(ctx, token, comment);
      res.redirect(303, `/credentials/${credentialId}?lang=${chooseLanguage(req, res)}`);
    } catch (error) {
      if (isClosed(error)) return sendClosed(req, res, error);
      throw error;
    }
  });
  return router;
}
