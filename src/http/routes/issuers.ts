import { Router } from 'express';
import { createIssuer, getIssuer, listVisibleIssuers, markKeyCompromised, rotateIssuerKey, setIssuerAcademy, setUfmScheme, updateIssuerProfile } from '../../services/issuers.js';
import type { ServiceContext } from '../../services/context.js';
import { configureIssuerSeal, getIssuerSeal } from '../../services/seals.js';
import { actorOf, requires } from '../auth.js';
import { uuidParam } from '../params.js';

/** Schools: their profile, academy, UFM scheme, signing keys and Europass seal. */
export function issuerRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const validate = ctx.schemas.assertValid;

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

  router.put('/issuers/:id/profile', requires('manage'), async (req, res) => {
    const id = uuidParam(req, 'Issuer');
    validate('urn:mobicred:schema:issuer-profile', req.body);
    res.json(await updateIssuerProfile(ctx, id, req.body, actorOf(req)));
  });
  router.put('/issuers/:id/academy', requires('administer'), async (req, res) => {
    const id = uuidParam(req, 'Issuer');
    validate('urn:mobicred:schema:issuer-academy', req.body);
    res.json(await setIssuerAcademy(ctx, id, req.body.academyId, actorOf(req)));
  });

  router.put('/issuers/:id/seal', requires('manage'), async (req, res) => {
    const id = uuidParam(req, 'Issuer');
    validate('urn:mobicred:schema:seal-configure', req.body);
    res.json(await configureIssuerSeal(ctx, id, req.body, actorOf(req)));
  });
  router.get('/issuers/:id/seal', requires('read'), async (req, res) => {
    res.json(await getIssuerSeal(ctx, uuidParam(req, 'Issuer'), actorOf(req)));
  });

  router.put('/issuers/:id/ufm-scheme', requires('manage'), async (req, res) => {
    const id = uuidParam(req, 'Issuer');
    validate('urn:mobicred:schema:ufm-scheme', req.body);
    res.json(await setUfmScheme(ctx, id, req.body, actorOf(req)));
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

  return router;
}
