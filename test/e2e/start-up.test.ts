import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { startServiceProcess, freePort } from '../support/process.js';
import { BACKENDS, createScratchDatabase } from '../support/backends.js';

/** What the service says when it cannot or must not start: the cause, in its own words. */
describe('the service process refusing to start', () => {
  const root = mkdtempSync(join(tmpdir(), 'mobicred-start-up-'));
  const embedded = { MOBICRED_DATA_DIR: join(root, 'pglite'), MOBICRED_KEYS_DIR: join(root, 'keys') };
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('when its database cannot be reached, then it exits saying why', async () => {
    const port = await freePort();
    const start = startServiceProcess({ DATABASE_URL: `postgres://root@127.0.0.1:${port}/test`, MOBICRED_KEYS_DIR: join(root, 'keys') });
    await expect(start).rejects.toThrow(new RegExp(`exited with 1[\\s\\S]*mobicred failed to start: Database migration failed: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}`));
  });

  it('when started on a database whose credentials name another public base URL, then it refuses, unless told to move', async () => {
    // Several instances share a PostgreSQL server's database; PGlite (one process per directory) when there is none.
    const database = BACKENDS.some((backend) => backend.name === 'postgres') ? await createScratchDatabase() : undefined;
    onTestFinished(() => database?.drop());
    const env = database ? { DATABASE_URL: database.databaseUrl, MOBICRED_KEK: randomBytes(32).toString('base64url') } : embedded;
    const first = await startServiceProcess(env, await freePort());
    expect(await first.stop('SIGTERM')).toBe(0);

    // Another port, so another PUBLIC_BASE_URL (http://127.0.0.1:<port>): another instance configured otherwise.
    const port = await freePort();
    await expect(startServiceProcess(env, port)).rejects.toThrow(
      new RegExp(`exited with 78[\\s\\S]*PUBLIC_BASE_URL is http://127\\.0\\.0\\.1:${port}, but this database's credentials and did:web identifiers use ${first.baseUrl.replace(/\./g, '\\.')}`),
    );

    const moved = await startServiceProcess({ ...env, MOBICRED_MOVE_PUBLIC_BASE_URL: '1' }, port);
    expect(await moved.waitForOutput(/public base URL recorded for this database/)).toBeTruthy();
    expect(await moved.stop('SIGTERM')).toBe(0);
  }, 180_000); // three starts of the service
});
