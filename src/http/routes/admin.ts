import { Router, type Request } from 'express';
import { createIssuer, getIssuer, listVisibleIssuers, markKeyCompromised, rotateIssuerKey, setIssuerAcademy, setUfmScheme } from '../../services/issuers.js';
import { createAcademy, getAcademy } from '../../services/academies.js';
import { createCredentialOffer } from '../../services/wallet-issuance.js';
import { createClaimLink } from '../../services/claims.js';
import { createEndorsementLink } from '../../services/endorsements.js';
import {
  acceptMentorAssessment,
  getMentorAssessment,
  requestMentorAssessment,
  resendMentorLink,
  returnMentorAssessment,
  revokeMentorLink,
} from '../../services/mentor-assessments.js';
import { createApiKey, listManagedApiKeys, revokeApiKey } from '../../services/api-keys.js';
import { changeCredentialStatus } from '../../services/credential-status.js';
import { assessMobility, createMobility, getMobility, issueMobilityCredentials, listMobilitySummaries, type MobilityFilter } from '../../services/mobilities.js';
import { MOBILITY_STATES, PROGRAMMES, type MobilityState, type Programme } from '../../domain/mobility.js';
import { createAchievement, getAchievement, updateAchievement } from '../../services/achievements.js';
import { getCredential, issueCredential, issueCredentialsInBulk, listCredentialSummaries, type IssueCredentialInput } from '../../services/credentials.js';
import type { ServiceContext } from '../../services/context.js';
import { ValidationError } from '../../errors.js';
import { pageQuery, uuidParam } from '../params.js';
import { actorOf, requires } from '../auth.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.get('Idempotency-Key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationError('Idempotency-Key must be 1 to 255 visible ASCII characters', [
      { field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' },
    ]);
  }
  return key;
}

/**
 * Routes under /v1 that need an API key. Each names the permission its role must have (`requires`); which
 * school's data it may touch is decided by the tenancy every service passes to its queries.
 */
