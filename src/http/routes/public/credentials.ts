import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { credentialDocument, getPublicCredential, type CredentialView } from '../../../services/credential-views.js';
import { bakedCredentialImage } from '../../../services/badge-images.js';
import { listEndorsements } from '../../../services/endorsements.js';
import { getEuropassExport } from '../../../services/europass.js';
import { verifyStoredCredential } from '../../../services/verification.js';
import type { ServiceContext } from '../../../services/context.js';
import { ConflictError, NotAcceptableError, NotFoundError, ValidationError } from '../../../errors.js';
import { recipientEmailMatches, type JsonObject } from '../../../domain/open-badges.js';
import { endorsementsBlock } from '../../pages/endorse-page.js';
import { renderCredentialNotFound, renderCredentialPage } from '../../pages/credential-page.js';
import { chooseLanguage, sendPage, sendPageOrProblem } from '../../page-responses.js';
import { uuidParam } from '../../params.js';
import { allowAnyOrigin, CACHE_PUBLIC, FORMAT_OVERRIDES, imageFormatParam, JSON_LD_TYPES, JWT_TYPE, sendImage } from './responses.js';

const HTML_TYPE = 'text/html';
/** A JAdES signature in JWS compact serialization (RFC 7515's media type). */
const JOSE_TYPE = 'application/jose';
const EUROPASS_FORMATS: Record<string, string> = { ...FORMAT_OVERRIDES, jades: JOSE_TYPE };
/** The longest email address SMTP carries (RFC 5321 path limit). */
const EMAIL_MAX_LENGTH = 254;

/** A hosted credential in its representations, its page, its verdict, its Europass export and its baked badge. */
export function publicCredentialRoutes(ctx: ServiceContext, verifyLimiter: RequestHandler): Router {
  const router = Router();
  router.get('/credentials/:id', allowAnyOrigin, async (req, res) => {
    const view = await findCredentialForPage(ctx, req, res);
    if (!view) return;
    ctx.lookups.count(view.id);
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
    const id = uuidParam(req, 'Credential');
    const report = await verifyStoredCredential(ctx, id);
    ctx.lookups.count(id);
    res.set('Cache-Control', 'no-store').json(report);
  });

  router.get('/credentials/:id/endorsements', allowAnyOrigin, async (req, res) => {
    const endorsements = await listEndorsements(ctx, uuidParam(req, 'Credential'));
    res.set('Cache-Control', 'no-cache').json({ endorsements });
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

/**
 * The credential the address names; a person's browser asking an address that names none (a mistyped or
 * truncated link) gets a page saying so, a program the problem: then undefined.
 */
async function findCredentialForPage(ctx: ServiceContext, req: Request, res: Response): Promise<CredentialView | undefined> {
  try {
    return await getPublicCredential(ctx, uuidParam(req, 'Credential'));
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    sendPageOrProblem(req, res, error, (language) => renderCredentialNotFound({ language, pageUrl: ctx.publicUrls.credential(encodeURIComponent(String(req.params.id))) }));
    return undefined;
  }
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
  // A revoked or suspended credential is neither exported nor printed (the verdict says why): no link to either.
  const shareable = (view.status?.state ?? 'active') === 'active';
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
      ...(shareable ? { europass: `/credentials/${id}/europass?format=json` } : {}),
      linkedIn: linkedInAddToProfileUrl,
      badgeImage: `/achievements/${achievementId}/image.svg`,
      bakedPng: `/credentials/${id}/badge.png`,
      bakedSvg: `/credentials/${id}/badge.svg`,
      ...(shareable ? { certificate: `/credentials/${id}/certificate.pdf?languages=${language === 'fr' || language === 'en' ? 'fr,en' : `${language},fr`}` } : {}),
    },
    recipientCheck: { action: `/credentials/${id}`, ...(matchRecipient && document ? { matches: matchRecipient(document) } : {}) },
  });
  sendPage(res, html);
}
