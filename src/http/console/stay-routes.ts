import { Router, type Request, type Response } from 'express';
import type { AppError } from '../../errors.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { getMentorAssessment } from '../../services/mentor-assessments.js';
import { listMentorGridLanguages } from '../../services/mentor-grid-texts.js';
import { mentorLanguageOf } from '../../domain/mentor-assessment.js';
import type { ServiceContext } from '../../services/context.js';
import { cohortColumnOf, cohortTemplate } from '../../batches/cohort-file.js';
import { createBatch, getBatch } from '../../services/batches.js';
import { listCredentialSummaries } from '../../services/credential-listing.js';
import {
  assessMobility,
  createMobility,
  getMobility,
  getMobilitySummary,
  issueMobilityCredentials,
  listMobilitySummaries,
  mobilityInputProblems,
  previewMobilityCredentials,
  ufmSchemeOfSchool,
  updateMobility,
  withheldCredentialsOf,
} from '../../services/mobilities.js';
import { groupmateOf, type MobilityRecord } from '../../domain/mobility.js';
import type { MobilityAssessment } from '../../domain/mobility-achievements.js';
import { multipartForm } from '../multipart.js';
import { mobilityFilter } from '../mobility-filter.js';
import { uuidOf, uuidParam } from '../params.js';
import { requireCsrfToken, requireStaff } from './session.js';
import { bodyOfForm, formOfBody, formValuesOf, inputId, inputOfError, type FormValues } from './form-codec.js';
import { formErrors, type FormError } from './form-kit.js';
import { assessmentFormSpec, stayFormSpec } from './stay-forms.js';
import { renderAssessmentPage, renderGroupStaysPage, renderStayFormPage, type GroupStayOutcome, renderStayPage, renderStaysPage, type StayFilters } from './stay-pages.js';
import { renderBatchPage, renderGroupIssuePage, renderImportPage, renderPreviewPage, type GroupIssueOutcome, type PreviewGap } from './issue-pages.js';
import { credentialPreview } from './credential-preview.js';
import { mentorNotice } from './mentor-messages.js';
import { mentorSection } from './mentor-pages.js';
import { queryText, sendWorkPage, submitForm, workRequest, type WorkRequest } from './work-context.js';
import { WORK_ROUTES } from './work-paths.js';
import { juryRequest, sendUfmJury } from '../documents/ufm-jury.js';
import { ufmJury } from '../../services/documents.js';
import type { WorkLanguage } from './work-messages.js';

const PAGE_SIZE = 50;
/** The same limits as the API's cohort upload: a file of a few thousand rows fits. */
const COHORT_FORM = { fieldBytes: 1024, fileBytes: 5 * 1024 * 1024, parts: 4 };

function credentialLanguage(value: unknown, fallback: WorkLanguage): WorkLanguage {
  return value === 'fr' || value === 'en' ? value : fallback;
}

