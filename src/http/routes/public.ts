import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { perClientRateLimit } from '../rate-limits.js';
import { publicCredentialRoutes } from './public/credentials.js';
import { publishedDocumentRoutes } from './public/documents.js';
import { verifyRoutes } from './public/verify.js';

/**
 * Routes anyone may call, with no credentials: what verifiers, employers and wallets read, one router per
 * resource. Checking a credential costs work, so every way of asking for it shares one per-client budget.
 */
export function publicRoutes(ctx: ServiceContext, options: { verifyRequestsPerMinute: number }): Router {
  const router = Router();
  const verifyLimiter = perClientRateLimit({ perMinute: options.verifyRequestsPerMinute });
  for (const resourceRouter of [publicCredentialRoutes(ctx, verifyLimiter), verifyRoutes(ctx, verifyLimiter), publishedDocumentRoutes(ctx)]) router.use(resourceRouter);
  return router;
}
