import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import {
  acceptMentorAssessment,
  getMentorAssessment,
  requestMentorAssessment,
  resendMentorLink,
  returnMentorAssessment,
  revokeMentorLink,
} from '../../services/mentor-assessments.js';
import { getMentorGridTexts, listMentorGridLanguages, removeMentorGridTexts, setMentorGridTexts } from '../../services/mentor-grid-texts.js';
import { actorOf, requires } from '../auth.js';
import { uuidParam } from '../params.js';

/** The school's side of the host mentor's assessment of a stay: the link, the answer's review, the grid's texts. */
export function mentorAssessmentRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.post('/mobilities/:id/mentor-assessment', requires('issue'), async (req, res) => {
    const id = uuidParam(req, 'Mobility');
    ctx.schemas.assertValid('urn:mobicred:schema:mentor-link-create', req.body ?? {});
    res.status(201).set('Cache-Control', 'no-store').json(await requestMentorAssessment(ctx, id, req.body ?? {}, actorOf(req)));
  });
  router.get('/mobilities/:id/mentor-assessment', requires('read'), async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await getMentorAssessment(ctx, uuidParam(req, 'Mobility'), actorOf(req)));
  });
  for (const [action, run] of [
    ['resend', resendMentorLink],
    ['revoke', revokeMentorLink],
    ['accept', acceptMentorAssessment],
  ] as const) {
    router.post(`/mobilities/:id/mentor-assessment/${action}`, requires('issue'), async (req, res) => {
      res.set('Cache-Control', 'no-store').json(await run(ctx, uuidParam(req, 'Mobility'), actorOf(req)));
    });
  }
  router.post('/mobilities/:id/mentor-assessment/return', requires('issue'), async (req, res) => {
    const id = uuidParam(req, 'Mobility');
    ctx.schemas.assertValid('urn:mobicred:schema:mentor-assessment-return', req.body);
    res.set('Cache-Control', 'no-store').json(await returnMentorAssessment(ctx, id, (req.body as { question: string }).question, actorOf(req)));
  });

  // The grid's message files for a school's mentors: the body of a PUT is the file itself (key → text).
  router.get('/issuers/:id/mentor-texts', requires('read'), async (req, res) => {
    res.json({ languages: await listMentorGridLanguages(ctx, uuidParam(req, 'Issuer'), actorOf(req).tenancy) });
  });
  router.get('/issuers/:id/mentor-texts/:language', requires('read'), async (req, res) => {
    res.json(await getMentorGridTexts(ctx, uuidParam(req, 'Issuer'), String(req.params.language), actorOf(req).tenancy));
  });
  router.put('/issuers/:id/mentor-texts/:language', requires('manage'), async (req, res) => {
    res.json(await setMentorGridTexts(ctx, uuidParam(req, 'Issuer'), String(req.params.language), req.body, actorOf(req)));
  });
  router.delete('/issuers/:id/mentor-texts/:language', requires('manage'), async (req, res) => {
    await removeMentorGridTexts(ctx, uuidParam(req, 'Issuer'), String(req.params.language), actorOf(req));
    res.status(204).end();
  });
  return router;
}
