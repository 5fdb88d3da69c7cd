import { Router } from 'express';
import { assessMobility, createMobility, getMobility, issueMobilityCredentials, listMobilitySummaries, recordMinorDetails } from '../../services/mobilities.js';
import { mobilityFilter } from '../mobility-filter.js';
import type { ServiceContext } from '../../services/context.js';
import { actorOf, requires } from '../auth.js';
import { pageQuery, uuidParam } from '../params.js';

/** Stays abroad, their assessment, and the credentials they earn. */
export function mobilityRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const validate = ctx.schemas.assertValid;

  router.post('/mobilities', requires('issue'), async (req, res) => {
    validate('urn:mobicred:schema:mobility-create', req.body);
    const { mobility, created } = await createMobility(ctx, req.body, actorOf(req));
    // A stay recorded before (by the API or a cohort file) is answered as it is, with 200.
    res.status(created ? 201 : 200).location(`/v1/mobilities/${mobility.id}`).json(mobility);
  });
  router.get('/mobilities', requires('read'), async (req, res) => {
    res.json(await listMobilitySummaries(ctx, actorOf(req).tenancy, { ...pageQuery(req), ...mobilityFilter(req.query as Record<string, unknown>) }));
  });
  router.get('/mobilities/:id', requires('read'), async (req, res) => {
    res.json(await getMobility(ctx, uuidParam(req, 'Mobility'), actorOf(req).tenancy));
  });
  router.put('/mobilities/:id/assessment', requires('issue'), async (req, res) => {
    const id = uuidParam(req, 'Mobility');
    validate('urn:mobicred:schema:mobility-assessment', req.body);
    res.json(await assessMobility(ctx, id, req.body, actorOf(req)));
  });
  router.put('/mobilities/:id/minor', requires('issue'), async (req, res) => {
    const id = uuidParam(req, 'Mobility');
    validate('urn:mobicred:schema:mobility-minor', req.body);
    res.json(await recordMinorDetails(ctx, id, req.body, actorOf(req)));
  });
  router.post('/mobilities/:id/credentials', requires('issue'), async (req, res) => {
    const id = uuidParam(req, 'Mobility');
    validate('urn:mobicred:schema:mobility-issue', req.body);
    const { credentials, withheld } = await issueMobilityCredentials(ctx, id, { language: req.body.language ?? 'fr', actor: actorOf(req), reissueRevoked: req.body.reissueRevoked === true });
    res.status(credentials.some((issuance) => issuance.issued) ? 201 : 200).json({ mobilityId: id, credentials, withheld });
  });

  return router;
}
