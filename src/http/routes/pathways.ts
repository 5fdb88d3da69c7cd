import express, { Router, type Request, type Response } from 'express';
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
import { AppError, MalformedRequestError, NotAcceptableError } from '../../errors.js';
import type { JsonObject } from '../../domain/open-badges.js';
import { strictJsonReviver } from '../submission.js';
import { chooseLanguage, sendPage } from '../page-responses.js';
import { PATHWAY_PAGE_LANGUAGES, renderPathwayCheckPage } from '../pathways/check-page.js';
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

/**
 * The order's check, with no API key: it tells only what the credentials submitted already say. The page takes
 * the same submission from a form, or as one link (`?credential=<url>&credential=<url>…`) a candidate can send.
 */
export function pathwayPublicRoutes(ctx: ServiceContext, options: { checkRequestsPerMinute: number }): Router {
  const router = Router();
  const checkLimiter = perClientRateLimit({ perMinute: options.checkRequestsPerMinute });
  const checked = async (submission: unknown) => {
    ctx.schemas.assertValid('urn:mobicred:schema:pathway-check', submission);
    return checkPathway(ctx, submission as { credentials?: unknown[]; presentation?: JsonObject });
  };
  router.post('/v1/pathways/check', checkLimiter, async (req, res) => {
    res.json(await checked(req.body));
  });

  const answerPage = async (req: Request, res: Response, submitted: string, submission: () => unknown) => {
    const language = chooseLanguage(req, res, PATHWAY_PAGE_LANGUAGES);
    const pageUrl = `${ctx.publicBaseUrl}${req.originalUrl}`;
    try {
      sendPage(res, renderPathwayCheckPage({ language, pageUrl, submitted, check: await checked(submission()) }));
    } catch (error) {
      // A person's browser gets the form again saying why; any other client, problem+json.
      res.vary('Accept');
      if (!(error instanceof AppError) || error.status >= 500 || req.accepts(['application/problem+json', 'text/html']) !== 'text/html') throw error;
      const rule = typeof error.extensions.rule === 'string' ? error.extensions.rule : 'other';
      sendPage(res, renderPathwayCheckPage({ language, pageUrl, submitted, refusal: rule }), error.status);
    }
  };
  router.get('/pathways/check', checkLimiter, async (req, res) => {
    const links = [req.query.credential ?? []].flat().filter((link): link is string => typeof link === 'string');
    if (links.length === 0) {
      sendPage(res, renderPathwayCheckPage({ language: chooseLanguage(req, res, PATHWAY_PAGE_LANGUAGES), pageUrl: `${ctx.publicBaseUrl}${req.originalUrl}`, submitted: '' }));
      return;
    }
    await answerPage(req, res, links.join('\n'), () => ({ credentials: links }));
  });
  router.post('/pathways/check', checkLimiter, express.urlencoded({ extended: false, limit: '256kb' }), async (req, res) => {
    const text = typeof req.body?.credentials === 'string' ? req.body.credentials : '';
    await answerPage(req, res, text, () => submissionOfText(text));
  });
  return router;
}

/** The form's text: a JSON list, presentation or credential, or one link or VC-JWT per line. */
function submissionOfText(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
    return { credentials: trimmed.split(/\s*\n\s*/).filter((line) => line.length > 0) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed, strictJsonReviver);
  } catch {
    throw new MalformedRequestError('The credentials are not valid JSON');
  }
  if (Array.isArray(parsed)) return { credentials: parsed };
  if (parsed !== null && typeof parsed === 'object' && 'verifiableCredential' in parsed) return { presentation: parsed };
  return { credentials: [parsed] };
}
