import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { freePort, startServiceProcess } from '../support/process.js';
import { bindCommand, matchAnswer, readmeExamples, type ReadmeCommand } from '../support/readme-examples.js';

/**
 * The README is a test: its shell examples run in order, with bash and curl, against a fresh service process,
 * as a reader would type them after `npm start` (test/support/readme-examples.ts says how they are read).
 * The working directory is inside the clone, as a reader's is, so that `npm run …` finds the project.
 */
const execFileAsync = promisify(execFile);

/** What the runner sets itself: the admin key printed at the first start, and the instance's URL. */
const PROVIDED = ['KEY', 'API'];

/** curl also writes each status to stderr, after everything else it writes there. */
const CURL_WITH_STATUS = `curl() { command curl --write-out '%{stderr}\\n@status %{http_code}\\n' "$@"; }`;

describe('the README examples', () => {
  const workDirectory = (mkdirSync(resolve(PROJECT_ROOT, 'test-results'), { recursive: true }), mkdtempSync(resolve(PROJECT_ROOT, 'test-results/readme-')));
  afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

  it('when run in order against a fresh instance, then every command answers what the README says', async () => {
    const examples = readmeExamples(readFileSync(resolve(PROJECT_ROOT, 'README.md'), 'utf8'));
    expect(examples.commands.length).toBeGreaterThan(20);
    for (const file of examples.files) writeFileSync(join(workDirectory, file.name), file.content);

    // The README's instance is http://localhost:3000; the one under test has a port of its own.
    const port = await freePort();
    const api = `http://localhost:${port}`;
    const adminKey = `mbc_${randomBytes(24).toString('base64url')}`;
    await startServiceProcess(
      {
        PUBLIC_BASE_URL: api,
        MOBICRED_ADMIN_API_KEY: adminKey,
        MOBICRED_DATA_DIR: join(workDirectory, 'pglite'),
        MOBICRED_KEYS_DIR: join(workDirectory, 'keys'),
      },
      port,
    );
    const instance = [
      { from: 'http://localhost:3000', to: api },
      { from: 'localhost%3A3000', to: `localhost%3A${port}` },
    ];
    const variables = new Map([
      ['KEY', adminKey],
      ['API', api],
    ]);
    const bound = new Map<string, string>();

    const run = async (script: string) => {
      const env = { PATH: process.env.PATH!, HOME: process.env.HOME ?? workDirectory, ...Object.fromEntries(variables) };
      try {
        const { stdout, stderr } = await execFileAsync('bash', ['-c', `set -o pipefail\n${CURL_WITH_STATUS}\n${script}`], { cwd: workDirectory, env, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 });
        return { exitCode: 0, stdout, stderr };
      } catch (error) {
        // A command still running after a minute is stopped: `signal` says so.
        const failed = error as { code?: number; signal?: string; stdout?: string; stderr?: string };
        return { exitCode: failed.code ?? failed.signal ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
      }
    };
    const fault = (command: ReadmeCommand, why: string) => `README.md:${command.line}: ${command.text.split('\n')[0]}\n  ${why}`;

    for (const command of examples.commands) {
      const script = bindCommand(command, bound);
      const exported = /^export ([A-Z_][A-Z0-9_]*)=/.exec(script);
      if (exported) {
        // The runner's own settings (the admin key, the instance) stand for the reader's.
        if (!PROVIDED.includes(exported[1]!)) variables.set(exported[1]!, (await run(`${script}\nprintf %s "$${exported[1]}"`)).stdout);
        continue;
      }
      const { exitCode, stdout, stderr } = await run(script);
      const statuses = [...stderr.matchAll(/^@status (\d{3})$/gm)].map((match) => Number(match[1]));
      const shown = `${stdout.slice(0, 600)}${stderr.replace(/^@status \d{3}\n?/gm, '').slice(0, 600)}`;
      if (exitCode !== 0) throw new Error(fault(command, `exited with ${exitCode}${statuses.length ? ` (HTTP ${statuses.join(', ')})` : ''}: ${shown}`));
      const expected = command.expectation?.status;
      const unexpected = statuses.find((status) => (expected ? status !== expected : status < 200 || status > 299));
      if (unexpected !== undefined) throw new Error(fault(command, `answered ${unexpected}, expected ${expected ?? '2xx'}: ${shown}`));
      if (command.expectation?.answer) {
        let answer: unknown;
        try {
          answer = JSON.parse(stdout);
        } catch {
          throw new Error(fault(command, `answered something that is not JSON: ${shown}`));
        }
        const difference = matchAnswer(command.expectation.answer, answer, bound, instance);
        if (difference) throw new Error(fault(command, `answered otherwise than the README says: ${difference}`));
      }
    }
  // Every command starts a process (curl, node); with the whole suite on two cores the README's 60-odd
  // commands took 137 s in CI and 295 s beside three other people's runs.
  }, 480_000);
});
