import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { BACKENDS, createScratchDatabase } from '../support/backends.js';
import { freePort, startServiceProcess } from '../support/process.js';

/** Signs in through the console's form over HTTP, as a browser does: whether the password opens the console. */
async function signsIn(baseUrl: string, email: string, password: string): Promise<boolean> {
  const form = await fetch(`${baseUrl}/console/sign-in`);
  const cookie = form.headers.getSetCookie()[0]!.split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const answer = await fetch(`${baseUrl}/console/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  return answer.status === 303 && answer.headers.get('location') === '/console';
}

/** The console's first platform admin, printed at the first start, and the command that makes another. */
describe.runIf(BACKENDS.some((backend) => backend.name === 'postgres'))('the console\'s first admin and the console-admin command', () => {
  const root = mkdtempSync(join(tmpdir(), 'mobicred-console-admin-'));
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await drop?.();
    rmSync(root, { recursive: true, force: true });
  });

  it('when the service starts for the first time, then it prints the console admin\'s password once; the command gives a person a new one', async () => {
    const database = await createScratchDatabase();
    drop = database.drop;
    const env = { DATABASE_URL: database.databaseUrl, MOBICRED_KEYS_DIR: join(root, 'keys'), MOBICRED_CONSOLE_ADMIN_EMAIL: 'dareic@ac-lyon.example.fr' };
    // The same port each time: the database keeps the public URL of its first start.
    const port = await freePort();
    const first = await startServiceProcess(env, port);
    const [, email, password] = await first.waitForOutput(/console's platform admin was created.*\n\n\s+email:\s+(\S+)\n\s+password: (\S+)/);
    expect(email).toBe('dareic@ac-lyon.example.fr');
    expect(await signsIn(first.baseUrl, email!, password!)).toBe(true);
    expect(await signsIn(first.baseUrl, email!, 'not-the-printed-password')).toBe(false);
    await first.stop('SIGTERM');

    const command = spawnSync(process.execPath, ['--import', 'tsx', resolve(PROJECT_ROOT, 'src/cli/console-admin.ts'), 'ddfpt@lp-jean-moulin.example.fr', '--name', 'Claire Dubois'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
    });
    expect(command.status, command.stderr).toBe(0);
    const newPassword = /password: (\S+)/.exec(command.stdout)![1]!;

    const second = await startServiceProcess(env, port);
    expect(second.stdout()).not.toContain('First start');
    expect(await signsIn(second.baseUrl, 'ddfpt@lp-jean-moulin.example.fr', newPassword)).toBe(true);
    expect(await signsIn(second.baseUrl, email!, password!)).toBe(true);
    await second.stop('SIGTERM');
  }, 240_000);
});
