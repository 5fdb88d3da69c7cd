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
import { actorOf, requires } from '../auth.js';
import { uuidParam } from '../params.js';

/** The school's side of the host mentor's assessment of a stay: the link, and the answer's review. */
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
  return router;
}
