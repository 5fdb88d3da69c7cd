import { Router } from 'express';
import { addTrustedRegistry, listTrustedRegistryViews, removeTrustedRegistry } from '../../services/academy-registries.js';
import type { ServiceContext } from '../../services/context.js';
import { actorOf, requires } from '../auth.js';
import { uuidParam } from '../params.js';

/** Registries of schools that other deployments publish and the platform admin trusts (beyond its own academies'). */
export function trustedRegistryRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const validate = ctx.schemas.assertValid;

  router.post('/trusted-registries', requires('administer'), async (req, res) => {
    validate('urn:mobicred:schema:trusted-registry-create', req.body);
    const registry = await addTrustedRegistry(ctx, req.body, actorOf(req));
    res.status(201).location(`/v1/trusted-registries/${registry.id}`).json(registry);
  });
  router.get('/trusted-registries', requires('administer'), async (_req, res) => {
    res.json({ registries: await listTrustedRegistryViews(ctx) });
  });
  router.delete('/trusted-registries/:id', requires('administer'), async (req, res) => {
    await removeTrustedRegistry(ctx, uuidParam(req, 'Trusted registry'), actorOf(req));
    res.status(204).end();
  });

  return router;
}
