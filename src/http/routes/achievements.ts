import { Router } from 'express';
import { createAchievement, getAchievement, updateAchievement } from '../../services/achievements.js';
import type { ServiceContext } from '../../services/context.js';
import { actorOf, requires } from '../auth.js';
import { uuidParam } from '../params.js';

/** What schools award. */
export function achievementRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const validate = ctx.schemas.assertValid;

  router.post('/achievements', requires('manage'), async (req, res) => {
    validate('urn:mobicred:schema:achievement-create', req.body);
    const achievement = await createAchievement(ctx, req.body, actorOf(req));
    res.status(201).location(`/v1/achievements/${achievement.id}`).json(achievement);
  });
  router.put('/achievements/:id', requires('manage'), async (req, res) => {
    const id = uuidParam(req, 'Achievement');
    validate('urn:mobicred:schema:achievement-update', req.body);
    res.json(await updateAchievement(ctx, id, req.body, actorOf(req)));
  });
  router.get('/achievements/:id', requires('read'), async (req, res) => {
    res.json(await getAchievement(ctx, uuidParam(req, 'Achievement'), actorOf(req).tenancy));
  });

  return router;
}
