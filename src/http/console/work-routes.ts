import { Router, type Request, type Response } from 'express';
import { html, type Html } from '../views/html.js';
import { listMobilitySummaries, mobilityProgressCounts } from '../../services/mobilities.js';
import { renderHomeSection } from './stay-pages.js';
import { renderNoSchoolSection } from './school-pages.js';
import { workRequest } from './work-context.js';
import type { ServiceContext } from '../../services/context.js';
import { credentialRoutes } from './credential-routes.js';
import { schoolRoutes } from './school-routes.js';
import { mentorRoutes } from './mentor-routes.js';
import { stayRoutes } from './stay-routes.js';
import { mentorTextRoutes } from './mentor-text-routes.js';

/** How many of the mentors' answers waiting for review the home page names, each a link. */
const ANSWERS_LISTED = 5;

/** What school staff do in the console: stays, assessments, credentials, badges, the school, an academy's figures. */
export function workRoutes(ctx: ServiceContext, options: { onBatchCreated: () => void }): Router {
  const router = Router();
  router.use(stayRoutes(ctx, options), mentorRoutes(ctx), credentialRoutes(ctx), schoolRoutes(ctx), mentorTextRoutes(ctx));
  return router;
}

/** The home page's part about the school looked at (none for a role that looks at no school). */
export async function workHome(ctx: ServiceContext, req: Request, res: Response): Promise<Html | undefined> {
  const work = workRequest(req, res);
  if (!work.staff.school) return work.can('administer') ? renderNoSchoolSection({ m: work.m, language: work.language }) : undefined;
  const school = work.school();
  const counts = await mobilityProgressCounts(ctx, work.staff.actor.tenancy, school.id);
  // The answers to review are each a link to their stay's mentor section: the first few, newest first.
  const toReview =
    counts['answer-to-review'] > 0 ? (await listMobilitySummaries(ctx, work.staff.actor.tenancy, { issuerId: school.id, progress: 'answer-to-review', limit: ANSWERS_LISTED })).mobilities : [];
  const section = renderHomeSection({ m: work.m, language: work.language, schoolName: school.name, counts, toReview, canIssue: work.can('issue') });
  return work.can('administer') ? html`${section}<p><a href="${work.paths.newSchool}">${work.m.newSchool.title}</a></p>` : section;
}
