import { describe, expect, it } from 'vitest';
import express from 'express';
import request from 'supertest';
import { pino } from 'pino';
import { redactedUrl, requestLog } from '../../src/http/request-log.js';
import { problemHandler } from '../../src/http/problem.js';
import { NotFoundError } from '../../src/errors.js';

function appWithLogs() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const app = express();
  app.use(requestLog(logger));
  app.get('/ok', (_req, res) => void res.json({ ok: true }));
  app.get('/missing', () => {
    throw new NotFoundError('Thing');
  });
  app.get('/broken', () => {
    throw new Error('database password is hunter2');
  });
  app.get('/claim/:token', (_req, res) => void res.send('claim page'));
  app.get('/endorse/:token/broken', () => {
    throw new Error('failed');
  });
  app.use(problemHandler(logger));
  return { app, lines };
}

/** The log lines are written when the response closes, just after the client has read it. */
async function linesOf(lines: Record<string, unknown>[], count: number): Promise<Record<string, unknown>[]> {
  for (let wait = 0; lines.length < count && wait < 100; wait += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  return lines;
}

describe('request log', () => {
  it('when a request succeeds, then it gets a fresh request id and one info line with method, URL, status and time', async () => {
    const { app, lines } = appWithLogs();
    const first = await request(app).get('/ok?x=1');
    const second = await request(app).get('/ok');
    expect(first.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    const [line] = await linesOf(lines, 2);
    expect(line).toMatchObject({ level: 30, msg: 'request completed', req: { id: first.headers['x-request-id'], method: 'GET', url: '/ok?x=1' }, res: { statusCode: 200 } });
    expect(typeof line!.responseTime).toBe('number');
  });

  it("when the caller sends a well-formed X-Request-Id, then it is kept; a malformed one is replaced", async () => {
    const { app } = appWithLogs();
    expect((await request(app).get('/ok').set('X-Request-Id', 'trace-42.a_b')).headers['x-request-id']).toBe('trace-42.a_b');
    const replaced = (await request(app).get('/ok').set('X-Request-Id', 'no spaces\u00e9')).headers['x-request-id'];
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when a handler fails unexpectedly, then the client gets a bare 500 naming the request id, and the error is logged under it', async () => {
    const { app, lines } = appWithLogs();
    const res = await request(app).get('/broken');
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
    await linesOf(lines, 2);
    const failure = lines.find((line) => line.msg === 'unhandled error');
    expect(failure).toMatchObject({ level: 50, req: { id: res.headers['x-request-id'], url: '/broken' }, err: { message: 'database password is hunter2' } });
    expect(lines.find((line) => line.msg === 'request completed')).toMatchObject({ level: 50, res: { statusCode: 500 } });
  });

  it("when a client's mistake is answered, then it is logged at info level, not as an error", async () => {
    const { app, lines } = appWithLogs();
    const res = await request(app).get('/missing');
    expect(res.status).toBe(404);
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
    const [line] = await linesOf(lines, 1);
    expect(line).toMatchObject({ level: 30, res: { statusCode: 404 } });
  });

  it('when a URL carries a secret in its path or query, then every log line shows it redacted', async () => {
    const { app, lines } = appWithLogs();
    const token = 'c2VjcmV0LXRva2VuLW9mLXRoZS1sZWFybmVy';
    expect((await request(app).get(`/claim/${token}?lang=fr`)).status).toBe(200);
    expect((await request(app).get(`/ClAiM/${token}`)).status).toBe(200);
    expect((await request(app).get(`/endorse/${token}/broken`)).status).toBe(500);
    expect((await request(app).get(`/ok?pre-authorized_code=${token}&access_token=${token}&x=1`)).status).toBe(200);
    await linesOf(lines, 5);
    expect(lines.map((line) => (line.req as { url: string }).url)).toEqual([
      '/claim/[redacted]?lang=fr',
      '/ClAiM/[redacted]',
      '/endorse/[redacted]/broken',
      '/endorse/[redacted]/broken',
      '/ok?pre-authorized_code=[redacted]&access_token=[redacted]&x=1',
    ]);
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it('when a URL is redacted, then only secrets go: ids, cursors and other parameters stay', () => {
    expect(redactedUrl('/credentials/0b9e5d3c-1f4a-4c59-9d0e-5d2f1a7b8c9d?format=json')).toBe('/credentials/0b9e5d3c-1f4a-4c59-9d0e-5d2f1a7b8c9d?format=json');
    expect(redactedUrl('/v1/credentials?after=abc&limit=5')).toBe('/v1/credentials?after=abc&limit=5');
    expect(redactedUrl('https://mobicred.test/claim/s3cret')).toBe('https://mobicred.test/claim/[redacted]');
    expect(redactedUrl('/claim/s3cret/')).toBe('/claim/[redacted]/');
    expect(redactedUrl('/claims/s3cret')).toBe('/claims/s3cret');
    expect(redactedUrl('/oid4vci/token?pre%2Dauthorized_code=s3cret&c_nonce=n&credential_offer=%7B%7D')).toBe(
      '/oid4vci/token?pre%2Dauthorized_code=[redacted]&c_nonce=[redacted]&credential_offer=[redacted]',
    );
    expect(redactedUrl('/ok?%E0=1')).toBe('/ok?%E0=1');
  });
});
