import express, { Router, type Request, type Response } from 'express';
import { checkMentorForm, mentorFormOf, MENTOR_LANGUAGES, type MentorForm, type MentorLanguage } from '../../domain/mentor-assessment.js';
import { MentorLinkClosedError, NotFoundError, ValidationError } from '../../errors.js';
import type { ServiceContext } from '../../services/context.js';
import { getHostStatement, mentorRequestOf, openMentorLink, schoolOfMentorLink, submitMentorAnswer, type MentorPageModel } from '../../services/mentor-assessments.js';
import { renderAssessPage, renderClosedLinkPage, renderReviewPage, renderThanksPage, type AssessPageModel } from '../assess/assess-page.js';
import { ASSESS_MESSAGES } from '../assess/messages.js';
import { sendPage } from '../page-responses.js';
import { tokenParam, uuidParam } from '../params.js';

/** A comment at its limit, its signature and the grid fit with room to spare; more is not a form of this page. */
const FORM_LIMIT = '32kb';

const isMentorLanguage = (value: unknown): value is MentorLanguage => typeof value === 'string' && (MENTOR_LANGUAGES as readonly string[]).includes(value);

/**
 * The mentor's language: the switch on the page (?lang=), then the link's (the host country's unless the school
 * chose another), since a mentor abroad may borrow any phone; the browser's languages only when there is no
 * link to go by (an unknown one).
 */
function mentorLanguage(req: Request, res: Response, linkLanguage: string | undefined): MentorLanguage {
  res.vary('Accept-Language');
  if (isMentorLanguage(req.query.lang)) return req.query.lang;
  if (isMentorLanguage(linkLanguage)) return linkLanguage;
  const accepted = req.get('Accept-Language') ? req.acceptsLanguages(...MENTOR_LANGUAGES) : false;
  return isMentorLanguage(accepted) ? accepted : 'en';
}

const wantsPage = (req: Request) => req.accepts(['application/problem+json', 'application/json', 'text/html']) === 'text/html';

/** The host mentor's one-time page: no account, the link is the key. */
export function assessRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const pageUrl = (token: string) => ctx.publicUrls.mentorAssessment(token);

  /** A closed or unknown link: a page in the mentor's language saying so and whom to ask, or problem+json. */
  async function sendClosed(req: Request, res: Response, token: string, error: NotFoundError | MentorLinkClosedError) {
    res.vary('Accept');
    if (!wantsPage(req)) throw error;
    const school = error instanceof MentorLinkClosedError ? await schoolOfMentorLink(ctx, token) : undefined;
    const language = mentorLanguage(req, res, undefined);
    const reason = error instanceof MentorLinkClosedError ? error.reason : 'unknown';
    sendPage(res, renderClosedLinkPage({ language, pageUrl: pageUrl(token), reason, school: school?.profile }), error.status);
  }

  function pageModel(req: Request, res: Response, token: string, request: MentorPageModel, values: MentorForm, errors: AssessPageModel['errors'] = []): AssessPageModel {
    const language = mentorLanguage(req, res, request.row.language);
    return {
      language,
      pageUrl: pageUrl(token),
      record: request.record,
      school: request.school.profile,
      scheme: request.scheme,
      grid: request.grid,
      outcomeTranslations: request.row.outcome_translations?.[language],
      question: request.row.review === 'returned' ? request.row.review_question : null,
      values,
      errors,
    };
  }

  // The host's signed statement, which credentials issued for the stay name as evidence.
  router.get('/host-statements/:id', async (req, res) => {
    const statement = await getHostStatement(ctx, uuidParam(req, 'Host statement'));
    res.set({ 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' }).type('application/ld+json').send(JSON.stringify(statement));
  });

  // A truncated token is an unknown link like any other: the same page for a browser, the same problem otherwise.
  router.get('/assess/:token', async (req, res) => {
    const token = String(req.params.token);
    try {
      tokenParam(req, 'Assessment link');
      const request = await openMentorLink(ctx, token);
      sendPage(res, renderAssessPage(pageModel(req, res, token, request, request.row.answer ? mentorFormOf(request.row.answer) : {})));
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof MentorLinkClosedError) return sendClosed(req, res, token, error);
      throw error;
    }
  });

  // review → the answer to check, with the values carried along; edit → the form again; submit → signed, once.
  router.post('/assess/:token', express.urlencoded({ extended: false, limit: FORM_LIMIT }), async (req, res) => {
    const token = String(req.params.token);
    const form = (req.body ?? {}) as MentorForm;
    const step = form.step === 'submit' || form.step === 'edit' ? form.step : 'review';
    let request: MentorPageModel;
    try {
      tokenParam(req, 'Assessment link');
      request = await mentorRequestOf(ctx, token);
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof MentorLinkClosedError) return sendClosed(req, res, token, error);
      throw error;
    }
    const { answer, errors } = checkMentorForm(form, request.grid);
    if (step === 'edit' || !answer) {
      if (answer || wantsPage(req)) return sendPage(res, renderAssessPage(pageModel(req, res, token, request, form, errors)), answer ? 200 : 400);
      const m = ASSESS_MESSAGES[mentorLanguage(req, res, request.row.language)];
      throw new ValidationError(`${m.errorsTitle} ${errors.map((error) => `${error.field}: ${m.problems[error.problem]}`).join('; ')}`, errors.map((error) => ({ field: error.field, message: m.problems[error.problem] })));
    }
    if (step === 'review') return sendPage(res, renderReviewPage(pageModel(req, res, token, request, form), answer));
    try {
      const answered = await submitMentorAnswer(ctx, token, answer);
      if (!wantsPage(req)) return res.status(201).json({ answeredAt: answered.row.answered_at, statement: answered.row.statement });
      sendPage(res, renderThanksPage({ language: mentorLanguage(req, res, request.row.language), pageUrl: pageUrl(token), school: request.school.profile }));
    } catch (error) {
      if (error instanceof MentorLinkClosedError) return sendClosed(req, res, token, error);
      throw error;
    }
  });
  return router;
}
