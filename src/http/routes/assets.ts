import { Router } from 'express';
import { NotFoundError } from '../../errors.js';
import { loadAssets } from '../views/assets.js';

/** `/assets/<file>`: the pages' stylesheet and scripts. A URL carrying the file's digest may be kept for a year. */
export function assetRoutes(): Router {
  const router = Router();
  const assets = loadAssets();
  router.get('/assets/:file', (req, res) => {
    const asset = assets.get(req.params.file);
    if (!asset) throw new NotFoundError(`Page asset ${req.params.file.slice(0, 64)}`, 'file');
    res.set({
      'Content-Type': asset.contentType,
      'Cache-Control': req.query.v === asset.digest ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      ETag: `"${asset.digest}"`,
    });
    if (req.fresh) return void res.status(304).end();
    res.send(asset.body);
  });
  return router;
}
