import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import {
  checkPathway,
  createFrancisationAchievement,
  createPrescription,
  getPrescription,
  issueCompletion,
  recogniseInstitution,
  type CompletionInput,
} from '../../services/pathways.js';
import { pathwayStatistics, pathwayStatisticsCsv } from '../../services/pathway-statistics.js';
import { NotAcceptableError } from '../../errors.js';
import { uuidParam } from '../params.js';
import { actorOf, requires } from '../auth.js';
import { perClientRateLimit } from '../rate-limits.js';

/** Incoming professional mobility (#23), for API keys: prescriptions, recognitions, completions, statistics. */
export function pathwayRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const validate = ctx.schemas.assertValid;

  router.post('/pathways/prescriptions', requires('issue'), async (req, res) => {
    validate('urn:mobicred:schema:pathway-prescription-create', req.body);
    const prescription = await createPrescription(ctx, req.body, actorOf(req));
    res.status(201).location(`/v1/pathways/prescriptions/${prescription.id}`).json(prescription);
  });
  router.get('/pathways/prescriptions/:id', requires('read'), async (req, res) => {
    res.json(await getPrescription(ctx, uuidParam(req, 'Prescription'), actorOf(req).tenancy));
  });
  router.post('/pathways/recognitions', requires('manage'), async (req, res) => {
    validate('urn:mobicred:schema:pathway-recognition', req.body);
    res.status(201).json(await recogniseInstitution(ctx, req.body, actorOf(req)));
  });
  router.post('/pathways/francisation-achievements', requires('manage'), async (req, res) => {
    validate('urn:mobicred:schema:pathway-francisation-achievement', req.body);
    const achievement = await createFrancisationAchievement(ctx, req.body, actorOf(req));
    res.status(201).location(`/v1/achievements/${achievement.id}`).json(achievement);
  });
  router.post('/pathways/completions', requires('issue'), async (req, res) => {
    validate('urn:mobicred:schema:pathway-completion-issue', req.body);
    const completion = await issueCompletion(ctx, req.body as CompletionInput, actorOf(req));
    res.status(201).location(`/v1/credentials/${completion.id}`).json(completion);
  });
  router.get('/pathways/statistics', requires('read'), async (req, res) => {
    const statistics = await pathwayStatistics(ctx, actorOf(req).tenancy);
    const mediaType = req.query.format === 'csv' ? 'text/csv' : req.accepts(['application/json', 'text/csv']);
    res.vary('Accept');
    if (mediaType === 'text/csv') {
      res.type('text/csv; charset=utf-8').attachment('pathway-statistics.csv').send(pathwayStatisticsCsv(statistics));
      return;
    }
    if (mediaType !== 'application/json') throw new NotAcceptableError(['application/json', 'text/csv']);
    res.json(statistics);
  });
  return router;
}

/** The order's check, with no API key: it tells only what the credentials submitted already say. */
export function pathwayPublicRoutes(ctx: ServiceContext, options: { checkRequestsPerMinute: number }): Router {
  const router = Router();
  const checkLimiter = perClientRateLimit({ perMinute: options.checkRequestsPerMinute });
  router.post('/v1/pathways/check', checkLimiter, async (req, res) => {
    ctx.schemas.assertValid('urn:mobicred:schema:pathway-check', req.body);
    res.json(await checkPathway(ctx, req.body));
  });
  return router;
}
