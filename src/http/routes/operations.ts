import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Router, type RequestHandler } from 'express';
import { sql } from 'kysely';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../../config.js';
import { readProjectSchemas } from '../../json-schemas.js';
import { bundleApiDescription } from '../api-description.js';
import type { ServiceContext } from '../../services/context.js';
import { NotReadyError, NotFoundError } from '../../errors.js';
import { requireBearerToken } from '../auth.js';

/** Swagger UI's files, from the npm package: the documentation page loads nothing from elsewhere. */
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const DOCS_ASSETS: Record<string, string> = { 'swagger-ui.css': 'text/css', 'swagger-ui-bundle.js': 'text/javascript' };
const DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'";
const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>mobicred API</title><link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>
`;
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n`;

/**
 * Liveness, readiness, metrics (only with a token: off by default) and the API description (YAML as
 * written, JSON bundled for tools, and a page).
 */
export function operationsRoutes(ctx: ServiceContext, options: { metricsToken?: string | undefined } = {}): Router {
  const router = Router();
  const openapi = readFileSync(resolve(PROJECT_ROOT, 'openapi.yaml'), 'utf8');
  // The JSON form names this deployment as its server, so that "Try it out" calls it.
  const description = { ...(parseYaml(openapi) as Record<string, unknown>), servers: [{ url: ctx.publicBaseUrl }] };
  const openapiJson = JSON.stringify(bundleApiDescription(description, readProjectSchemas()));

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
  // Prometheus text format. Counts and timings only, but they tell an outsider the load and the process's
  // memory: served only to a scraper holding the token, and not at all without one (404).
  const metricsAccess: RequestHandler = options.metricsToken
    ? requireBearerToken(options.metricsToken)
    : () => {
        throw new NotFoundError('/metrics (served only with MOBICRED_METRICS_TOKEN set)');
      };
  router.get('/metrics', metricsAccess, async (_req, res) => {
    res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
  router.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').send(openapi);
  });
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(openapiJson);
  });
  router.get('/docs', (_req, res) => {
    res.set('Content-Security-Policy', DOCS_CSP).type('html').send(DOCS_PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('text/javascript').send(DOCS_INIT);
  });
  router.get('/docs/:asset', (req, res) => {
    const type = Object.hasOwn(DOCS_ASSETS, req.params.asset) ? DOCS_ASSETS[req.params.asset] : undefined;
    if (!type) throw new NotFoundError(`Documentation file ${req.params.asset.slice(0, 64)}`);
    res.type(type).set('Cache-Control', 'public, max-age=86400').sendFile(resolve(SWAGGER_UI_DIR, req.params.asset));
  });
  return router;
}