export function adminRoutes(ctx: ServiceContext): Router {
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

  router.post('/issuers', requires('administer'), async (req, res) => {
    validate('urn:mobicred:schema:issuer-create', req.body);
    const issuer = await createIssuer(ctx, req.body, actorOf(req));
    res.status(201).location(`/v1/issuers/${issuer.id}`).json(issuer);
  });
  router.get('/issuers', requires('read'), async (req, res) => {
    res.json({ issuers: await listVisibleIssuers(ctx, actorOf(req).tenancy) });
  });
  router.get('/issuers/:id', requires('read'), async (req, res) => {
    res.json(await getIssuer(ctx, uuidParam(req, 'Issuer'), actorOf(req).tenancy));
  });

  router.put('/issuers/:id/academy', requires('administer'), async (req, res) => {
    const id = uuidParam(req, 'Issuer');
    validate('urn:mobicred:schema:issuer-academy', req.body);
    res.json(await setIssuerAcademy(ctx, id, req.body.academyId, actorOf(req)));
  });

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
  router.put('/issuers/:id/ufm-scheme', requires('manage'), async (req, res) => {
    const id = uuidParam(req, 'Issuer');
    validate('urn:mobicred:schema:ufm-scheme', req.body);
    res.json(await setUfmScheme(ctx, id, req.body, actorOf(req)));
  });
  router.get('/achievements/:id', requires('read'), async (req, res) => {
    res.json(await getAchievement(ctx, uuidParam(req, 'Achievement'), actorOf(req).tenancy));
  });

  router.post('/credentials', requires('issue'), async (req, res) => {
    const idempotencyKey = idempotencyKeyOf(req);
    validate('urn:mobicred:schema:credential-issue', req.body);
    const { record, replayed } = await issueCredential(ctx, req.body as IssueCredentialInput, { actor: actorOf(req), idempotencyKey });
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res.status(201).location(`/v1/credentials/${record.id}`).json(record);
  });
  router.post('/credentials/bulk', requires('issue'), async (req, res) => {
    const idempotencyKey = idempotencyKeyOf(req);
    validate('urn:mobicred:schema:credential-bulk-issue', req.body);
    const outcomes = await issueCredentialsInBulk(ctx, (req.body as { credentials: IssueCredentialInput[] }).credentials, { actor: actorOf(req), idempotencyKey });
    if (outcomes.every((outcome) => outcome.replayed)) res.set('Idempotent-Replayed', 'true');
    res.status(201).json({ credentials: outcomes.map((outcome) => outcome.record) });
  });
  router.get('/credentials', requires('read'), async (req, res) => {
    res.json(await listCredentialSummaries(ctx, actorOf(req).tenancy, pageQuery(req)));
  });
  router.get('/credentials/:id', requires('read'), async (req, res) => {
    res.json(await getCredential(ctx, uuidParam(req, 'Credential'), actorOf(req).tenancy));
  });
  for (const change of ['revoke', 'suspend', 'reinstate'] as const) {
    router.post(`/credentials/:id/${change}`, requires('manage'), async (req, res) => {
      const credentialId = uuidParam(req, 'Credential');
      validate('urn:mobicred:schema:status-change', req.body);
      const body = req.body as { reason: string; publicReason?: string };
      res.json(await changeCredentialStatus(ctx, { credentialId, change, ...body, actor: actorOf(req) }));
    });
  }

  router.post('/credentials/:id/claim-links', requires('issue'), async (req, res) => {
    const id = uuidParam(req, 'Credential');
    validate('urn:mobicred:schema:claim-link-create', req.body ?? {});
    const link = await createClaimLink(ctx, id, req.body ?? {}, actorOf(req));
    res.status(201).set('Cache-Control', 'no-store').json(link);
  });
  router.post('/credentials/:id/endorsement-links', requires('issue'), async (req, res) => {
    const id = uuidParam(req, 'Credential');
    validate('urn:mobicred:schema:endorsement-link-create', req.body);
    const link = await createEndorsementLink(ctx, id, req.body, actorOf(req));
    res.status(201).set('Cache-Control', 'no-store').json(link);
  });
  router.post('/credentials/:id/offers', requires('issue'), async (req, res) => {
    const offer = await createCredentialOffer(ctx, uuidParam(req, 'Credential'), actorOf(req));
    res.status(201).set('Cache-Control', 'no-store').json(offer);
  });

  router.post('/issuers/:id/keys/rotate', requires('manage'), async (req, res) => {
    res.json(await rotateIssuerKey(ctx, uuidParam(req, 'Issuer'), actorOf(req)));
  });
  router.post('/issuers/:id/keys/compromise', requires('manage'), async (req, res) => {
    const issuerId = uuidParam(req, 'Issuer');
    validate('urn:mobicred:schema:key-compromise', req.body);
    const body = req.body as { verificationMethod: string; compromisedAt?: string; reason: string };
    res.json(
      await markKeyCompromised(ctx, {
        issuerId,
        verificationMethod: body.verificationMethod,
        compromisedAt: body.compromisedAt === undefined ? ctx.now() : new Date(body.compromisedAt),
        reason: body.reason,
        actor: actorOf(req),
      }),
    );
  });

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

  router.post('/mobilities/:id/mentor-assessment', requires('issue'), async (req, res) => {
    const id = uuidParam(req, 'Mobility');
    validate('urn:mobicred:schema:mentor-link-create', req.body ?? {});
    res.status(201).set('Cache-Control', 'no-store').json(await requestMentorAssessment(ctx, id, req.body ?? {}, actorOf(req)));
  });
  router.get('/mobilities/:id/mentor-assessment', requires('read'), async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await getMentorAssessment(ctx, uuidParam(req, 'Mobility'), actorOf(req)));
  });
  for (const [action, run] of [
    ['resend', resendMentorLink],
    ['revoke', revokeMentorLink],
    ['accept', acceptMentorAssessment],
  ] as const) {
    router.post(`/mobilities/:id/mentor-assessment/${action}`, requires('issue'), async (req, res) => {
      res.set('Cache-Control', 'no-store').json(await run(ctx, uuidParam(req, 'Mobility'), actorOf(req)));
    });
  }
  router.post('/mobilities/:id/mentor-assessment/return', requires('issue'), async (req, res) => {
    const id = uuidParam(req, 'Mobility');
    validate('urn:mobicred:schema:mentor-assessment-return', req.body);
    res.set('Cache-Control', 'no-store').json(await returnMentorAssessment(ctx, id, (req.body as { question: string }).question, actorOf(req)));
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
