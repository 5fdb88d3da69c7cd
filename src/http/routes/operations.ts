import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Router } from 'express';
import { sql } from 'kysely';
import { PROJECT_ROOT } from '../../config.js';
import type { ServiceContext } from '../../services/context.js';
import { AppError } from '../../errors.js';

class NotReadyError extends AppError {
  constructor() {
    super('not-ready', 503, 'Not ready', 'The database is not reachable');
  }
}

/** Liveness, readiness and the API description. */
export function operationsRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const openapi = readFileSync(resolve(PROJECT_ROOT, 'openapi.yaml'), 'utf8');

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    try {
      await sql`select 1`.execute(ctx.db);
    } catch {
      throw new NotReadyError();
    }
    res.json({ status: 'ready' });
  });
  // Prometheus text format. Counts and timings only: nothing personal, nothing secret.
  router.get('/metrics', async (_req, res) => {
    res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
  router.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').send(openapi);
  });
  return router;
}
