import { Router } from 'express';
import { assessMobility, createMobility, getMobility, issueMobilityCredentials, listMobilitySummaries, type MobilityFilter } from '../../services/mobilities.js';
import { MOBILITY_STATES, PROGRAMMES, type MobilityState, type Programme } from '../../domain/mobility.js';
import { ValidationError } from '../../errors.js';
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
  router.post('/mobilities/:id/credentials', requires('issue'), async (req, res) => {
    const id = uuidParam(req, 'Mobility');
    validate('urn:mobicred:schema:mobility-issue', req.body);
    const { credentials, withheld } = await issueMobilityCredentials(ctx, id, { language: req.body.language ?? 'fr', actor: actorOf(req) });
    res.status(credentials.some((issuance) => issuance.issued) ? 201 : 200).json({ mobilityId: id, credentials, withheld });
  });

  return router;
}

/** The filters of `GET /v1/mobilities`, each checked, or a 400 naming the parameter. */
function mobilityFilter(query: Record<string, unknown>): Omit<MobilityFilter, 'issuerId'> {
  const text = (name: string) => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new ValidationError(`${name} must be given once`, [{ field: name, message: 'must be given once' }]);
    return value;
  };
  const refuse = (name: string, message: string) => {
    throw new ValidationError(`${name} ${message}`, [{ field: name, message }]);
  };
  const [q, year, programme, country, state] = ['q', 'year', 'programme', 'country', 'state'].map(text);
  if (q !== undefined && (q.length < 1 || q.length > 200)) refuse('q', 'must be 1 to 200 characters');
  if (year !== undefined && !/^(19|20|21)[0-9]{2}$/.test(year)) refuse('year', 'must be a year such as 2026');
  if (programme !== undefined && !(PROGRAMMES as readonly string[]).includes(programme)) refuse('programme', `must be one of ${PROGRAMMES.join(', ')}`);
  if (country !== undefined && !/^[A-Z]{2}$/.test(country)) refuse('country', 'must be an ISO 3166-1 alpha-2 code such as ES');
  if (state !== undefined && !(MOBILITY_STATES as readonly string[]).includes(state)) refuse('state', `must be one of ${MOBILITY_STATES.join(', ')}`);
  return {
    ...(q !== undefined ? { q } : {}),
    ...(year !== undefined ? { year: Number(year) } : {}),
    ...(programme !== undefined ? { programme: programme as Programme } : {}),
    ...(country !== undefined ? { country } : {}),
    ...(state !== undefined ? { state: state as MobilityState } : {}),
  };
}
