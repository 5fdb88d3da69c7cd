import { once } from 'node:events';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';

/** The service as its own OS process. */
export interface ServiceProcess {
  baseUrl: string;
  child: ChildProcess;
  stdout: () => string;
  /** The first match of `pattern` in the output, waiting for it: a pipe may deliver output after /ready answers. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** Every service a test file started: whatever a failing test left running is killed when the file ends. */
const started = new Set<ChildProcess>();
if (process.env.VITEST) {
  afterAll(() => {
    for (const child of started) child.kill('SIGKILL');
  });
}

/**
 * A port free now, chosen at random below the OS's ephemeral range: asking the OS for port 0 hands test
 * files running side by side the same recently freed ports, and two services would then race for one.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((done) => {
      const server = createServer();
      server.once('error', () => done(false));
      server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port found');
}

/**
 * How the service is run: its TypeScript source through tsx with the network guard preloaded (tests), or
 * the compiled build of a checkout or install (`npm run build` → dist/), as `npm start` and the image run it.
 */
export type ServiceEntry = { kind: 'source'; nodeArguments?: readonly string[] } | { kind: 'compiled'; root: string };

/** The arguments `npm start` gives node (its script, without `node`), run from the package root. */
function startCommandArguments(root: string): string[] {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [command, ...args] = start.replace(/^exec\s+/, '').split(/\s+/);
  if (command !== 'node') throw new Error(`npm start runs ${command}, not node`);
  return args;
}

export async function startServiceProcess(env: Record<string, string>, port?: number, entry: ServiceEntry = { kind: 'source' }): Promise<ServiceProcess> {
  const chosenPort = port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${chosenPort}`;
  const root = entry.kind === 'compiled' ? entry.root : PROJECT_ROOT;
  const args =
    entry.kind === 'compiled'
      ? startCommandArguments(root)
      : ['--import', 'tsx', '--import', resolve(PROJECT_ROOT, 'test/support/no-network.ts'), ...(entry.nodeArguments ?? []), resolve(root, 'src/server.ts')];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: String(chosenPort), PUBLIC_BASE_URL: baseUrl, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  child.once('exit', () => started.delete(child));
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  // 'close' comes once its output is all read ('exit' can come before the last of it); listened to from the start.
  const closed = once(child, 'close');
  closed.catch(() => undefined); // a spawn error is reported by 'exit' and the readiness loop, not here

  // Creating a fresh PGlite data directory takes well over 30 s when the 2-core machine runs other suites too.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}:\n${await closed.then(() => output)}`);
    const ready = await fetch(`${baseUrl}/ready`).then((res) => res.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service not ready after 60 s:\n${output}`);
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  return {
    baseUrl,
    child,
    stdout: () => output,
    waitForOutput: async (pattern, timeoutMs = 10_000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(output);
        if (match) return match;
        if (Date.now() > until) throw new Error(`no ${pattern} in the service output after ${timeoutMs} ms:\n${output}`);
        await new Promise((wait) => setTimeout(wait, 50));
      }
    },
    stop: async (signal) => {
      child.kill(signal);
      return exited;
    },
  };
}
