import { Router, type Request, type Response } from 'express';
import type { AppError } from '../../errors.js';
import { NotFoundError, UnsupportedMediaTypeError, ValidationError } from '../../errors.js';
import type { ServiceContext } from '../../services/context.js';
import { createIssuer, getIssuer, listVisibleIssuers, markKeyCompromised, rotateIssuerKey, setIssuerAcademy, setUfmScheme, updateIssuerProfile, getIssuerProfileInput } from '../../services/issuers.js';
import { createAcademy, listAcademyChoices } from '../../services/academies.js';
import { ufmSchemeOfSchool, mobilityFiguresOf } from '../../services/mobilities.js';
import { achievementFromTemplate, BADGE_TEMPLATES, createAchievement, getAchievement, listSchoolAchievements, updateAchievement, type BadgeTemplate } from '../../services/achievements.js';
import { setAchievementImage } from '../../services/badge-images.js';
import type { AchievementInput, JsonObject } from '../../domain/open-badges.js';
import type { UfmScheme } from '../../domain/ufm.js';
import { spreadsheetCell } from '../../domain/spreadsheet-cells.js';
import { multipartForm } from '../multipart.js';
import { uuidParam } from '../params.js';
import { requireCsrfToken, requireStaff } from './session.js';
import { bodyOfForm, formOfBody, formValuesOf, type FieldCodec, type FormValues } from './form-codec.js';
import { formErrors, type FormError, type Input } from './form-kit.js';
import { ACADEMY_INPUTS, BADGE_INPUTS, NEW_ACADEMY_INPUTS, NEW_SCHOOL_INPUTS, PROFILE_INPUTS, renderProfilePage, renderNewSchoolPage, renderBadgeFormPage, renderBadgesPage, renderFiguresPage, renderSchoolPage, renderUfmSchemePage, type FigureRow } from './school-pages.js';
import type { FormSpec } from './stay-forms.js';
import { queryText, sendWorkPage, submitForm, workRequest, type WorkRequest } from './work-context.js';
import { WORK_ROUTES } from './work-paths.js';
import { chooseSessionRole } from '../../services/staff-sessions.js';
import type { WorkMessages } from './work-messages.js';

const COMPROMISE_INPUTS = (m: WorkMessages): Input[] => [
  { pointer: '/verificationMethod', label: m.school.compromiseKey, control: 'select' },
  { pointer: '/compromisedAt', label: m.school.compromiseDate, control: 'date' },
  { pointer: '/reason', label: m.school.compromiseReason, control: 'textarea' },
];
const COMPROMISE_CODECS: FieldCodec[] = ['/verificationMethod', '/compromisedAt', '/reason'].map((pointer) => ({ pointer, type: 'string' }));
const ACADEMY_CODECS: FieldCodec[] = [{ pointer: '/academyId', type: 'string' }];
const NEW_ACADEMY_CODECS: FieldCodec[] = [{ pointer: '/name', type: 'string' }];
const BADGE_CODECS: FieldCodec[] = ['/name', '/description', '/criteria/narrative'].map((pointer) => ({ pointer, type: 'string' }));
/** A badge image, as the API takes it: a small square picture. */
const BADGE_IMAGE_FORM = { fieldBytes: 1024, fileBytes: 1024 * 1024, parts: 3 };
/** Room for new competences below the scheme's own. */
const NEW_COMPETENCE_ROWS = 2;

/** The UFM scheme form: a fieldset a competence (its code, part and wording), then the points. */
function ufmSchemeSpec(m: WorkMessages, rows: number): FormSpec {
  const u = m.ufmScheme;
  const groups: FormSpec['groups'] = Array.from({ length: rows }, (_, index) => ({
    legend: u.competence(index + 1),
    inputs: [
      { pointer: `/competences/${index}/code`, label: `${u.competence(index + 1)} — ${u.code}`, control: 'text' as const },
      { pointer: `/competences/${index}/part`, label: `${u.competence(index + 1)} — ${u.part}`, control: 'select' as const, options: [{ value: '', label: m.common.choose }, { value: '1', label: u.parts['1']! }, { value: '2', label: u.parts['2']! }] },
      { pointer: `/competences/${index}/name/fr`, label: `${u.competence(index + 1)} — ${u.nameFr}`, control: 'text' as const },
      { pointer: `/competences/${index}/name/en`, label: `${u.competence(index + 1)} — ${u.nameEn}`, control: 'text' as const },
    ],
  }));
  groups.push({
    legend: u.points,
    inputs: [
      { pointer: '/part1Points', label: u.part1Points, control: 'number' },
      { pointer: '/part2Points', label: u.part2Points, control: 'number' },
      { pointer: '/passMark', label: u.passMark, control: 'number' },
      { pointer: '/issueBelowPassMark', label: u.issueBelowPassMark, control: 'select', options: [{ value: 'no', label: m.common.no }, { value: 'yes', label: m.common.yes }] },
    ],
  });
  const type = (pointer: string): FieldCodec['type'] =>
    pointer.endsWith('/part') ? 'integer' : pointer.endsWith('Points') || pointer === '/passMark' ? 'number' : pointer === '/issueBelowPassMark' ? 'boolean' : 'string';
  return { groups, codecs: groups.flatMap((group) => group.inputs.map((input) => ({ pointer: input.pointer, type: type(input.pointer) }))) };
}

