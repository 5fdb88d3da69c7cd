import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { credentialRoutes } from './credential-routes.js';
import { schoolRoutes } from './school-routes.js';
import { stayRoutes } from './stay-routes.js';

/** What school staff do in the console: stays, assessments, credentials, badges, the school, an academy's figures. */
export function workRoutes(ctx: ServiceContext, options: { onBatchCreated: () => void }): Router {
  const router = Router();
  router.use(stayRoutes(ctx, options), credentialRoutes(ctx), schoolRoutes(ctx));
  return router;
}
