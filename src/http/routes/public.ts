import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { decodeJwt } from 'jose';
import { credentialDocument, getPublicCredential, type CredentialView } from '../../services/credential-views.js';
import { achievementBadgeImage, bakedCredentialImage, type BadgeImage, type ImageFormat } from '../../services/badge-images.js';
import { perClientRateLimit } from '../rate-limits.js';
import { getEndorsement, listEndorsements } from '../../services/endorsements.js';
import { endorsementsBlock } from '../pages/endorse-page.js';
import { getDidDocument, getJwks, getPublicIssuerProfile } from '../../services/issuers.js';
import { getPublicAchievement } from '../../services/achievements.js';
import { verifySecuredCredential, verifyStoredCredential } from '../../services/verification.js';
import { getPublishedAcademyRegistry } from '../../services/academy-registries.js';
import { getPublishedStatusList } from '../../status/status-lists.js';
import { getEuropassExport } from '../../services/europass.js';
import type { ServiceContext } from '../../services/context.js';
import { AppError, ConflictError, NotFoundError, NotAcceptableError, UnsupportedMediaTypeError, ValidationError } from '../../errors.js';
import { renderCredentialPage, renderVerifyForm } from '../pages/credential-page.js';
import { chooseLanguage, sendPage, sendPageOrProblem } from '../page-responses.js';
import { toSecuredCredential, unbakeSubmission, unbakeUpload } from '../submission.js';
import { multipartForm } from '../multipart.js';
import { recipientEmailMatches, type JsonObject } from '../../domain/open-badges.js';
import { slugParam, uuidParam } from '../params.js';

const JSON_LD_TYPES = ['application/ld+json', 'application/vc+ld+json', 'application/vc', 'application/json'];
const JWT_TYPE = 'application/vc+jwt';
const HTML_TYPE = 'text/html';
const FORMAT_OVERRIDES: Record<string, string> = { json: 'application/ld+json', jwt: JWT_TYPE };
/** A JAdES signature in JWS compact serialization (RFC 7515's media type). */
const JOSE_TYPE = 'application/jose';
const EUROPASS_FORMATS: Record<string, string> = { ...FORMAT_OVERRIDES, jades: JOSE_TYPE };
const JWT_TEXT_TYPES = [JWT_TYPE, 'application/jwt', 'text/plain'];
const SUBMISSION_LIMIT = '256kb';
const IMAGE_LIMIT = '2mb';
const SUBMISSION_BYTES = 256 * 1024;
const IMAGE_BYTES = 2 * 1024 * 1024;
/** The longest email address SMTP carries (RFC 5321 path limit). */
const EMAIL_MAX_LENGTH = 254;
/** Published documents change only by key rotation or profile edits; keep them briefly cacheable. */
const CACHE_PUBLIC = 'public, max-age=300';

/** Public documents are meant to be read by verifiers running in any web page. */
const allowAnyOrigin: RequestHandler = (_req, res, next) => {
  res.set('Access-Control-Allow-Origin', '*');
  next();
};

