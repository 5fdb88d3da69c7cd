import { Router, type Request, type Response } from 'express';
import { NotFoundError } from '../../errors.js';
import { loadAssets } from '../views/assets.js';

/** `/assets/<file>`: the pages' stylesheet, scripts and icon (also at /favicon.ico). A URL carrying the file's digest may be kept for a year. */
export function assetRoutes(): Router {
  const router = Router();
  const assets = loadAssets();
  const send = (file: string, req: Request, res: Response) => {
    const asset = assets.get(file);
    if (!asset) throw new NotFoundError(`Page asset ${file.slice(0, 64)}`, 'file');
    res.set({
      'Content-Type': asset.contentType,
      'Cache-Control': req.query.v === asset.digest ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      ETag: `"${asset.digest}"`,
    });
    if (req.fresh) return void res.status(304).end();
    res.send(asset.body);
  };
  router.get('/assets/:file', (req, res) => send(req.params.file, req, res));
  // Browsers ask /favicon.ico of any page they have not yet read (a PDF, a JSON document): the same icon.
  router.get('/favicon.ico', (req, res) => send('icon.svg', req, res));
  return router;
}
