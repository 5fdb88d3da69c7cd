import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { randomBytes } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Express } from 'express';
import { PROJECT_ROOT } from '../../src/config.js';
import { loadJsonSchemas, readProjectSchemas } from '../../src/json-schemas.js';
import { bundleApiDescription } from '../../src/http/api-description.js';
import { createApp } from '../../src/http/app.js';
import { createServiceContext } from '../../src/services/context.js';
import { openDatabase } from '../../src/storage/database.js';
import { SCHOOL, placement } from '../support/api.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const openapi = parseYaml(readFileSync(resolve(PROJECT_ROOT, 'openapi.yaml'), 'utf8')) as Record<string, any>;
const METHODS = ['get', 'post', 'put', 'delete', 'patch'];

/** Every route Express has, as "METHOD /path/:param", found by walking the application's router. */
function registeredRoutes(app: Express): string[] {
  const routes: string[] = [];
  const walk = (stack: any[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) routes.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, layer.rawPath && layer.rawPath !== '/' ? prefix + layer.rawPath : prefix);
      }
    }
  };
  walk((app as any).router.stack, '');
  return routes;
}

function resolvePointer(document: unknown, pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .map((segment) => decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<any>((node, segment) => (node === undefined ? undefined : node[segment]), document);
}

describe('the API description', () => {
  it('when the routes Express serves are compared with openapi.yaml, then each route is documented and each documented operation is served', async () => {
    const ctx = createServiceContext({ db: openDatabase({ kind: 'pglite-memory' }), keyEncryptionKey: randomBytes(32), publicBaseUrl: 'https://mobicred.test' });
    const app = createApp({ ctx, logger: pino({ level: 'silent' }) });
    const served = registeredRoutes(app);
    const documented = Object.entries(openapi.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item).filter((method) => METHODS.includes(method)).map((method) => ({ method: method.toUpperCase(), template: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`), path })),
    );
    const asTemplate = (route: string) => route.replace(/:(\w+)/g, '{$1}');
    const undocumented = served.filter((route) => {
      const [method, path] = route.split(' ');
      return !documented.some((operation) => operation.method === method && (operation.template.test(path!) || operation.path === asTemplate(path!)));
    });
    expect(undocumented).toEqual([]);
    const unserved = documented.filter((operation) => !served.some((route) => route === `${operation.method} ${operation.path.replace(/\{(\w+)\}/g, ':$1')}` || (route.startsWith(`${operation.method} `) && operation.template.test(route.split(' ')[1]!))));
    expect(unserved.map((operation) => `${operation.method} ${operation.path}`)).toEqual([]);
    expect(served.length).toBeGreaterThan(40);
    await ctx.db.destroy();
  });

  it('when bundled for tools, then no reference leaves the document and every one resolves', () => {
    const bundled = bundleApiDescription(openapi, readProjectSchemas());
    const references = [...JSON.stringify(bundled).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1]!);
    expect(references.length).toBeGreaterThan(50);
    expect(references.filter((reference) => !reference.startsWith('#/'))).toEqual([]);
    expect(references.filter((reference) => resolvePointer(bundled, reference) === undefined)).toEqual([]);
  });

  it('when request bodies are checked against the bundled schemas, then they are accepted and refused exactly as the service does', () => {
    const bundled = bundleApiDescription(openapi, readProjectSchemas()) as any;
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    ajv.addSchema({ $id: 'urn:test:bundled', components: bundled.components });
    const service = loadJsonSchemas();
    const cases: [string, unknown][] = [
      ['issuer-create', SCHOOL],
      ['issuer-create', { ...SCHOOL, slug: 'Not A Slug' }],
      ['issuer-create', { ...SCHOOL, address: { addressCountryCode: 'france' } }],
      ['mobility-create', placement('5b0c5f5e-2f44-4a8e-9d7e-1b8f3c2a9d10')],
      ['mobility-create', { ...placement('5b0c5f5e-2f44-4a8e-9d7e-1b8f3c2a9d10'), startDate: '04/05/2026' }],
      ['api-key-create', { name: 'x', role: 'school-issuer', issuerId: '5b0c5f5e-2f44-4a8e-9d7e-1b8f3c2a9d10' }],
      ['api-key-create', { name: 'x', role: 'school-issuer', academyId: '5b0c5f5e-2f44-4a8e-9d7e-1b8f3c2a9d10' }],
    ];
    for (const [name, body] of cases) {
      const bundledVerdict = ajv.validate(`urn:test:bundled#/components/schemas/${name}`, body);
      expect(bundledVerdict, `${name} ${JSON.stringify(body).slice(0, 60)}`).toBe(service.errorsOf(`urn:mobicred:schema:${name}`, body).length === 0);
    }
    expect(cases.map(([name, body]) => service.errorsOf(`urn:mobicred:schema:${name}`, body).length === 0)).toEqual([true, false, false, true, false, true, false]);
  });
});
