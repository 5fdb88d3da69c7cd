import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { decodeJwt } from 'jose';
import { verifySecuredCredential } from '../../../services/verification.js';
import type { ServiceContext } from '../../../services/context.js';
import { AppError, CredentialLinkElsewhereError, UnsupportedMediaTypeError } from '../../../errors.js';
import { renderCredentialPage, renderVerifyForm } from '../../pages/credential-page.js';
import { chooseLanguage, sendPage, sendPageOrProblem } from '../../page-responses.js';
import { toSecuredCredential, unbakeSubmission, unbakeUpload } from '../../submission.js';
import { multipartForm } from '../../multipart.js';
import { allowAnyOrigin, JSON_LD_TYPES, JWT_TYPE } from './responses.js';

const JWT_TEXT_TYPES = [JWT_TYPE, 'application/jwt', 'text/plain'];
const SUBMISSION_LIMIT = '256kb';
const IMAGE_LIMIT = '2mb';
const SUBMISSION_BYTES = 256 * 1024;
const IMAGE_BYTES = 2 * 1024 * 1024;

/** Any credential, from anywhere, checked: by programs (POST /v1/verify) and by people (the /verify page). */
export function verifyRoutes(ctx: ServiceContext, verifyLimiter: RequestHandler): Router {
  const router = Router();
  router.post(
    '/v1/verify',
    allowAnyOrigin,
    verifyLimiter,
    express.text({ type: JWT_TEXT_TYPES, limit: SUBMISSION_LIMIT }),
    express.raw({ type: 'image/png', limit: IMAGE_LIMIT }),
    express.text({ type: 'image/svg+xml', limit: IMAGE_LIMIT }),
    async (req, res) => {
      let secured;
      if (req.is('image/png')) secured = unbakeSubmission('png', req.body as Buffer);
      else if (req.is('image/svg+xml')) secured = unbakeSubmission('svg', req.body as string);
      else if (req.is([...JSON_LD_TYPES, 'application/*+json', ...JWT_TEXT_TYPES])) secured = toSecuredCredential(req.body);
      else throw new UnsupportedMediaTypeError('a JSON-LD credential, a VC-JWT (application/vc+jwt), or a baked badge image (image/png, image/svg+xml)');
      res.set('Cache-Control', 'no-store').json(await verifySecuredCredential(ctx, secured));
    },
  );

  router.get('/verify', (req, res) => {
    sendPage(res, renderVerifyForm({ language: chooseLanguage(req, res), pageUrl: ctx.publicUrls.verifyPage() }));
  });
  router.post(
    '/verify',
    verifyLimiter,
    express.urlencoded({ extended: false, limit: SUBMISSION_LIMIT }),
    multipartForm({ fieldBytes: SUBMISSION_BYTES, fileBytes: IMAGE_BYTES, parts: 4 }),
    async (req, res) => {
      const form = req.body as { credential?: unknown; image?: unknown } | undefined;
      // A chosen file wins; a form with no file chosen still sends an empty one.
      const image = Buffer.isBuffer(form?.image) && form.image.length > 0 ? form.image : undefined;
      // What a CV or LinkedIn gives is a link: this service's own opens its page; another site's is not fetched.
      const text = typeof form?.credential === 'string' ? form.credential.trim() : '';
      if (!image && /^https?:\/\/\S+$/i.test(text)) {
        const id = ctx.publicUrls.credentialIdIn(text);
        if (!id) throw new CredentialLinkElsewhereError(text);
        return res.redirect(303, `${ctx.publicUrls.credential(id)}?lang=${chooseLanguage(req, res)}`);
      }
      const secured = image ? unbakeUpload(image) : toSecuredCredential(form?.credential);
      const report = await verifySecuredCredential(ctx, secured);
      const credential = secured.format === 'ldp_vc' ? secured.credential : jwtPayload(secured.jwt);
      sendPage(res, renderCredentialPage({ language: chooseLanguage(req, res), pageUrl: ctx.publicUrls.verifyPage(), credential, report }));
    },
  );
  // A person whose submission is refused (its form too, e.g. an oversized image) gets the form again, saying
  // in the page's language why; a program gets the problem.
  router.use('/verify', ((error, req, res, next) => {
    if (req.method !== 'POST' || !(error instanceof AppError)) return next(error);
    if (error.retryAfterSeconds !== undefined) res.set('Retry-After', String(error.retryAfterSeconds));
    // What was pasted stays in the field, to be corrected rather than found again.
    const submitted = typeof req.body?.credential === 'string' ? (req.body.credential as string) : undefined;
    sendPageOrProblem(req, res, error, (language) => renderVerifyForm({ language, pageUrl: ctx.publicUrls.verifyPage(), refusal: error.code, submitted }));
  }) satisfies ErrorRequestHandler);
  return router;
}

/** What a submitted JWT claims, to show beside its verdict (marked untrusted when the proof fails). */
function jwtPayload(jwt: string): Record<string, unknown> | undefined {
  try {
    return decodeJwt(jwt);
  } catch {
    return undefined;
  }
}