/** The competences of a posted scheme form, in order: rows left empty are not competences. */
function schemeOfForm(body: JsonObject): JsonObject {
  const competences = (body.competences ?? {}) as Record<string, JsonObject>;
  return { ...body, competences: Object.keys(competences).sort((a, b) => Number(a) - Number(b)).map((index) => competences[index]!) };
}

const NEW_SCHOOL_CODECS: FieldCodec[] = ['/slug', '/name', '/url', '/email', '/address/addressLocality', '/address/addressCountryCode', '/otherIdentifier/0/identifier'].map((pointer) => ({ pointer, type: 'string' }));

/** The body of `POST /v1/issuers` from the new school form: its UAI is an `ext:UAI` identifier. */
function issuerOfForm(body: JsonObject): JsonObject {
  const { otherIdentifier, ...profile } = body;
  const uai = (otherIdentifier as Record<string, JsonObject> | undefined)?.['0']?.identifier;
  return { ...profile, ...(uai !== undefined ? { otherIdentifier: [{ identifier: uai, identifierType: 'ext:UAI' }] } : {}) };
}

const PROFILE_CODECS = NEW_SCHOOL_CODECS.filter((codec) => codec.pointer !== '/slug');

/** The profile form's values, from the school's profile (its UAI: the `ext:UAI` identifier). */
function profileFormValues(profile: JsonObject): FormValues {
  const address = (profile.address ?? {}) as JsonObject;
  const uai = (Array.isArray(profile.otherIdentifier) ? (profile.otherIdentifier as JsonObject[]) : []).find((identifier) => identifier.identifierType === 'ext:UAI');
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    '/name': text(profile.name),
    '/url': text(profile.url),
    '/email': text(profile.email),
    '/address/addressLocality': text(address.addressLocality),
    '/address/addressCountryCode': text(address.addressCountryCode),
    '/otherIdentifier/0/identifier': text(uai?.identifier),
  };
}

/**
 * The whole profile from the form: what it edits replaced in the school's profile, everything else kept (its
 * street, phone, other identifiers…); the name and UAI only when the person may change them (`vouched`).
 */
function profileOfForm(current: JsonObject, values: FormValues, vouched: boolean): JsonObject {
  const value = (pointer: string) => (typeof values[pointer] === 'string' ? (values[pointer] as string).trim() : '');
  const set = (target: JsonObject, key: string, text: string) => (text === '' ? delete target[key] : (target[key] = text));
  const profile: JsonObject = structuredClone(current);
  set(profile, 'url', value('/url'));
  set(profile, 'email', value('/email'));
  const address = { ...((current.address ?? {}) as JsonObject) };
  set(address, 'addressLocality', value('/address/addressLocality'));
  set(address, 'addressCountryCode', value('/address/addressCountryCode'));
  if (Object.keys(address).length > 0) profile.address = address;
  else delete profile.address;
  if (vouched) {
    profile.name = value('/name');
    const others = (Array.isArray(current.otherIdentifier) ? (current.otherIdentifier as JsonObject[]) : []).filter((identifier) => identifier.identifierType !== 'ext:UAI');
    const uai = value('/otherIdentifier/0/identifier');
    profile.otherIdentifier = uai === '' ? others : [{ identifier: uai, identifierType: 'ext:UAI' }, ...others];
  }
  return profile;
}

