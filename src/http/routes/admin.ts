import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { achievementRoutes } from './achievements.js';
import { credentialRoutes } from './credentials.js';
import { issuerRoutes } from './issuers.js';
import { mobilityRoutes } from './mobilities.js';
import { mentorAssessmentRoutes } from './mentor-assessments.js';
import { documentRoutes } from './documents.js';
import { organisationRoutes } from './organisations.js';
import { pathwayRoutes } from './pathways.js';
import { trustedRegistryRoutes } from './trusted-registries.js';
import { ssoProviderRoutes } from './sso-providers.js';

/**
 * Routes under /v1 that need an API key, one router per resource. Each route names the permission its role
 * must have (`requires`); which school's data it may touch is decided by the tenancy every service passes to
 * its queries.
 */
export function adminRoutes(ctx: ServiceContext): Router {
  const router = Router();
  for (const resourceRoutes of [organisationRoutes, trustedRegistryRoutes, issuerRoutes, achievementRoutes, credentialRoutes, mobilityRoutes, pathwayRoutes, ssoProviderRoutes, mentorAssessmentRoutes, documentRoutes]) router.use(resourceRoutes(ctx));
  return router;
}
