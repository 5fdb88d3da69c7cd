import express, { Router } from 'express';
import { cohortTemplate } from '../../batches/cohort-file.js';
import { isUuid } from '../../domain/uuid.js';
import { UnsupportedMediaTypeError, ValidationError } from '../../errors.js';
import { createBatch, getBatch } from '../../services/batches.js';
import { setAchievementImage } from '../../services/badge-images.js';
import type { ServiceContext } from '../../services/context.js';
import { actorOf, requires } from '../auth.js';
import { uuidParam } from '../params.js';

/** A cohort of a few thousand rows is well under this; 10 MB of junk is refused before it is read. */
const COHORT_FILE_LIMIT = '5mb';

/** A badge image is a small square picture; 1 MB is plenty and is also the database's limit. */
const BADGE_IMAGE_LIMIT = '1mb';

/** Routes under /v1 whose bodies are files (CSV cohorts, badge images): mounted before the JSON-only admin routes. */
export function uploadRoutes(ctx: ServiceContext, options: { onBatchCreated: () => void }): Router {
  const router = Router();
  router.post('/batches', requires('issue'), express.raw({ type: ['text/csv', 'application/csv'], limit: COHORT_FILE_LIMIT }), async (req, res) => {
    const issuerId = String(req.query.issuerId ?? '');
    if (!isUuid(issuerId)) throw new ValidationError('issuerId must be the id of the issuing school', [{ field: 'issuerId', message: 'must be a UUID' }]);
    const language = req.query.language === 'en' ? 'en' : 'fr';
    if (!Buffer.isBuffer(req.body)) throw new UnsupportedMediaTypeError('text/csv');
    const batch = await createBatch(ctx, { issuerId, language, file: req.body, actor: actorOf(req) });
    options.onBatchCreated();
    res.status(202).location(`/v1/batches/${batch.id}`).json(batch);
  });
  router.get('/batches/template.csv', requires('read'), (_req, res) => {
    res.type('text/csv').attachment('mobicred-cohort-template.csv').send(cohortTemplate());
  });
  router.get('/batches/:id', requires('read'), async (req, res) => {
    res.json(await getBatch(ctx, uuidParam(req, 'Batch'), actorOf(req).tenancy));
  });
  router.put('/achievements/:id/image', requires('manage'), express.raw({ type: ['image/png', 'image/svg+xml'], limit: BADGE_IMAGE_LIMIT }), async (req, res) => {
    const id = uuidParam(req, 'Achievement');
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new UnsupportedMediaTypeError('image/png or image/svg+xml');
    await setAchievementImage(ctx, id, { mediaType: req.is('image/png') ? 'image/png' : 'image/svg+xml', content: req.body }, actorOf(req));
    res.status(204).end();
  });
  return router;
}