/** Routes anyone may call, with no credentials: what verifiers, employers and wallets read. */
export function publicRoutes(ctx: ServiceContext, options: { verifyRequestsPerMinute: number }): Router {
  const router = Router();
  const verifyLimiter = perClientRateLimit({ perMinute: options.verifyRequestsPerMinute });

  router.get('/credentials/:id', allowAnyOrigin, async (req, res) => {
    const id = uuidParam(req, 'Credential');
    const view = await getPublicCredential(ctx, id);
    const { credential, jwt } = view;
    // The representations this credential has: JSON-LD with its Data Integrity proof, its VC-JWT, the page.
    const available = [...(credential ? JSON_LD_TYPES : []), ...(jwt ? [JWT_TYPE] : []), HTML_TYPE];
    // ?format= lets a plain link (the page's "for machines" links) ask for a representation.
    const mediaType = FORMAT_OVERRIDES[String(req.query.format)] ?? req.accepts(available);
    if (!mediaType || !available.includes(mediaType)) throw new NotAcceptableError(available);
    res.vary('Accept');
    if (mediaType === HTML_TYPE) {
      await sendCredentialPage(ctx, req, res, view);
      return;
    }
    res.set('Cache-Control', CACHE_PUBLIC);
    if (mediaType === JWT_TYPE) res.type(JWT_TYPE).send(jwt);
    else res.type(mediaType).send(JSON.stringify(credential));
  });

  // The page's form: is this the address the credential was awarded to? The address is only hashed and
  // compared; it is neither stored nor logged (the request log has the path, never the body).
  router.post('/credentials/:id', verifyLimiter, express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    const id = uuidParam(req, 'Credential');
    const email = (req.body as { email?: unknown } | undefined)?.email;
    if (typeof email !== 'string' || email.trim() === '' || email.length > EMAIL_MAX_LENGTH) {
      throw new ValidationError('Send the email address to check in the form field "email"', [
        { field: '/email', message: `must be an email address of at most ${EMAIL_MAX_LENGTH} characters` },
      ]);
    }
    await sendCredentialPage(ctx, req, res, await getPublicCredential(ctx, id), (credential) => recipientEmailMatches(credential, email));
  });

  router.get('/credentials/:id/europass', allowAnyOrigin, async (req, res) => {
    // The signed VC-JWT by default; the JSON-LD document for ?format=json or Accept: application/ld+json; the
    // document sealed as JAdES (when the school or its academy has a seal) for ?format=jades or Accept: application/jose.
    const mediaType = EUROPASS_FORMATS[String(req.query.format)] ?? req.accepts([JWT_TYPE, 'application/ld+json', 'application/json', JOSE_TYPE]);
    if (!mediaType) throw new NotAcceptableError([JWT_TYPE, 'application/ld+json', JOSE_TYPE]);
    const europass = await getEuropassExport(ctx, uuidParam(req, 'Credential'));
    res.vary('Accept').set('Cache-Control', 'no-store');
    if (mediaType === JWT_TYPE) res.type(JWT_TYPE).send(europass.jwt);
    else if (mediaType === JOSE_TYPE) {
      if (!europass.jades) throw new ConflictError('Neither the school nor its academy has a seal: configure one with PUT /v1/issuers/{id}/seal');
      res.type(JOSE_TYPE).send(europass.jades);
    } else res.type(mediaType).send(JSON.stringify(europass.credential));
  });

  router.get('/credentials/:id/verification', allowAnyOrigin, async (req, res) => {
    // Computed on every request from the current status list: a revocation shows on the very next one.
    res.set('Cache-Control', 'no-store').json(await verifyStoredCredential(ctx, uuidParam(req, 'Credential')));
  });

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
      const secured = Buffer.isBuffer(form?.image) && form.image.length > 0 ? unbakeUpload(form.image) : toSecuredCredential(form?.credential);
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
    sendPageOrProblem(req, res, error, (language) => renderVerifyForm({ language, pageUrl: ctx.publicUrls.verifyPage(), refusal: error.code }));
  }) satisfies ErrorRequestHandler);

  router.get('/status-lists/:id', allowAnyOrigin, async (req, res) => {
    const { credential, version } = await getPublishedStatusList(ctx, uuidParam(req, 'Status list'));
    // Cacheable, but revalidated on every use: the ETag changes with every status change.
    res
      .set('Cache-Control', 'public, no-cache')
      .set('ETag', `"${String(req.params.id)}.${version}"`)
      .type('application/vc+ld+json')
      .send(JSON.stringify(credential));
  });

  router.get('/issuers/:slug', allowAnyOrigin, async (req, res) => {
    sendJsonLd(res, await getPublicIssuerProfile(ctx, slugParam(req)));
  });
  router.get('/issuers/:slug/did.json', allowAnyOrigin, async (req, res) => {
    res.set('Cache-Control', CACHE_PUBLIC).type('application/did+ld+json').send(JSON.stringify(await getDidDocument(ctx, slugParam(req))));
  });
  // An academy's signed registry of its schools (DCC registry format inside a VC): re-signed when it changes.
  router.get('/registries/:id', allowAnyOrigin, async (req, res) => {
    const { document } = await getPublishedAcademyRegistry(ctx, uuidParam(req, 'Academy registry'));
    res.set('Cache-Control', 'public, no-cache').json(document);
  });
  router.get('/issuers/:slug/jwks.json', allowAnyOrigin, async (req, res) => {
    res.set('Cache-Control', CACHE_PUBLIC).type('application/jwk-set+json').send(JSON.stringify(await getJwks(ctx, slugParam(req))));
  });
  router.get('/achievements/:id', allowAnyOrigin, async (req, res) => {
    sendJsonLd(res, await getPublicAchievement(ctx, uuidParam(req, 'Achievement')));
  });
  router.get('/credentials/:id/endorsements', allowAnyOrigin, async (req, res) => {
    const endorsements = await listEndorsements(ctx, uuidParam(req, 'Credential'));
    res.set('Cache-Control', 'no-cache').json({ endorsements });
  });
  router.get('/endorsements/:id', allowAnyOrigin, async (req, res) => {
    sendJsonLd(res, await getEndorsement(ctx, uuidParam(req, 'Endorsement')));
  });
  router.get('/achievements/:id/image.:format', allowAnyOrigin, async (req, res) => {
    sendImage(res, await achievementBadgeImage(ctx, uuidParam(req, 'Achievement'), imageFormatParam(req)));
  });
  // The badge image with the signed credential in it: what a learner downloads for an online CV.
  router.get('/credentials/:id/badge.:format', allowAnyOrigin, async (req, res) => {
    const format = imageFormatParam(req);
    const id = uuidParam(req, 'Credential');
    res.attachment(`badge-${id}.${format}`);
    sendImage(res, await bakedCredentialImage(ctx, id, format));
  });
  return router;
}

