import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { ServiceContext } from '../services/context.js';
import { requireApiKey } from './auth.js';
import { failuresPerMinute } from './rate-limits.js';
import { DEFAULT_EXPIRED_RETENTION_DAYS, DEFAULT_PURGE_INTERVAL_MINUTES, type Config } from '../config.js';
import { UnsupportedMediaTypeError } from '../errors.js';
import { notFoundHandler, problemHandler } from './problem.js';
import { strictJsonReviver } from './submission.js';
import { requestLog } from './request-log.js';
import { securityHeaders } from './security-headers.js';
import { adminRoutes } from './routes/admin.js';
import { uploadRoutes } from './routes/uploads.js';
import { publicRoutes } from './routes/public.js';
import { operationsRoutes } from './routes/operations.js';
import { oid4vciRoutes } from './routes/oid4vci.js';
import { claimRoutes } from './routes/claims.js';
import { endorseRoutes } from './routes/endorse.js';
import { pathwayPublicRoutes } from './routes/pathways.js';
import { consoleRoutes } from './console/routes.js';
import { landingRoutes } from './routes/landing.js';
import { publicDocumentRoutes } from './routes/documents.js';
import { assetRoutes } from './routes/assets.js';
import { assessRoutes } from './routes/assess.js';
import { learnerRoutes } from './learner/routes.js';
import { obApiRoutes } from './ob-api/routes.js';

const JSON_TYPES = ['application/json', 'application/*+json', 'application/vc'];

/** Admin bodies are JSON (the CSV batch routes are mounted before this); actions such as a key rotation have none. */
const requireJsonBody: express.RequestHandler = (req, _res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if ((req.method === 'POST' || req.method === 'PUT') && hasBody && !req.is(JSON_TYPES)) throw new UnsupportedMediaTypeError('application/json');
  next();
};

const BODY_LIMIT = '256kb';

/** Builds the Express application; it never listens (server.ts does), so tests drive it on port 0. */
export function createApp(options: {
  ctx: ServiceContext;
  logger: Logger;
  verifyRequestsPerMinute?: number;
  authFailuresPerMinute?: number;
  nonceRequestsPerMinute?: number;
  obRegistrationsPerMinute?: number;
  trustProxy?: Config['trustProxy'];
  /** Serve /metrics to a scraper presenting this bearer token; without one, /metrics is not served. */
  metricsToken?: string | undefined;
  /** Who runs the deployment, named on the privacy page. */
  operator?: Config['operator'];
  /** How long expired links are kept, and how often expired rows are purged (the privacy page says so). */
  expiredRetentionDays?: number;
  purgeIntervalMinutes?: number;
  onBatchCreated?: () => void;
}): Express {
  const { ctx, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  // Rate limits count per client address: behind a load balancer, the address it reports (see config).
  app.set('trust proxy', options.trustProxy ?? false);
  app.set('etag', 'strong');
  app.set('query parser', 'simple');

  // Security headers on every response. Public documents are meant to be read from other origins
  // (CORP cross-origin); pages set their own, stricter Content-Security-Policy.
  app.use(securityHeaders({ contentSecurityPolicy: false, crossOriginResourcePolicy: { policy: 'cross-origin' } }));
  app.use(requestLog(logger));
  // The Open Badges 3.0 API reads its own bodies (its authorization server, and credentials kept as sent).
  app.use(obApiRoutes(ctx, { logger, behindProxy: (options.trustProxy ?? false) !== false, registrationsPerMinute: options.obRegistrationsPerMinute ?? 10 }));
  app.use(
    express.json({
      limit: BODY_LIMIT,
      type: JSON_TYPES,
      reviver: strictJsonReviver,
    }),
  );

  // The busiest routes first: a request walks the router's layers in order until one matches. The public
  // ones come before the API key is asked for (`POST /v1/verify` is one of them).
  app.use(publicRoutes(ctx, { verifyRequestsPerMinute: options.verifyRequestsPerMinute ?? 60 }));
  app.use(pathwayPublicRoutes(ctx, { checkRequestsPerMinute: options.verifyRequestsPerMinute ?? 60 }));
  app.use(publicDocumentRoutes(ctx));
  app.use(
    '/v1',
    requireApiKey(ctx, failuresPerMinute(options.authFailuresPerMinute ?? 30)),
    uploadRoutes(ctx, { onBatchCreated: options.onBatchCreated ?? (() => undefined) }),
    requireJsonBody,
    adminRoutes(ctx),
  );
  app.use(operationsRoutes(ctx, { metricsToken: options.metricsToken }));
  app.use(oid4vciRoutes(ctx, { nonceRequestsPerMinute: options.nonceRequestsPerMinute ?? 60 }));
  app.use(claimRoutes(ctx));
  app.use(endorseRoutes(ctx));
  app.use(
    landingRoutes({
      publicBaseUrl: ctx.publicBaseUrl,
      operator: options.operator,
      expiredRetentionDays: options.expiredRetentionDays ?? DEFAULT_EXPIRED_RETENTION_DAYS,
      purgeIntervalMinutes: options.purgeIntervalMinutes ?? DEFAULT_PURGE_INTERVAL_MINUTES,
    }),
  );
  app.use(consoleRoutes(ctx, { onBatchCreated: options.onBatchCreated ?? (() => undefined) }));
  app.use(assessRoutes(ctx));
  app.use(learnerRoutes(ctx));
  app.use(assetRoutes());
  app.use(notFoundHandler);
  app.use(problemHandler(logger));
  return app;
}
