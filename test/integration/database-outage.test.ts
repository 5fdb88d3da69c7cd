import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { pino } from 'pino';
import { createApp } from '../../src/http/app.js';
import { createServiceContext } from '../../src/services/context.js';
import { openDatabase } from '../../src/storage/database.js';
import { BACKENDS } from '../support/backends.js';
import { startTestService } from '../support/service.js';
import { adminApi } from '../support/api.js';
import { freePort } from '../support/process.js';

/** Requests that each need the database: the API key's lookup, a public document, an issuance. */
async function expectUnavailable(app: Parameters<typeof request>[0], adminKey: string, slug: string) {
  const answers = [
    await request(app).get('/v1/issuers').set('Authorization', `Bearer ${adminKey}`),
    await request(app).get(`/issuers/${slug}/did.json`),
    await request(app).post('/v1/credentials').set('Authorization', `Bearer ${adminKey}`).send({ achievementId: '00000000-0000-4000-8000-000000000000', recipient: { email: 'a@example.org' } }),
  ];
  for (const res of answers) {
    expect(res.status, res.text).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toBe('urn:mobicred:problem:service-unavailable');
    expect(res.headers['retry-after']).toBe('5');
  }
  expect((await request(app).get('/ready')).status).toBe(503);
  // Liveness stays up: the process is fine, and restarting it would not bring the database back.
  expect((await request(app).get('/health')).status).toBe(200);
}

describe.each(BACKENDS)('a database outage on $name', (backend) => {
  it('when the database goes away under a running service, then requests get 503 with Retry-After, not 500', async () => {
    const service = await startTestService(backend);
    try {
      const issuer = await adminApi(service).createIssuer();
      expect((await request(service.app).get(`/issuers/${issuer.slug}/did.json`)).status).toBe(200);
      await service.ctx.db.destroy();
      await expectUnavailable(service.app, service.adminKey, issuer.slug);
      expect(service.logs.some((line) => line.includes('"msg":"database unavailable"'))).toBe(true);
      expect(service.logs.some((line) => line.includes('unhandled error'))).toBe(false);
    } finally {
      await service.close();
    }
  });
});

describe('a PostgreSQL server that does not answer', () => {
  it('when the server refuses connections, then requests get 503 with Retry-After, not 500', async () => {
    const databaseUrl = `postgres://root@127.0.0.1:${await freePort()}/test`;
    const db = openDatabase({ kind: 'postgres', databaseUrl });
    const ctx = createServiceContext({ db, keyEncryptionKey: randomBytes(32), publicBaseUrl: 'https://mobicred.test' });
    try {
      await expectUnavailable(createApp({ ctx, logger: pino({ level: 'silent' }) }), 'mbc_' + 'x'.repeat(43), 'lp-x');
    } finally {
      await ctx.dataIntegrity.close();
      await db.destroy();
    }
  });
});