/** The school itself (profile, DID, keys, UFM scheme), its badges, and an academy's figures. */
export function schoolRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const staffOnly = requireStaff(ctx);

  const schoolPage = async (req: Request, res: Response, work: WorkRequest, extra: { notice?: string; values?: FormValues; errors?: FormError[] } = {}, status = 200) => {
    const school = await getIssuer(ctx, work.school().id, work.staff.actor.tenancy);
    // Who vouches for a school is the platform admin's to say (PUT /v1/issuers/{id}/academy).
    const academies = work.can('administer') ? await listAcademyChoices(ctx, work.staff.actor) : undefined;
    sendWorkPage(
      req,
      res,
      work,
      renderSchoolPage({
        m: work.m,
        language: work.language,
        school,
        canManage: work.can('manage'),
        csrfToken: work.csrfToken,
        values: extra.values ?? {},
        errors: extra.errors ?? [],
        ...(academies ? { academies } : {}),
        ...(extra.notice ? { notice: extra.notice } : {}),
      }),
      { current: 'school', status },
    );
  };
  router.get(WORK_ROUTES.school, staffOnly, async (req, res) => {
    const work = workRequest(req, res);
    const done = queryText(req, 'done');
    const notices: Record<string, string> = {
      rotated: work.m.school.rotated,
      compromised: work.m.school.compromised,
      'school-created': work.m.newSchool.created(work.school().name),
      'academy-saved': work.m.school.academySaved,
      'profile-saved': work.m.school.profileSaved,
      'academy-created': work.m.school.academyCreated,
    };
    const notice = done ? notices[done] : undefined;
    await schoolPage(req, res, work, notice ? { notice } : {});
  });
  router.post(WORK_ROUTES.rotateKey, staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('manage');
    await rotateIssuerKey(ctx, work.school().id, work.staff.actor);
    res.redirect(303, `${work.paths.school}&done=rotated`);
  });
  router.post(WORK_ROUTES.compromiseKey, staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('manage');
    const values = formValuesOf(req.body, COMPROMISE_CODECS);
    const body = bodyOfForm(values, COMPROMISE_CODECS);
    // The form asks for a day; the API takes an instant: the start of that day.
    if (typeof body.compromisedAt === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(body.compromisedAt)) body.compromisedAt = `${body.compromisedAt}T00:00:00Z`;
    await submitForm(
      async () => {
        ctx.schemas.assertValid('urn:mobicred:schema:key-compromise', body);
        // The API takes "now" when no date is given; a person reporting a compromise says from when.
        if (body.compromisedAt === undefined) throw new ValidationError('compromisedAt is required', [{ field: '/compromisedAt', message: 'must have required property' }]);
        const { verificationMethod, compromisedAt, reason } = body as { verificationMethod: string; compromisedAt: string; reason: string };
        await markKeyCompromised(ctx, { issuerId: work.school().id, verificationMethod, compromisedAt: new Date(compromisedAt), reason, actor: work.staff.actor });
        res.redirect(303, `${work.paths.school}&done=compromised`);
      },
      (error) => schoolPage(req, res, work, { values, errors: formErrors(error, COMPROMISE_INPUTS(work.m), COMPROMISE_CODECS, work.m) }, error.status),
    );
  });

  // The school corrects its profile, with the same service and rule as PUT /v1/issuers/{id}/profile.
  const profilePage = async (req: Request, res: Response, work: WorkRequest, submitted?: { values: FormValues; error: AppError }) => {
    const school = await getIssuer(ctx, work.school().id, work.staff.actor.tenancy);
    const vouched = work.can('administer');
    const values = submitted?.values ?? profileFormValues((await getIssuerProfileInput(ctx, school.id, work.staff.actor.tenancy)) as unknown as JsonObject);
    const errors = submitted ? formErrors(submitted.error, PROFILE_INPUTS(work.m, vouched), PROFILE_CODECS, work.m) : [];
    sendWorkPage(req, res, work, renderProfilePage({ m: work.m, language: work.language, school, values, errors, csrfToken: work.csrfToken, vouched }), { current: 'school', ...(submitted ? { status: submitted.error.status } : {}) });
  };
  router.get(WORK_ROUTES.schoolProfile, staffOnly, async (req, res) => {
    const work = workRequest(req, res);
    work.require('manage');
    await profilePage(req, res, work);
  });
  router.post(WORK_ROUTES.schoolProfile, staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('manage');
    const values = formValuesOf(req.body, PROFILE_CODECS);
    const schoolId = work.school().id;
    const current = (await getIssuerProfileInput(ctx, schoolId, work.staff.actor.tenancy)) as unknown as JsonObject;
    await submitForm(
      async () => {
        const profile = profileOfForm(current, values, work.can('administer'));
        ctx.schemas.assertValid('urn:mobicred:schema:issuer-profile', profile);
        await updateIssuerProfile(ctx, schoolId, profile as unknown as Parameters<typeof updateIssuerProfile>[2], work.staff.actor);
        res.redirect(303, `${work.paths.school}&done=profile-saved`);
      },
      (error) => profilePage(req, res, work, { values, error }),
    );
  });
  router.post(WORK_ROUTES.schoolAcademy, staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('administer');
    const values = formValuesOf(req.body, ACADEMY_CODECS);
    const academyId = bodyOfForm(values, ACADEMY_CODECS).academyId;
    await submitForm(
      async () => {
        const body = { academyId: typeof academyId === 'string' ? academyId : null };
        ctx.schemas.assertValid('urn:mobicred:schema:issuer-academy', body);
        await setIssuerAcademy(ctx, work.school().id, body.academyId, work.staff.actor);
        res.redirect(303, `${work.paths.school}&done=academy-saved#academy`);
      },
      async (error) => schoolPage(req, res, work, { values, errors: formErrors(error, ACADEMY_INPUTS(work.m, await listAcademyChoices(ctx, work.staff.actor)), ACADEMY_CODECS, work.m) }, error.status),
    );
  });
  router.post(WORK_ROUTES.newAcademy, staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('administer');
    const values = formValuesOf(req.body, NEW_ACADEMY_CODECS);
    const body = bodyOfForm(values, NEW_ACADEMY_CODECS);
    await submitForm(
      async () => {
        ctx.schemas.assertValid('urn:mobicred:schema:academy-create', body);
        await createAcademy(ctx, body as { name: string }, work.staff.actor, { schoolId: work.school().id });
        res.redirect(303, `${work.paths.school}&done=academy-created#academy`);
      },
      (error) => schoolPage(req, res, work, { values, errors: formErrors(error, NEW_ACADEMY_INPUTS(work.m), NEW_ACADEMY_CODECS, work.m) }, error.status),
    );
  });

  const ufmSchemePage = async (req: Request, res: Response, work: WorkRequest, submitted?: { values: FormValues; rows: number; error: AppError }, notice?: string) => {
    const scheme = await ufmSchemeOfSchool(ctx, work.school().id, work.staff.actor.tenancy);
    const spec = ufmSchemeSpec(work.m, submitted?.rows ?? scheme.competences.length + NEW_COMPETENCE_ROWS);
    const values = submitted?.values ?? formOfBody(scheme as unknown as JsonObject, spec.codecs);
    const errors = submitted ? formErrors(submitted.error, spec.groups.flatMap((group) => group.inputs), spec.codecs, work.m) : [];
    sendWorkPage(req, res, work, renderUfmSchemePage({ m: work.m, language: work.language, spec, values, errors, csrfToken: work.csrfToken, ...(notice ? { notice } : {}) }), {
      current: 'school',
      status: submitted?.error.status ?? 200,
    });
  };
  router.get(WORK_ROUTES.ufmScheme, staffOnly, async (req, res) => {
    const work = workRequest(req, res);
    work.require('manage');
    await ufmSchemePage(req, res, work, undefined, queryText(req, 'done') === 'saved' ? work.m.ufmScheme.saved : undefined);
  });
  router.post(WORK_ROUTES.ufmScheme, staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('manage');
    const rows = Math.min(50, Object.keys(req.body ?? {}).filter((name) => /^\/competences\/\d+\/code$/.test(name)).length);
    const spec = ufmSchemeSpec(work.m, rows);
    const values = formValuesOf(req.body, spec.codecs);
    const scheme = schemeOfForm(bodyOfForm(values, spec.codecs));
    await submitForm(
      async () => {
        ctx.schemas.assertValid('urn:mobicred:schema:ufm-scheme', scheme);
        await setUfmScheme(ctx, work.school().id, scheme as unknown as UfmScheme, work.staff.actor);
        res.redirect(303, `${work.paths.ufmScheme}&done=saved`);
      },
      (error) => ufmSchemePage(req, res, work, { values, rows, error }),
    );
  });

  // Badges: the school's achievements, made from the mobility templates or edited.
  router.get(WORK_ROUTES.badges, staffOnly, async (req, res) => {
    const work = workRequest(req, res);
    const badges = await listSchoolAchievements(ctx, work.school().id, work.staff.actor.tenancy);
    sendWorkPage(req, res, work, renderBadgesPage({ m: work.m, language: work.language, badges, canManage: work.can('manage'), values: {} }), { current: 'badges' });
  });
  const templateOf = (value: unknown): BadgeTemplate => {
    if (!(BADGE_TEMPLATES as readonly unknown[]).includes(value)) throw new NotFoundError('Badge template');
    return value as BadgeTemplate;
  };
  const languageCodeOf = (value: unknown) => (typeof value === 'string' && /^[a-z]{2}$/.test(value.trim().toLowerCase()) ? value.trim().toLowerCase() : undefined);
  const templateDefinition = (work: WorkRequest, source: Record<string, unknown>) => {
    const code = languageCodeOf(source.code);
    return achievementFromTemplate(ctx, { issuerId: work.school().id, template: templateOf(source.template), language: work.language, ...(code ? { languageCode: code } : {}), tenancy: work.staff.actor.tenancy });
  };
  router.get(WORK_ROUTES.newBadge, staffOnly, async (req, res) => {
    const work = workRequest(req, res);
    work.require('manage');
    const definition = await templateDefinition(work, req.query);
    const code = languageCodeOf(req.query.code);
    sendWorkPage(
      req,
      res,
      work,
      renderBadgeFormPage({ m: work.m, language: work.language, badge: undefined, action: work.paths.badges, hidden: { template: String(req.query.template), ...(code ? { code } : {}) }, values: formOfBody(definition as unknown as JsonObject, BADGE_CODECS), errors: [], csrfToken: work.csrfToken }),
      { current: 'badges' },
    );
  });
  router.post(WORK_ROUTES.badges, staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('manage');
    const template = await templateDefinition(work, req.body ?? {});
    const values = formValuesOf(req.body, BADGE_CODECS);
    const definition = { ...template, ...bodyOfForm(values, BADGE_CODECS) } as JsonObject;
    await submitForm(
      async () => {
        const input = { issuerId: work.school().id, ...definition };
        ctx.schemas.assertValid('urn:mobicred:schema:achievement-create', input);
        const badge = await createAchievement(ctx, input as unknown as { issuerId: string } & AchievementInput, work.staff.actor);
        res.redirect(303, work.paths.badge(badge.id));
      },
      (error) =>
        sendWorkPage(
          req,
          res,
          work,
          renderBadgeFormPage({ m: work.m, language: work.language, badge: undefined, action: work.paths.badges, hidden: { template: String(req.body.template), ...(languageCodeOf(req.body.code) ? { code: String(req.body.code) } : {}) }, values, errors: formErrors(error, BADGE_INPUTS(work.m), BADGE_CODECS, work.m), csrfToken: work.csrfToken }),
          { current: 'badges', status: error.status },
        ),
    );
  });
  const badgePage = async (req: Request, res: Response, work: WorkRequest, id: string, submitted?: { values: FormValues; error: AppError }, notice?: string) => {
    const badge = await getAchievement(ctx, id, work.staff.actor.tenancy);
    const values = submitted?.values ?? formOfBody(badge.achievement, BADGE_CODECS);
    const errors = submitted ? formErrors(submitted.error, BADGE_INPUTS(work.m), BADGE_CODECS, work.m) : [];
    sendWorkPage(req, res, work, renderBadgeFormPage({ m: work.m, language: work.language, badge, action: work.paths.badge(badge.id), hidden: {}, values, errors, csrfToken: work.csrfToken, ...(notice ? { notice } : {}) }), {
      current: 'badges',
      status: submitted?.error.status ?? 200,
    });
  };
  router.get('/console/badges/:id', staffOnly, async (req, res, next) => {
    if (String(req.params.id) === 'new') return next();
    const work = workRequest(req, res);
    work.require('manage');
    const done = queryText(req, 'done');
    await badgePage(req, res, work, uuidParam(req, 'Achievement'), undefined, done === 'image' ? work.m.badges.imageSaved : done === 'saved' ? work.m.stay.savedNotice : undefined);
  });
  router.post('/console/badges/:id', staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('manage');
    const id = uuidParam(req, 'Achievement');
    const badge = await getAchievement(ctx, id, work.staff.actor.tenancy);
    const values = formValuesOf(req.body, BADGE_CODECS);
    const { id: _id, type: _type, creator: _creator, image: _image, ...current } = badge.achievement;
    const definition = { ...current, ...bodyOfForm(values, BADGE_CODECS) };
    await submitForm(
      async () => {
        ctx.schemas.assertValid('urn:mobicred:schema:achievement-update', definition);
        await updateAchievement(ctx, id, definition as unknown as AchievementInput, work.staff.actor);
        res.redirect(303, `${work.paths.badge(id)}&done=saved`);
      },
      (error) => badgePage(req, res, work, id, { values, error }),
    );
  });
  router.post('/console/badges/:id/image', staffOnly, multipartForm(BADGE_IMAGE_FORM), requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('manage');
    const id = uuidParam(req, 'Achievement');
    const image = req.body?.image;
    if (!Buffer.isBuffer(image) || image.length === 0) throw new UnsupportedMediaTypeError('image/png or image/svg+xml');
    const png = image.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    await setAchievementImage(ctx, id, { mediaType: png ? 'image/png' : 'image/svg+xml', content: image }, work.staff.actor);
    res.redirect(303, `${work.paths.badge(id)}&done=image`);
  });

  // An academy's (or the platform's) figures: every school the role reads, by host country and programme.
  const figureRows = async (work: WorkRequest): Promise<FigureRow[]> => {
    work.require('read');
    const tenancy = work.staff.actor.tenancy;
    const names = new Map((await listVisibleIssuers(ctx, tenancy)).map((issuer) => [issuer.id, String(issuer.profile.name ?? issuer.slug)]));
    return (await mobilityFiguresOf(ctx, tenancy)).map((row) => ({ school: names.get(row.issuer_id) ?? row.issuer_id, country: row.country, programme: row.programme, stays: row.stays, credentials: row.credentials }));
  };
  // A platform admin creates a school with the service `POST /v1/issuers` uses, then looks at it.
  const newSchoolPage = (req: Request, res: Response, work: WorkRequest, submitted?: { values: FormValues; error: AppError }) =>
    sendWorkPage(
      req,
      res,
      work,
      renderNewSchoolPage({ m: work.m, language: work.language, csrfToken: work.csrfToken, values: submitted?.values ?? {}, errors: submitted ? formErrors(submitted.error, NEW_SCHOOL_INPUTS(work.m), NEW_SCHOOL_CODECS, work.m) : [] }),
      { current: 'home', ...(submitted ? { status: submitted.error.status } : {}) },
    );
  router.get(WORK_ROUTES.newSchool, staffOnly, async (req, res) => {
    const work = workRequest(req, res);
    work.require('administer');
    newSchoolPage(req, res, work);
  });
  router.post(WORK_ROUTES.schools, staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('administer');
    const values = formValuesOf(req.body, NEW_SCHOOL_CODECS);
    const body = issuerOfForm(bodyOfForm(values, NEW_SCHOOL_CODECS));
    await submitForm(
      async () => {
        ctx.schemas.assertValid('urn:mobicred:schema:issuer-create', body);
        const school = await createIssuer(ctx, body as unknown as Parameters<typeof createIssuer>[1], work.staff.actor);
        await chooseSessionRole(ctx, work.staff.session, { roleId: work.staff.role.id, issuerId: school.id });
        res.redirect(303, `${work.paths.school}&done=school-created`);
      },
      (error) => newSchoolPage(req, res, work, { values, error }),
    );
  });

  router.get(WORK_ROUTES.figures, staffOnly, async (req, res) => {
    const work = workRequest(req, res);
    sendWorkPage(req, res, work, renderFiguresPage({ m: work.m, language: work.language, rows: await figureRows(work), academyWide: work.staff.role.role === 'academy-reader' }), { current: 'figures', wide: true });
  });
  router.get(WORK_ROUTES.figuresCsv, staffOnly, async (req, res) => {
    const work = workRequest(req, res);
    const rows = await figureRows(work);
    const f = work.m.figures;
    const lines = [[f.school, f.country, f.programme, f.stays, f.credentials], ...rows.map((row) => [row.school, row.country, row.programme, row.stays, row.credentials])];
    res.type('text/csv; charset=utf-8').attachment('mobicred-figures.csv').set('Cache-Control', 'no-store').send(`\uFEFF${lines.map((line) => line.map((value) => spreadsheetCell(value, ',')).join(',')).join('\r\n')}\r\n`);
  });

  return router;
}
