import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';

describe('deployment', () => {
  it('when the image’s command is compared with npm start, then they run the same node command, which npm start execs', () => {
    const start = (JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
    const dockerfile = readFileSync(resolve(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(cmd, 'the Dockerfile has an exec-form CMD').toBeDefined();
    // npm passes SIGTERM to the process it started: with exec that is node itself, not a shell that would drop it.
    const [exec, ...command] = start.split(/\s+/);
    expect(exec).toBe('exec');
    expect(JSON.parse(cmd!)).toEqual(command);
  });
});
