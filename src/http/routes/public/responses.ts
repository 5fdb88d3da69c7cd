import type { Request, RequestHandler, Response } from 'express';
import type { BadgeImage, ImageFormat } from '../../../services/badge-images.js';
import { NotFoundError } from '../../../errors.js';

/** What the public routers answer with: the media types they speak and how they send published documents. */

export const JSON_LD_TYPES = ['application/ld+json', 'application/vc+ld+json', 'application/vc', 'application/json'];
export const JWT_TYPE = 'application/vc+jwt';
/** ?format= lets a plain link ask for a representation. */
export const FORMAT_OVERRIDES: Record<string, string> = { json: 'application/ld+json', jwt: JWT_TYPE };
/** Published documents change only by key rotation or profile edits; keep them briefly cacheable. */
export const CACHE_PUBLIC = 'public, max-age=300';

/** Public documents are meant to be read by verifiers running in any web page. */
export const allowAnyOrigin: RequestHandler = (_req, res, next) => {
  res.set('Access-Control-Allow-Origin', '*');
  next();
};

export function imageFormatParam(req: Request): ImageFormat {
  const format = String(req.params.format);
  if (format !== 'png' && format !== 'svg') throw new NotFoundError(`Image format ${format.slice(0, 16)}`);
  return format;
}

/** Images are served with a CSP that forbids everything active: an uploaded SVG opened on its own runs nothing. */
export function sendImage(res: Response, image: BadgeImage): void {
  res
    .set({ 'Cache-Control': CACHE_PUBLIC, 'Content-Security-Policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'", 'X-Content-Type-Options': 'nosniff' })
    .type(image.mediaType)
    .send(image.content);
}

export function sendJsonLd(res: Response, document: object): void {
  res.set('Cache-Control', CACHE_PUBLIC).type('application/ld+json').send(JSON.stringify(document));
}