/** The stays of the school looked at: home, list, record, correct, duplicate, assess, preview and issue, import. */
export function stayRoutes(ctx: ServiceContext, options: { onBatchCreated: () => void }): Router {
  const router = Router();
  const staffOnly = requireStaff(ctx);

  const staysPage = async (req: Request, res: Response, work: WorkRequest, errors: FormError[] = [], status = 200) => {
    const filters: StayFilters = {};
    for (const name of ['q', 'year', 'class', 'programme', 'country', 'progress'] as const) {
      const value = queryText(req, name);
      if (value !== undefined) filters[name] = value;
    }
    const after = queryText(req, 'after');
    let page: Awaited<ReturnType<typeof listMobilitySummaries>> = { mobilities: [], next: null };
    await submitForm(
      async () => {
        page = await listMobilitySummaries(ctx, work.staff.actor.tenancy, { issuerId: work.school().id, limit: PAGE_SIZE, ...(after ? { after } : {}), ...mobilityFilter(filters) });
      },
      (error) => {
        errors = filterErrors(error, work);
        status = error.status;
      },
    );
    const nextQuery = new URLSearchParams({ ...filters, lang: work.language, ...(page.next ? { after: page.next } : {}) });
    sendWorkPage(
      req,
      res,
      work,
      renderStaysPage({
        m: work.m,
        language: work.language,
        filters,
        stays: page.mobilities,
        nextHref: page.next ? `${WORK_ROUTES.stays}?${nextQuery}` : undefined,
        csrfToken: work.csrfToken,
        canIssue: work.can('issue'),
        errors,
        jurySessions: recentExamSessions(ctx.now()),
      }),
      { current: 'stays', status, scripts: ['console-work.js'], wide: true },
    );
  };
  router.get(WORK_ROUTES.stays, staffOnly, async (req, res) => staysPage(req, res, workRequest(req, res)));
  // The UFM jury's list, as GET /v1/issuers/{id}/ufm-jury gives it.
  router.get(WORK_ROUTES.ufmJury, staffOnly, async (req, res) => {
    const work = workRequest(req, res);
    work.require('read');
    const { session, format } = juryRequest(req.query as Record<string, unknown>);
    await sendUfmJury(res, await ufmJury(ctx, work.school().id, session, work.staff.actor.tenancy), format);
  });

  // The stay form: a new stay, a duplicate of one (its stay, not its participant), a correction.
  const stayForm = (req: Request, res: Response, work: WorkRequest, form: { mode: 'new' | 'edit' | 'duplicate'; action: string; values: FormValues; errors?: FormError[]; cancelHref: string }, status = 200) => {
    const spec = stayFormSpec(work.m, work.language);
    sendWorkPage(req, res, work, renderStayFormPage({ m: work.m, language: work.language, spec, csrfToken: work.csrfToken, errors: [], ...form }), { current: 'stays', status });
  };
  const saveStay = async (req: Request, res: Response, mode: 'new' | 'edit' | 'duplicate', id: string | undefined) => {
    const work = workRequest(req, res);
    work.require('issue');
    const spec = stayFormSpec(work.m, work.language);
    const values = formValuesOf(req.body, spec.codecs);
    const record = bodyOfForm(values, spec.codecs);
    const refused = (problems: AppError[]) =>
      stayForm(
        req,
        res,
        work,
        { mode, action: id ? work.paths.editStay(id) : work.paths.stays, values, errors: formErrors(problems, spec.groups.flatMap((group) => group.inputs), spec.codecs, work.m), cancelHref: id ? work.paths.stay(id) : work.paths.stays },
        problems[0]!.status,
      );
    // Every problem of the form at once, rather than the rules' only after the schema's are fixed.
    const problems = mobilityInputProblems(ctx, { ...record, issuerId: work.school().id });
    if (problems.length > 0) return refused(problems);
    await submitForm(
      async () => {
        if (id) {
          await updateMobility(ctx, id, record as unknown as MobilityRecord, work.staff.actor);
          res.redirect(303, `${work.paths.stay(id)}&done=saved`);
          return;
        }
        const { mobility, created } = await createMobility(ctx, { ...(record as unknown as MobilityRecord), issuerId: work.school().id }, work.staff.actor);
        res.redirect(303, `${work.paths.stay(mobility.id)}&done=${created ? 'saved' : 'exists'}`);
      },
      (error) => refused([error]),
    );
  };

  router.get(WORK_ROUTES.newStay, staffOnly, async (req, res) => {
    const work = workRequest(req, res);
    work.require('issue');
    const from = queryText(req, 'from');
    if (!from) return stayForm(req, res, work, { mode: 'new', action: work.paths.stays, values: {}, cancelHref: work.paths.stays });
    const original = await getMobility(ctx, uuidOf(from, 'Mobility'), work.staff.actor.tenancy);
    const spec = stayFormSpec(work.m, work.language);
    const values = formOfBody({ ...original.record, participant: groupmateOf(original.record.participant, original.record.startDate) } as unknown as Record<string, never>, spec.codecs);
    stayForm(req, res, work, { mode: 'duplicate', action: work.paths.stays, values, cancelHref: work.paths.stay(original.id) });
  });
  router.post(WORK_ROUTES.stays, staffOnly, requireCsrfToken, (req, res) => saveStay(req, res, 'new', undefined));

  router.get('/console/stays/:id', staffOnly, async (req, res, next) => {
    // Not an id: a page of its own further on (the import form).
    if (!/^[0-9a-f-]{36}$/i.test(String(req.params.id))) return next();
    const work = workRequest(req, res);
    const id = uuidParam(req, 'Mobility');
    const stay = await getMobilitySummary(ctx, id, work.staff.actor.tenancy);
    const { credentials } = await listCredentialSummaries(ctx, work.staff.actor.tenancy, { mobilityId: stay.id, limit: 20 });
    const done = queryText(req, 'done');
    const issued = Number(queryText(req, 'issued') ?? Number.NaN);
    const notice =
      done === 'saved' ? work.m.stay.savedNotice : done === 'exists' ? work.m.conflicts.stayExists : Number.isInteger(issued) ? (issued > 0 ? work.m.stay.issuedNotice(issued) : work.m.stay.nothingNew) : undefined;
    const mentor = await getMentorAssessment(ctx, id, work.staff.actor).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
    const mentorPart = mentorSection({
      m: work.m,
      language: work.language,
      stay,
      mentor,
      canIssue: work.can('issue'),
      csrfToken: work.csrfToken,
      mailer: ctx.mailer !== undefined,
      outcome: mentorNotice(queryText(req, 'mentor'), work.language),
      languages: (await listMentorGridLanguages(ctx, stay.issuerId, work.staff.actor.tenancy)).filter(({ language }) => language !== 'fr'),
      suggestedLanguage: mentorLanguageOf(stay.record.hostOrganisation.countryCode),
    });
    sendWorkPage(
      req,
      res,
      work,
      renderStayPage({
        m: work.m,
        language: work.language,
        stay,
        credentials: credentials.filter((credential) => credential.copyOf === null),
        // Asked of an assessed stay only (none is withheld before).
        withheld: stay.assessment ? await withheldCredentialsOf(ctx, stay.id, work.staff.actor) : [],
        canIssue: work.can('issue'),
        csrfToken: work.csrfToken,
        mentorSection: mentorPart,
        ...(notice ? { notice } : {}),
      }),
      // The mentor's link has a copy button.
      { current: 'stays', scripts: ['copy-buttons.js'] },
    );
  });

  // The same stay for the rest of a group: one participant a line ("name, email"), each a stay of its own.
  router.post('/console/stays/:id/group', staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('issue');
    const original = await getMobility(ctx, uuidParam(req, 'Mobility'), work.staff.actor.tenancy);
    const lines = String(typeof req.body?.participants === 'string' ? req.body.participants : '').split(/\r?\n/).slice(0, 200);
    const outcomes: GroupStayOutcome[] = [];
    for (const [index, line] of lines.entries()) {
      if (line.trim() === '') continue;
      const match = /^\s*(.*?)\s*[,;\t]\s*(\S+@\S+)\s*$/.exec(line);
      const participant = match && { ...groupmateOf(original.record.participant, original.record.startDate), name: match[1]!, email: match[2]! };
      const input = participant && { ...original.record, participant, issuerId: original.issuerId };
      if (!input || input.participant.name === '' || ctx.schemas.errorsOf('urn:mobicred:schema:mobility-create', input).length > 0) {
        outcomes.push({ line: index + 1, name: line.trim(), stayId: undefined, created: false });
        continue;
      }
      const { mobility, created } = await createMobility(ctx, input, work.staff.actor);
      outcomes.push({ line: index + 1, name: input.participant.name, stayId: mobility.id, created });
    }
    sendWorkPage(req, res, work, renderGroupStaysPage({ m: work.m, language: work.language, outcomes }), { current: 'stays' });
  });

  router.get('/console/stays/:id/edit', staffOnly, async (req, res) => {
    const work = workRequest(req, res);
    work.require('issue');
    const stay = await getMobility(ctx, uuidParam(req, 'Mobility'), work.staff.actor.tenancy);
    const spec = stayFormSpec(work.m, work.language);
    stayForm(req, res, work, { mode: 'edit', action: work.paths.editStay(stay.id), values: formOfBody(stay.record as unknown as Record<string, never>, spec.codecs), cancelHref: work.paths.stay(stay.id) });
  });
  router.post('/console/stays/:id/edit', staffOnly, requireCsrfToken, async (req, res) => {
    const id = uuidParam(req, 'Mobility');
    // Read first: another school's stay is a 404 before any form is considered.
    await getMobility(ctx, id, workRequest(req, res).staff.actor.tenancy);
    await saveStay(req, res, 'edit', id);
  });

  // The assessment form: the school's UFM scheme names the competences.
  const assessmentPage = async (req: Request, res: Response, work: WorkRequest, id: string, submitted?: { values: FormValues; error: AppError }) => {
    const stay = await getMobility(ctx, id, work.staff.actor.tenancy);
    const spec = assessmentFormSpec(work.m, work.language, { record: stay.record, ufmApplies: stay.ufmApplies, ufmScheme: await ufmSchemeOfSchool(ctx, stay.issuerId, work.staff.actor.tenancy) });
    const values = submitted?.values ?? formOfBody((stay.assessment ?? {}) as Record<string, never>, spec.codecs);
    const errors = submitted ? formErrors(submitted.error, spec.groups.flatMap((group) => group.inputs), spec.codecs, work.m) : [];
    sendWorkPage(req, res, work, renderAssessmentPage({ m: work.m, language: work.language, stay, action: work.paths.assessment(stay.id), spec, values, errors, csrfToken: work.csrfToken }), {
      current: 'stays',
      status: submitted?.error.status ?? 200,
    });
  };
  router.get('/console/stays/:id/assessment', staffOnly, async (req, res) => {
    const work = workRequest(req, res);
    work.require('issue');
    await assessmentPage(req, res, work, uuidParam(req, 'Mobility'));
  });
  router.post('/console/stays/:id/assessment', staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('issue');
    const id = uuidParam(req, 'Mobility');
    const stay = await getMobility(ctx, id, work.staff.actor.tenancy);
    const spec = assessmentFormSpec(work.m, work.language, { record: stay.record, ufmApplies: stay.ufmApplies, ufmScheme: await ufmSchemeOfSchool(ctx, stay.issuerId, work.staff.actor.tenancy) });
    const values = formValuesOf(req.body, spec.codecs);
    const assessment = bodyOfForm(values, spec.codecs);
    await submitForm(
      async () => {
        ctx.schemas.assertValid('urn:mobicred:schema:mobility-assessment', assessment);
        await assessMobility(ctx, id, assessment as MobilityAssessment, work.staff.actor);
        res.redirect(303, `${work.paths.stay(id)}&done=saved`);
      },
      (error) => assessmentPage(req, res, work, id, { values, error }),
    );
  });

  // Preview (GET) and issue (POST): the same plan of what the stay earns. What the assessment still lacks is
  // said on the preview, each item named as the assessment form names it and linked to its input there.
  const previewPage = async (req: Request, res: Response, work: WorkRequest, id: string, language: WorkLanguage, refusal?: AppError, reissueRevoked = false) => {
    const stay = await getMobility(ctx, id, work.staff.actor.tenancy);
    let plan: Awaited<ReturnType<typeof previewMobilityCredentials>> = { previews: [], withheld: [], gaps: [] };
    let errors: FormError[] = [];
    let status = refusal?.status ?? 200;
    await submitForm(
      async () => {
        plan = await previewMobilityCredentials(ctx, id, { language, actor: work.staff.actor, reissueRevoked });
      },
      (error) => {
        // Not assessed yet: said at the top, with nothing to preview.
        errors = formErrors(error, [], [], work.m);
        status = error.status;
      },
    );
    if (refusal && plan.gaps.length === 0 && errors.length === 0) errors = formErrors(refusal, [], [], work.m);
    const spec = assessmentFormSpec(work.m, work.language, { record: stay.record, ufmApplies: stay.ufmApplies, ufmScheme: await ufmSchemeOfSchool(ctx, stay.issuerId, work.staff.actor.tenancy) });
    const inputs = spec.groups.flatMap((group) => group.inputs);
    const gaps = plan.gaps.map((gap): PreviewGap => {
      const pointer = inputOfError(gap, spec.codecs);
      return {
        kind: gap.kind,
        href: `${work.paths.assessment(id)}${pointer ? `#${inputId(pointer)}` : ''}`,
        label: inputs.find((input) => input.pointer === pointer)?.label ?? work.m.credentialKinds[gap.kind],
        message: work.m.preview.gapMessages[gap.rule] ?? work.m.rules[gap.rule] ?? work.m.common.fieldInvalid,
      };
    });
    sendWorkPage(
      req,
      res,
      work,
      renderPreviewPage({
        m: work.m,
        language: work.language,
        stay,
        credentialLanguage: language,
        previews: plan.previews.map((preview, index) => ({ kind: preview.kind, issuedId: preview.issued?.id, revoked: preview.revoked, shown: credentialPreview(preview, work.language, index) })),
        withheld: plan.withheld,
        gaps,
        csrfToken: work.csrfToken,
        errors,
        reissueRevoked,
      }),
      { current: 'stays', status, scripts: ['console-work.js'] },
    );
  };
  router.get('/console/stays/:id/credentials', staffOnly, async (req, res) => {
    const work = workRequest(req, res);
    work.require('issue');
    await previewPage(req, res, work, uuidParam(req, 'Mobility'), credentialLanguage(req.query.language, work.language), undefined, queryText(req, 'reissue') === 'revoked');
  });
  router.post('/console/stays/:id/credentials', staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('issue');
    const id = uuidParam(req, 'Mobility');
    const language = credentialLanguage(req.body?.language, work.language);
    // The group page's script issues stay by stay and reads the counts (or the problem).
    const wantsJson = req.accepts(['text/html', 'application/json']) === 'application/json';
    if (wantsJson) {
      const { credentials } = await issueMobilityCredentials(ctx, id, { language, actor: work.staff.actor });
      const issued = credentials.filter((credential) => credential.issued).length;
      return void res.json({ issued, alreadyIssued: credentials.length - issued });
    }
    const reissueRevoked = req.body?.reissueRevoked === 'yes';
    await submitForm(
      async () => {
        const { credentials } = await issueMobilityCredentials(ctx, id, { language, actor: work.staff.actor, reissueRevoked });
        res.redirect(303, `${work.paths.stay(id)}&issued=${credentials.filter((credential) => credential.issued).length}`);
      },
      // Refused (an assessment incomplete, none at all): the preview again, saying why.
      (error) => previewPage(req, res, work, id, language, error, reissueRevoked),
    );
  });

  // A group: the stays selected in the list, issued one after the other (the page's script shows each as it goes).
  router.post(WORK_ROUTES.issueGroup, staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('issue');
    const selected = [req.body?.stay].flat().filter((value): value is string => typeof value === 'string');
    if (selected.length === 0) {
      return staysPage(req, res, work, [{ pointer: undefined, label: '', message: work.m.groupIssue.noneSelected }], 400);
    }
    const language = credentialLanguage(req.body?.language, work.language);
    const outcomes: GroupIssueOutcome[] = [];
    for (const stayId of selected.slice(0, 200)) {
      const id = uuidOf(stayId, 'Mobility');
      const stay = await getMobility(ctx, id, work.staff.actor.tenancy);
      const name = stay.record.participant.name ?? stay.record.participant.email;
      await submitForm(
        async () => {
          const { credentials } = await issueMobilityCredentials(ctx, id, { language, actor: work.staff.actor });
          const issued = credentials.filter((credential) => credential.issued).length;
          outcomes.push({ stayId: id, name, issued, alreadyIssued: credentials.length - issued, refusal: undefined });
        },
        (error) => {
          outcomes.push({ stayId: id, name, issued: 0, alreadyIssued: 0, refusal: error.code === 'conflict' ? work.m.conflicts.notAssessed : (formErrors(error, [], [], work.m)[0]?.message ?? error.message) });
        },
      );
    }
    sendWorkPage(req, res, work, renderGroupIssuePage({ m: work.m, language: work.language, outcomes, errors: [] }), { current: 'stays' });
  });

  // A cohort file: the API's batch service, followed on its page.
  const importPage = (req: Request, res: Response, work: WorkRequest, errors: FormError[] = [], status = 200) =>
    sendWorkPage(req, res, work, renderImportPage({ m: work.m, language: work.language, errors, csrfToken: work.csrfToken }), { current: 'stays', status });
  router.get(WORK_ROUTES.importStays, staffOnly, (req, res) => {
    const work = workRequest(req, res);
    work.require('issue');
    importPage(req, res, work);
  });
  router.get(WORK_ROUTES.cohortTemplate, staffOnly, (_req, res) => {
    res.type('text/csv').attachment('mobicred-cohort-template.csv').send(cohortTemplate());
  });
  router.post(WORK_ROUTES.importStays, staffOnly, multipartForm(COHORT_FORM), requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('issue');
    const file = req.body?.file;
    if (!Buffer.isBuffer(file) || file.length === 0) return importPage(req, res, work, [{ pointer: 'file', label: work.m.import.file, message: work.m.import.noFile }], 400);
    await submitForm(
      async () => {
        const batch = await createBatch(ctx, { issuerId: work.school().id, language: credentialLanguage(req.body?.language, work.language), file, actor: work.staff.actor });
        options.onBatchCreated();
        res.redirect(303, work.paths.batch(batch.id));
      },
      (error) => importPage(req, res, work, [{ pointer: 'file', label: work.m.import.file, message: work.m.import.invalidFile(error.field === 'file' ? undefined : error.field) }], error.status),
    );
  });
  router.get('/console/batches/:id', staffOnly, async (req, res) => {
    const work = workRequest(req, res);
    const batch = await getBatch(ctx, uuidParam(req, 'Batch'), work.staff.actor.tenancy);
    const fieldLabel = (field: string) => `${cohortColumnOf(field) ?? field}`;
    sendWorkPage(req, res, work, renderBatchPage({ m: work.m, language: work.language, batch, fieldLabel }), { current: 'stays', scripts: ['console-work.js'] });
  });
  router.get('/console/batches/:id/status', staffOnly, async (req, res) => {
    const work = workRequest(req, res);
    const batch = await getBatch(ctx, uuidParam(req, 'Batch'), work.staff.actor.tenancy);
    res.set('Cache-Control', 'no-store').json({ status: batch.status, total: batch.counts.total, done: batch.counts.total - batch.counts.pending, text: work.m.import.counts(batch.counts) });
  });

  return router;
}

/** A list filter refused (a year that is not one): shown above the list, naming the filter. */
function filterErrors(error: AppError, work: WorkRequest): FormError[] {
  const labels: Record<string, string> = { q: work.m.stays.q, year: work.m.stays.year, class: work.m.stays.class, programme: work.m.stays.programme, country: work.m.stays.country, progress: work.m.stays.state };
  if (!(error instanceof ValidationError)) return [{ pointer: undefined, label: '', message: work.m.common.fieldInvalid }];
  return error.errors.map((fieldError) => ({ pointer: fieldError.field in labels ? fieldError.field : undefined, label: labels[fieldError.field] ?? '', message: work.m.common.fieldInvalid }));
}

/** The exam sessions a school exports for: this school year's (September to August) first, then the two before. */
function recentExamSessions(now: Date): number[] {
  const current = now.getUTCMonth() >= 8 ? now.getUTCFullYear() + 1 : now.getUTCFullYear();
  return [current, current - 1, current - 2];
}
