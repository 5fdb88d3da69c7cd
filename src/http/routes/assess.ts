import express, { Router, type Request, type Response } from 'express';
import { checkMentorForm, mentorFormOf, type MentorForm } from '../../domain/mentor-assessment.js';
import { MentorLinkClosedError, NotFoundError, ValidationError } from '../../errors.js';
import type { ServiceContext } from '../../services/context.js';
import { getHostStatement, mentorRequestOf, openMentorLink, schoolOfMentorLink, submitMentorAnswer, type MentorPageModel } from '../../services/mentor-assessments.js';
import { gridLanguagesOfSchool, gridTextsOfSchool, shippedGridTexts } from '../../services/mentor-grid-texts.js';
import { renderAssessPage, renderClosedLinkPage, renderReviewPage, renderThanksPage, type AssessPageModel, type PageLanguages } from '../assess/assess-page.js';
import { assessMessages } from '../assess/messages.js';
import { sendPage } from '../page-responses.js';
import { tokenParam, uuidParam } from '../params.js';

/** A comment at its limit, its signature and the grid fit with room to spare; more is not a form of this page. */
const FORM_LIMIT = '32kb';

/**
 * The mentor's language, among those the school's grid has (the shipped ones and the school's own): the
 * switch on the page (?lang=), then the link's (the host country's unless the school chose another), since a
 * mentor abroad may borrow any phone; the browser's languages only when there is no link to go by.
 */
function mentorLanguage(req: Request, res: Response, available: readonly string[], linkLanguage: string | undefined): string {
  res.vary('Accept-Language');
  const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  if (asked && available.includes(asked)) return asked;
  if (linkLanguage && available.includes(linkLanguage)) return linkLanguage;
  const accepted = req.get('Accept-Language') ? req.acceptsLanguages(...available) : false;
  return typeof accepted === 'string' ? accepted : 'en';
}

const wantsPage = (req: Request) => req.accepts(['application/problem+json', 'application/json', 'text/html']) === 'text/html';

/** The host mentor's one-time page: no account, the link is the key. */
export function assessRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const pageUrl = (token: string) => ctx.publicUrls.mentorAssessment(token);

  /** The page's words: the school's files first (none for an unknown link), the mentor's language beside French. */
  async function pageLanguages(req: Request, res: Response, schoolId: string | undefined, linkLanguage: string | undefined): Promise<PageLanguages> {
    const languages = (schoolId ? await gridLanguagesOfSchool(ctx, schoolId) : [...shippedGridTexts()].map(([language, texts]) => ({ language, name: texts.languageName! }))).filter(
      ({ language }) => language !== 'fr',
    );
    const language = mentorLanguage(req, res, languages.map((entry) => entry.language), linkLanguage);
    const textsOf = async (tag: string) => (schoolId ? await gridTextsOfSchool(ctx, schoolId, tag) : undefined) ?? shippedGridTexts().get(tag)!;
    return { texts: { mine: assessMessages(language, await textsOf(language)), fr: assessMessages('fr', await textsOf('fr')) }, languages };
  }

  /** A closed or unknown link: a page in the mentor's language saying so and whom to ask, or problem+json. */
  async function sendClosed(req: Request, res: Response, token: string, error: NotFoundError | MentorLinkClosedError) {
    res.vary('Accept');
    if (!wantsPage(req)) throw error;
    const school = error instanceof MentorLinkClosedError ? await schoolOfMentorLink(ctx, token) : undefined;
    const reason = error instanceof MentorLinkClosedError ? error.reason : 'unknown';
    sendPage(res, renderClosedLinkPage({ ...(await pageLanguages(req, res, school?.id, undefined)), pageUrl: pageUrl(token), reason, school: school?.profile }), error.status);
  }

  async function pageModel(req: Request, res: Response, token: string, request: MentorPageModel, values: MentorForm, errors: AssessPageModel['errors'] = []): Promise<AssessPageModel> {
    const languages = await pageLanguages(req, res, request.school.id, request.row.language);
    return {
      ...languages,
      pageUrl: pageUrl(token),
      record: request.record,
      school: request.school.profile,
      scheme: request.scheme,
      grid: request.grid,
      outcomeTranslations: request.row.outcome_translations?.[languages.texts.mine.tag],
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
      sendPage(res, renderAssessPage(await pageModel(req, res, token, request, request.row.answer ? mentorFormOf(request.row.answer) : {})));
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
      const model = await pageModel(req, res, token, request, form, errors);
      if (answer || wantsPage(req)) return sendPage(res, renderAssessPage(model), answer ? 200 : 400);
      const m = model.texts.mine;
      throw new ValidationError(`${m.errorsTitle} ${errors.map((error) => `${error.field}: ${m.problems[error.problem]}`).join('; ')}`, errors.map((error) => ({ field: error.field, message: m.problems[error.problem] })));
    }
    if (step === 'review') return sendPage(res, renderReviewPage(await pageModel(req, res, token, request, form), answer));
    try {
      const answered = await submitMentorAnswer(ctx, token, answer);
      if (!wantsPage(req)) return res.status(201).json({ answeredAt: answered.row.answered_at, statement: answered.row.statement });
      sendPage(res, renderThanksPage({ ...(await pageLanguages(req, res, request.school.id, request.row.language)), pageUrl: pageUrl(token), school: request.school.profile }));
    } catch (error) {
      if (error instanceof MentorLinkClosedError) return sendClosed(req, res, token, error);
      throw error;
    }
  });
  return router;
}