/** The page of a credential hosted here; `matchRecipient` answers the recipient form, when it was sent. */
async function sendCredentialPage(
  ctx: ServiceContext,
  req: Request,
  res: Response,
  view: CredentialView,
  matchRecipient?: (credential: JsonObject) => boolean,
): Promise<void> {
  const { id, credential, jwt, url, linkedInAddToProfileUrl, achievementId } = view;
  const document = credentialDocument({ data_integrity: credential, jwt });
  const report = await verifyStoredCredential(ctx, id);
  const language = chooseLanguage(req, res);
  const html = renderCredentialPage({
    language,
    pageUrl: url,
    credential: document,
    report,
    endorsements: endorsementsBlock(language, await listEndorsements(ctx, id)),
    links: {
      verdictJson: `/credentials/${id}/verification`,
      ...(credential ? { credentialJson: `/credentials/${id}?format=json` } : {}),
      ...(jwt ? { credentialJwt: `/credentials/${id}?format=jwt` } : {}),
      europass: `/credentials/${id}/europass?format=json`,
      linkedIn: linkedInAddToProfileUrl,
      badgeImage: `/achievements/${achievementId}/image.svg`,
      bakedPng: `/credentials/${id}/badge.png`,
      bakedSvg: `/credentials/${id}/badge.svg`,
      certificate: `/credentials/${id}/certificate.pdf?languages=${language === 'fr' || language === 'en' ? 'fr,en' : `${language},fr`}`,
    },
    recipientCheck: { action: `/credentials/${id}`, ...(matchRecipient && document ? { matches: matchRecipient(document) } : {}) },
  });
  sendPage(res, html);
}

function imageFormatParam(req: Request): ImageFormat {
  const format = String(req.params.format);
  if (format !== 'png' && format !== 'svg') throw new NotFoundError(`Image format ${format.slice(0, 16)}`);
  return format;
}

/** Images are served with a CSP that forbids everything active: an uploaded SVG opened on its own runs nothing. */
function sendImage(res: Response, image: BadgeImage): void {
  res
    .set({ 'Cache-Control': CACHE_PUBLIC, 'Content-Security-Policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'", 'X-Content-Type-Options': 'nosniff' })
    .type(image.mediaType)
    .send(image.content);
}

function sendJsonLd(res: Response, document: object): void {
  res.set('Cache-Control', CACHE_PUBLIC).type('application/ld+json').send(JSON.stringify(document));
}

/** What a submitted JWT claims, to show beside its verdict (marked untrusted when the proof fails). */
function jwtPayload(jwt: string): Record<string, unknown> | undefined {
  try {
    return decodeJwt(jwt);
  } catch {
    return undefined;
  }
}
