import { Router } from 'express';
import { createAcademy, getAcademy } from '../../services/academies.js';
import { configureAcademySeal } from '../../services/seals.js';
import { createApiKey, listManagedApiKeys, revokeApiKey } from '../../services/api-keys.js';
import type { ServiceContext } from '../../services/context.js';
import { actorOf, requires } from '../auth.js';
import { uuidParam } from '../params.js';

/** Academies and API keys: who may act for which schools. */
export function organisationRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const validate = ctx.schemas.assertValid;

  router.post('/academies', requires('administer'), async (req, res) => {
    validate('urn:mobicred:schema:academy-create', req.body);
    const academy = await createAcademy(ctx, req.body, actorOf(req));
    res.status(201).location(`/v1/academies/${academy.id}`).json(academy);
  });
  router.get('/academies/:id', requires('read'), async (req, res) => {
    res.json(await getAcademy(ctx, uuidParam(req, 'Academy'), actorOf(req)));
  });
  router.put('/academies/:id/seal', requires('administer'), async (req, res) => {
    const id = uuidParam(req, 'Academy');
    validate('urn:mobicred:schema:seal-configure', req.body);
    res.json(await configureAcademySeal(ctx, id, req.body, actorOf(req)));
  });


  router.post('/api-keys', requires('manage'), async (req, res) => {
    validate('urn:mobicred:schema:api-key-create', req.body);
    const key = await createApiKey(ctx, req.body, actorOf(req));
    res.status(201).location(`/v1/api-keys/${key.id}`).set('Cache-Control', 'no-store').json(key);
  });
  router.get('/api-keys', requires('manage'), async (req, res) => {
    res.json({ apiKeys: await listManagedApiKeys(ctx, actorOf(req)) });
  });
  router.post('/api-keys/:id/revoke', requires('manage'), async (req, res) => {
    res.json(await revokeApiKey(ctx, uuidParam(req, 'API key'), actorOf(req)));
  });

  return router;
}
