import { Router, type Request, type Response } from 'express';
import { isUuid } from '../../domain/uuid.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { ServiceContext } from '../../services/context.js';
import { createApiKey, listManagedApiKeys, revokeApiKey } from '../../services/api-keys.js';
import { invitePerson, listSchoolInvitations, listSchoolPeople, removePersonFromSchool, SCHOOL_STAFF_ROLES, type SchoolStaffRole } from '../../services/staff-people.js';
import type { StaffContext } from '../../services/staff-roles.js';
import { sendPage } from '../page-responses.js';
import { consoleHref, consoleLanguage } from './layout.js';
import { CONSOLE_MESSAGES, type ConsoleLanguage } from './messages.js';
import { renderApiKeysPage, renderPeoplePage, renderRemovePersonPage } from './people-pages.js';
import { requireCsrfToken, requireStaff, staffOf } from './session.js';

const field = (req: Request, name: string): string => (typeof req.body?.[name] === 'string' ? req.body[name].trim() : '');

/** The school looked at, which these pages are about; a role over no school has nothing to show here. */
function schoolOf(staff: StaffContext): { id: string; name: string } {
  if (!staff.school) throw new NotFoundError('A school to look at');
  return staff.school;
}

/** Field errors of a refused form, in the page's language: the services name the fields. */
function formErrors(language: ConsoleLanguage, error: unknown, labels: Record<string, string>): Record<string, string> | undefined {
  if (!(error instanceof ValidationError)) return undefined;
  return Object.fromEntries(error.errors.map((fieldError) => [fieldError.field.replace(/^\//, ''), labels[fieldError.field.replace(/^\//, '')] ?? CONSOLE_MESSAGES[language].problems.other]));
}

/** People and roles, and API keys, of the school looked at: the same services (and permission checks) as the API. */
export function peopleRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const staffOnly = requireStaff(ctx);

  const peoplePage = async (req: Request, res: Response, extra: Partial<Parameters<typeof renderPeoplePage>[0]> = {}, status = 200) => {
    const staff = staffOf(req);
    const school = schoolOf(staff);
    const people = await listSchoolPeople(ctx, staff.actor, school.id);
    const pending = await listSchoolInvitations(ctx, staff.actor, school.id);
    sendPage(res, renderPeoplePage({ language: consoleLanguage(req, res), path: req.originalUrl, staff, school, people, pending, ...extra }), status);
  };

  router.get('/console/people', staffOnly, async (req, res) => {
    const m = CONSOLE_MESSAGES[consoleLanguage(req, res)];
    const removed = typeof req.query.removed === 'string' ? req.query.removed : undefined;
    await peoplePage(req, res, removed ? { notice: m.people.removed(removed) } : {});
  });

  router.post('/console/people/invite', staffOnly, requireCsrfToken, async (req, res) => {
    const language = consoleLanguage(req, res);
    const m = CONSOLE_MESSAGES[language];
    const staff = staffOf(req);
    const input = { email: field(req, 'email'), name: field(req, 'name'), role: field(req, 'role') };
    try {
      const invitation = await invitePerson(ctx, staff.actor, { issuerId: schoolOf(staff).id, ...input, role: input.role as SchoolStaffRole, invitedBy: staff.person.name, language });
      await peoplePage(req, res, { invitation, notice: m.people.invited(input.email) }, 201);
    } catch (error) {
      const errors = formErrors(language, error, { email: m.signIn.email, name: m.people.name, role: m.people.role });
      if (!errors) throw error;
      await peoplePage(req, res, { errors, invite: input }, 400);
    }
  });

  const personOf = async (req: Request) => {
    const staff = staffOf(req);
    const personId = String(req.params.personId);
    const person = isUuid(personId) ? (await listSchoolPeople(ctx, staff.actor, schoolOf(staff).id)).find((candidate) => candidate.id === personId) : undefined;
    if (!person) throw new NotFoundError(`Person ${personId} in this school`);
    return person;
  };

  router.get('/console/people/:personId/remove', staffOnly, async (req, res) => {
    const staff = staffOf(req);
    sendPage(res, renderRemovePersonPage({ language: consoleLanguage(req, res), path: req.originalUrl, staff, school: schoolOf(staff), person: await personOf(req) }));
  });

  router.post('/console/people/:personId/remove', staffOnly, requireCsrfToken, async (req, res) => {
    const staff = staffOf(req);
    const person = await personOf(req);
    await removePersonFromSchool(ctx, staff.actor, { issuerId: schoolOf(staff).id, personId: person.id, removedBy: staff.person.id });
    res.redirect(303, consoleHref(`/console/people?removed=${encodeURIComponent(person.name)}`, consoleLanguage(req, res)));
  });

  const apiKeysPage = async (req: Request, res: Response, extra: Partial<Parameters<typeof renderApiKeysPage>[0]> = {}, status = 200) => {
    const staff = staffOf(req);
    const school = schoolOf(staff);
    // A platform admin manages every key: the page shows those of the school looked at.
    const keys = (await listManagedApiKeys(ctx, staff.actor)).filter((key) => key.issuerId === school.id);
    res.set('Cache-Control', 'no-store');
    sendPage(res, renderApiKeysPage({ language: consoleLanguage(req, res), path: req.originalUrl, staff, school, keys, ...extra }), status);
  };

  router.get('/console/api-keys', staffOnly, (req, res) => apiKeysPage(req, res));

  router.post('/console/api-keys', staffOnly, requireCsrfToken, async (req, res) => {
    const language = consoleLanguage(req, res);
    const m = CONSOLE_MESSAGES[language];
    const staff = staffOf(req);
    const form = { name: field(req, 'name'), role: field(req, 'role') };
    const errors = {
      ...(form.name ? {} : { name: m.apiKeys.name }),
      ...((SCHOOL_STAFF_ROLES as readonly string[]).includes(form.role) ? {} : { role: m.apiKeys.role }),
    };
    if (Object.keys(errors).length > 0) return apiKeysPage(req, res, { errors, form }, 400);
    // The secret is on this answer only (no-store): a reload does not show it again.
    const created = await createApiKey(ctx, { name: form.name, role: form.role as SchoolStaffRole, issuerId: schoolOf(staff).id }, staff.actor);
    await apiKeysPage(req, res, { created: { name: created.name, secret: created.secret } }, 201);
  });

  router.post('/console/api-keys/:id/revoke', staffOnly, requireCsrfToken, async (req, res) => {
    const staff = staffOf(req);
    const id = String(req.params.id);
    const key = isUuid(id) ? (await listManagedApiKeys(ctx, staff.actor)).find((candidate) => candidate.id === id && candidate.issuerId === schoolOf(staff).id) : undefined;
    if (!key) throw new NotFoundError(`API key ${id}`);
    await revokeApiKey(ctx, key.id, staff.actor);
    res.redirect(303, consoleHref('/console/api-keys', consoleLanguage(req, res)));
  });

  return router;
}
