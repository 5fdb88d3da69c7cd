import { Router, type Request } from 'express';
import { createCredentialOffer } from '../../services/wallet-issuance.js';
import { createClaimLink } from '../../services/claims.js';
import { createEndorsementLink } from '../../services/endorsements.js';
import { changeCredentialStatus } from '../../services/credential-status.js';
import { issueCredential, issueCredentialsInBulk, type IssueCredentialInput } from '../../services/credentials.js';
import { getCredential } from '../../services/credential-views.js';
import { listCredentialSummaries } from '../../services/credential-listing.js';
import { ValidationError } from '../../errors.js';
import type { ServiceContext } from '../../services/context.js';
import { actorOf, requires } from '../auth.js';
import { pageQuery, uuidParam } from '../params.js';

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

/** Issuing credentials, reading them back, changing their status, and the links and offers that share them. */
export function credentialRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const validate = ctx.schemas.assertValid;

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

  return router;
}
