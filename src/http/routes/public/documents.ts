import { Router } from 'express';
import { achievementBadgeImage } from '../../../services/badge-images.js';
import { getEndorsement } from '../../../services/endorsements.js';
import { getDidDocument, getJwks, getPublicIssuerProfile } from '../../../services/issuers.js';
import { getPublicAchievement } from '../../../services/achievements.js';
import { getPublishedAcademyRegistry } from '../../../services/academy-registries.js';
import { getPublishedStatusList } from '../../../status/status-lists.js';
import type { ServiceContext } from '../../../services/context.js';
import { slugParam, uuidParam } from '../../params.js';
import { allowAnyOrigin, CACHE_PUBLIC, imageFormatParam, sendImage, sendJsonLd } from './responses.js';

/** What a credential points at, published for verifiers: issuers and their keys, academies' registries, achievements, endorsements, status lists. */
export function publishedDocumentRoutes(ctx: ServiceContext): Router {
  const router = Router();
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
  router.get('/achievements/:id/image.:format', allowAnyOrigin, async (req, res) => {
    sendImage(res, await achievementBadgeImage(ctx, uuidParam(req, 'Achievement'), imageFormatParam(req)));
  });
  router.get('/endorsements/:id', allowAnyOrigin, async (req, res) => {
    sendJsonLd(res, await getEndorsement(ctx, uuidParam(req, 'Endorsement')));
  });
  router.get('/status-lists/:id', allowAnyOrigin, async (req, res) => {
    const { credential, version } = await getPublishedStatusList(ctx, uuidParam(req, 'Status list'));
    // Cacheable, but revalidated on every use: the ETag changes with every status change.
    res
      .set('Cache-Control', 'public, no-cache')
      .set('ETag', `"${String(req.params.id)}.${version}"`)
      .type('application/vc+ld+json')
      .send(JSON.stringify(credential));
  });
  return router;
}
