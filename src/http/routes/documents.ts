import { Router, type Response } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { certificateSource, europassMobilitySource, publicCertificateSource, ufmJury } from '../../services/documents.js';
import { ValidationError } from '../../errors.js';
import { LANGUAGES } from '../pages/messages.js';
import { certificatePdf, certificatesPdf, type LanguagePair } from '../documents/certificate.js';
import { europassMobilityPdf } from '../documents/europass-mobility.js';
import { juryRequest, sendUfmJury } from '../documents/ufm-jury.js';
import { actorOf, requires } from '../auth.js';
import { uuidParam } from '../params.js';

const DEFAULT_PAIR: LanguagePair = ['fr', 'en'];

/** `languages=fr,en` (two of the pages' languages), or French and English. */
function languagePair(value: unknown, field: string): LanguagePair {
  if (value === undefined) return DEFAULT_PAIR;
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  if (list.length !== 2 || list[0] === list[1] || !list.every((language) => (LANGUAGES as unknown[]).includes(language))) {
    throw new ValidationError(`${field} must be two different languages of ${LANGUAGES.join(', ')}, such as fr,en`, [{ field, message: `must be two of ${LANGUAGES.join(', ')}` }]);
  }
  return list as LanguagePair;
}

function sendPdf(res: Response, bytes: Uint8Array, filename: string, cache = 'no-store'): void {
  res.set({ 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${filename}"`, 'Cache-Control': cache }).send(Buffer.from(bytes));
}

/** The printable certificate of a credential, public like the credential itself. */
export function publicDocumentRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/credentials/:id/certificate.pdf', async (req, res) => {
    const source = await publicCertificateSource(ctx, uuidParam(req, 'Credential'));
    sendPdf(res, await certificatePdf(source, languagePair(req.query.languages, 'languages')), `certificate-${source.credentialId}.pdf`, 'public, max-age=300');
  });
  return router;
}

/** The documents a school prints (under /v1, with an API key). */
export function documentRoutes(ctx: ServiceContext): Router {
  const router = Router();
  // A class's certificates, in one PDF: one certificate from each new page, every credential attached.
  router.post('/certificates', requires('read'), async (req, res) => {
    ctx.schemas.assertValid('urn:mobicred:schema:certificates-create', req.body);
    const { credentialIds, languages } = req.body as { credentialIds: string[]; languages?: string[] };
    const sources = [];
    for (const id of credentialIds) sources.push(await certificateSource(ctx, id, actorOf(req).tenancy));
    sendPdf(res, await certificatesPdf(sources, languagePair(languages, '/languages')), 'certificates.pdf');
  });
  router.get('/mobilities/:id/europass-mobility.pdf', requires('read'), async (req, res) => {
    const id = uuidParam(req, 'Mobility');
    sendPdf(res, await europassMobilityPdf(await europassMobilitySource(ctx, id, actorOf(req).tenancy)), `europass-mobility-${id}.pdf`);
  });
  router.get('/issuers/:id/ufm-jury', requires('read'), async (req, res) => {
    const id = uuidParam(req, 'Issuer');
    const { session, format } = juryRequest(req.query as Record<string, unknown>);
    await sendUfmJury(res, await ufmJury(ctx, id, session, actorOf(req).tenancy), format);
  });
  return router;
}
