import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { createSsoProvider, listVisibleSsoProviders } from '../../services/sso.js';
import { actorOf, requires } from '../auth.js';

/** /v1/sso-providers: the OpenID providers the console's people sign in with (for a school, or an academy). */
export function ssoProviderRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.post('/sso-providers', requires('manage'), async (req, res) => {
    ctx.schemas.assertValid('urn:mobicred:schema:sso-provider-create', req.body);
    const provider = await createSsoProvider(ctx, req.body, actorOf(req));
    res.status(201).json(provider);
  });
  router.get('/sso-providers', requires('read'), async (req, res) => {
    res.json({ ssoProviders: await listVisibleSsoProviders(ctx, actorOf(req)) });
  });
  return router;
}
