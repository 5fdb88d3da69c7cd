import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { BACKENDS, createScratchDatabase } from '../support/backends.js';
import { startServiceProcess, type ServiceProcess } from '../support/process.js';
import { SCHOOL, PLACEMENT_ACHIEVEMENT } from '../support/api.js';

/**
 * The Dockerfile's recipe without Docker (no engine here): the files it copies, a build with every package,
 * then only the production packages (`npm prune --omit=dev`), and the compiled service in production mode
 * on PostgreSQL. A runtime import of a development-only package fails here.
 */
describe.runIf(BACKENDS.some((backend) => backend.name === 'postgres'))('the production install', () => {
  const root = mkdtempSync(join(tmpdir(), 'mobicred-production-'));
  const adminKey = `mbc_${randomBytes(24).toString('base64url')}`;
  let database: Awaited<ReturnType<typeof createScratchDatabase>>;
  let service: ServiceProcess;

  beforeAll(async () => {
    for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'openapi.yaml', 'schemas', 'src']) {
      cpSync(resolve(PROJECT_ROOT, entry), join(root, entry), { recursive: true });
    }
    const run = (command: string, args: string[]) => promisify(execFile)(command, args, { cwd: root, timeout: 300_000 });
    await run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline']);
    await run('npm', ['run', 'build']);
    await run('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund']);
    rmSync(join(root, 'src'), { recursive: true });
    database = await createScratchDatabase();
    service = await startServiceProcess(
      { NODE_ENV: 'production', DATABASE_URL: database.databaseUrl, MOBICRED_KEK: randomBytes(32).toString('base64url'), MOBICRED_ADMIN_API_KEY: adminKey },
      undefined,
      { kind: 'compiled', root },
    );
  }, 360_000);
  afterAll(async () => {
    await service?.stop('SIGTERM');
    await database?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('when built, installed without development packages and started with NODE_ENV=production, then it issues, bakes and documents', async () => {
    const post = async (path: string, body: unknown) =>
      fetch(`${service.baseUrl}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const issuer = await (await post('/v1/issuers', SCHOOL)).json();
    const achievement = await (await post('/v1/achievements', { ...PLACEMENT_ACHIEVEMENT, issuerId: issuer.id })).json();
    const issued = await post('/v1/credentials', { achievementId: achievement.id, recipient: { email: 'lea@example.org' } });
    expect(issued.status).toBe(201);
    const { id } = await issued.json();
    const badge = await fetch(`${service.baseUrl}/credentials/${id}/badge.png`);
    expect(badge.headers.get('content-type')).toBe('image/png');
    const verdict = await fetch(`${service.baseUrl}/v1/verify`, { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: Buffer.from(await badge.arrayBuffer()) });
    expect((await verdict.json()).verdict).toBe('valid');
    expect((await fetch(`${service.baseUrl}/openapi.json`)).status).toBe(200);
    expect((await fetch(`${service.baseUrl}/docs/swagger-ui-bundle.js`)).status).toBe(200);
  });
});
