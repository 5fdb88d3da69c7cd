import { Router, type Request, type Response } from 'express';
import { ConflictError, RuleViolationError, ValidationError } from '../../errors.js';
import type { ServiceContext } from '../../services/context.js';
import { acceptMentorAssessment, requestMentorAssessment, resendMentorLink, returnMentorAssessment, revokeMentorLink, type MentorAssessmentView } from '../../services/mentor-assessments.js';
import { uuidParam } from '../params.js';
import { DEFAULT_VALID_DAYS, MENTOR_ROUTES } from './mentor-pages.js';
import { requireCsrfToken, requireStaff } from './session.js';
import { submitForm, workRequest } from './work-context.js';

/**
 * What the stay page says after each action (see MENTOR_MESSAGES.done and .refused): a link made or an answer
 * returned says whether the service emailed it (the view's emailedAt), so that nobody waits for an email never sent.
 */
export type MentorOutcome =
  | 'ready'
  | 'emailed'
  | 'resent'
  | 'revoked'
  | 'accepted'
  | 'returned'
  | 'returned-emailed'
  | 'refused-conflict'
  | 'refused-question'
  | 'refused-days'
  | 'refused-language'
  | 'refused-other';

type Action = 'send' | 'resend' | 'revoke' | 'accept' | 'return';

function outcomeOf(action: Action, view: MentorAssessmentView): MentorOutcome {
  switch (action) {
    case 'send':
      return view.emailedAt ? 'emailed' : 'ready';
    case 'return':
      return view.emailedAt ? 'returned-emailed' : 'returned';
    case 'resend':
      return 'resent';
    case 'revoke':
      return 'revoked';
    case 'accept':
      return 'accepted';
  }
}

/** The school's side of the host mentor's link, from the stay page: the same services as the API. */
export function mentorRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const staffOnly = requireStaff(ctx);

  /** Runs one action, then back to the stay page (post/redirect/get) saying how it went. */
  const act = (action: Action, run: (req: Request, id: string, actor: ReturnType<typeof workRequest>['staff']['actor']) => Promise<MentorAssessmentView>) => async (req: Request, res: Response) => {
    const work = workRequest(req, res);
    work.require('issue');
    const id = uuidParam(req, 'Mobility');
    let shown: MentorOutcome = 'refused-other';
    await submitForm(
      async () => {
        shown = outcomeOf(action, await run(req, id, work.staff.actor));
      },
      (error) => {
        const invalid = error instanceof ValidationError || error instanceof RuleViolationError;
        shown = error instanceof ConflictError ? 'refused-conflict' : invalid ? (action === 'send' ? (error.field === '/language' ? 'refused-language' : 'refused-days') : 'refused-question') : 'refused-other';
      },
    );
    res.redirect(303, `${work.paths.stay(id)}&mentor=${shown}#mentor`);
  };

  router.post(
    MENTOR_ROUTES.send(':id'),
    staffOnly,
    requireCsrfToken,
    act('send', async (req, id, actor) => {
      const days = Number(typeof req.body?.expiresInDays === 'string' && req.body.expiresInDays.trim() !== '' ? req.body.expiresInDays : DEFAULT_VALID_DAYS);
      const language = typeof req.body?.language === 'string' && req.body.language !== '' ? { language: req.body.language as string } : {};
      const input = { ...language, expiresInDays: days, sendEmail: req.body?.sendEmail === 'yes' && ctx.mailer !== undefined };
      ctx.schemas.assertValid('urn:mobicred:schema:mentor-link-create', input);
      return requestMentorAssessment(ctx, id, input, actor);
    }),
  );
  router.post(MENTOR_ROUTES.action(':id', 'resend'), staffOnly, requireCsrfToken, act('resend', (_req, id, actor) => resendMentorLink(ctx, id, actor)));
  router.post(MENTOR_ROUTES.action(':id', 'revoke'), staffOnly, requireCsrfToken, act('revoke', (_req, id, actor) => revokeMentorLink(ctx, id, actor)));
  router.post(MENTOR_ROUTES.action(':id', 'accept'), staffOnly, requireCsrfToken, act('accept', (_req, id, actor) => acceptMentorAssessment(ctx, id, actor)));
  router.post(
    MENTOR_ROUTES.action(':id', 'return'),
    staffOnly,
    requireCsrfToken,
    act('return', async (req, id, actor) => {
      const body = { question: typeof req.body?.question === 'string' ? req.body.question.trim() : '' };
      ctx.schemas.assertValid('urn:mobicred:schema:mentor-assessment-return', body);
      return returnMentorAssessment(ctx, id, body.question, actor);
    }),
  );
  return router;
}
