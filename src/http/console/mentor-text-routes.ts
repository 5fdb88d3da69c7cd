import { Router, type Request, type Response } from 'express';
import { GRID_LANGUAGE_TAG, GRID_TEXT_KEYS, type GridTextProblem } from '../../domain/mentor-grid-texts.js';
import { NotFoundError, type AppError } from '../../errors.js';
import type { ServiceContext } from '../../services/context.js';
import { getMentorGridTexts, listMentorGridLanguages, removeMentorGridTexts, setMentorGridTexts, shippedGridTexts } from '../../services/mentor-grid-texts.js';
import type { FormValues } from './form-codec.js';
import type { FormError, Input } from './form-kit.js';
import { ADD_LANGUAGE_INPUT, gridTextInputs, marksOf, renderGridLanguagesPage, renderGridTextsPage } from './mentor-text-pages.js';
import { requireCsrfToken, requireStaff } from './session.js';
import { queryText, sendWorkPage, submitForm, workRequest, type WorkRequest } from './work-context.js';
import { WORK_ROUTES } from './work-paths.js';

/** The school's translations of the mentor's grid: the same services as PUT /v1/issuers/{id}/mentor-texts/{language}. */
export function mentorTextRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const staffOnly = requireStaff(ctx);

  const languagesPage = async (req: Request, res: Response, work: WorkRequest, options: { values?: FormValues; errors?: FormError[]; status?: number } = {}) => {
    const languages = await listMentorGridLanguages(ctx, work.school().id, work.staff.actor.tenancy);
    const done = queryText(req, 'done');
    const notice = done === 'saved' ? work.m.gridTexts.saved : done === 'removed' ? work.m.gridTexts.removed : undefined;
    sendWorkPage(
      req,
      res,
      work,
      renderGridLanguagesPage({ m: work.m, language: work.language, languages, canManage: work.can('manage'), csrfToken: work.csrfToken, values: options.values ?? {}, errors: options.errors ?? [], ...(notice ? { notice } : {}) }),
      { current: 'school', status: options.status ?? 200 },
    );
  };

  /** A language's form: the texts in force (the school's or the shipped ones), else empty for a language being added. */
  const textsPage = async (req: Request, res: Response, work: WorkRequest, code: string, submitted?: { values: FormValues; error: AppError }) => {
    const current = await getMentorGridTexts(ctx, work.school().id, code, work.staff.actor.tenancy).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
    const inputs = gridTextInputs(work.m, { fr: shippedGridTexts().get('fr')!, en: shippedGridTexts().get('en')! });
    sendWorkPage(
      req,
      res,
      work,
      renderGridTextsPage({
        m: work.m,
        language: work.language,
        code,
        name: current?.name,
        own: current?.source === 'school',
        shipped: shippedGridTexts().has(code),
        inputs,
        values: submitted?.values ?? { ...current?.texts },
        errors: submitted ? textErrors(submitted.error, inputs, work) : [],
        csrfToken: work.csrfToken,
      }),
      { current: 'school', status: submitted?.error.status ?? 200 },
    );
  };

  /** The language of the address, or a 404: a code that is no language tag names no page. */
  const codeOf = (req: Request) => {
    const code = String(req.params.code);
    if (!GRID_LANGUAGE_TAG.test(code)) throw new NotFoundError(`Mentor grid texts in "${code}"`);
    return code;
  };

  router.get(WORK_ROUTES.mentorTexts, staffOnly, async (req, res) => {
    await languagesPage(req, res, workRequest(req, res));
  });
  // Adding a language: its code, then its form.
  router.post(WORK_ROUTES.mentorTexts, staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('manage');
    const code = typeof req.body?.code === 'string' ? req.body.code.trim() : '';
    if (!GRID_LANGUAGE_TAG.test(code)) {
      return languagesPage(req, res, work, { values: { code }, errors: [{ pointer: 'code', label: ADD_LANGUAGE_INPUT(work.m).label, message: work.m.gridTexts.badCode }], status: 400 });
    }
    res.redirect(303, work.paths.mentorTextsOf(code));
  });
  router.get(WORK_ROUTES.mentorTextsOf(':code'), staffOnly, async (req, res) => {
    const work = workRequest(req, res);
    work.require('manage');
    await textsPage(req, res, work, codeOf(req));
  });
  router.post(WORK_ROUTES.mentorTextsOf(':code'), staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('manage');
    const code = codeOf(req);
    const values: FormValues = Object.fromEntries(Object.keys(GRID_TEXT_KEYS).map((key) => [key, typeof req.body?.[key] === 'string' ? req.body[key].trim() : '']));
    await submitForm(
      async () => {
        await setMentorGridTexts(ctx, work.school().id, code, values, work.staff.actor);
        res.redirect(303, `${work.paths.mentorTexts}&done=saved`);
      },
      (error) => textsPage(req, res, work, code, { values, error }),
    );
  });
  router.post(WORK_ROUTES.removeMentorTexts(':code'), staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('manage');
    await removeMentorGridTexts(ctx, work.school().id, codeOf(req), work.staff.actor);
    res.redirect(303, `${work.paths.mentorTexts}&done=removed`);
  });
  return router;
}

/** The service's refusal, key by key, in the page's words (its `problems` say why each key is refused). */
function textErrors(error: AppError, inputs: readonly Input[], work: WorkRequest): FormError[] {
  const problems = Array.isArray(error.extensions.problems) ? (error.extensions.problems as GridTextProblem['problem'][]) : [];
  const t = work.m.gridTexts;
  return error.errors.map((fieldError, index) => {
    const key = fieldError.field.slice(1);
    const input = inputs.find((candidate) => candidate.pointer === key);
    const problem = problems[index];
    const message =
      problem === 'missing' || problem === 'empty' ? work.m.common.fieldRequired : problem === 'placeholders' ? t.problems.placeholders(marksOf(key)) : problem ? t.problems[problem] : work.m.common.fieldInvalid;
    return { pointer: input?.pointer, label: input?.label ?? key, message };
  });
}
