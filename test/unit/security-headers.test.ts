import { describe, expect, it } from 'vitest';
import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { securityHeaders } from '../../src/http/security-headers.js';

const OPTIONS = { contentSecurityPolicy: false, crossOriginResourcePolicy: { policy: 'cross-origin' } } as const;

function appWith(middleware: express.RequestHandler) {
  const app = express();
  app.disable('x-powered-by');
  app.use(middleware);
  app.get('/page', (_req, res) => void res.send('ok'));
  return app;
}

/** Every header but those that change from one response to the next. */
function fixedHeaders(headers: Record<string, unknown>) {
  const { date: _date, etag: _etag, ...rest } = headers;
  return rest;
}

describe('security headers', () => {
  it('when a response is sent, then it has exactly the headers helmet itself sets with the same options', async () => {
    const ours = await request(appWith(securityHeaders(OPTIONS))).get('/page');
    const helmets = await request(appWith(helmet(OPTIONS))).get('/page');
    expect(fixedHeaders(ours.headers)).toEqual(fixedHeaders(helmets.headers));
    expect(ours.headers['strict-transport-security']).toMatch(/^max-age=/);
    expect(ours.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(ours.headers['content-security-policy']).toBeUndefined();
  });

  it('when a Content-Security-Policy is asked for, then it is refused: it can carry a nonce per request', () => {
    expect(() => securityHeaders({ crossOriginResourcePolicy: { policy: 'cross-origin' } })).toThrow(/nonce/);
  });
});
