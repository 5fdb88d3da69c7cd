import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';

const SRC = resolve(PROJECT_ROOT, 'src');

/**
 * The layering the README's Layout section states, as what each part of src/ may import from the others
 * (a part is a folder of src/, or a file directly in it). Imports within a part are free. `domain` imports
 * nothing; `http → services → {domain, keys, proof, status, verify, badges, storage, …}`; the HTTP layer
 * never reaches storage; only the composition roots (server, cli) see everything.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  domain: [],
  errors: [],
  config: [],
  logger: [],
  metrics: [],
  'worker-threads': [],
  'json-schemas': ['config', 'errors'],
  storage: ['domain', 'config', 'errors'],
  proof: ['domain', 'worker-threads'],
  keys: ['domain', 'proof', 'storage', 'errors'],
  status: ['domain', 'keys', 'proof', 'storage', 'errors'],
  verify: ['domain', 'proof', 'errors'],
  badges: ['domain', 'worker-threads', 'errors'],
  batches: ['domain', 'errors'],
  oid4vci: ['domain', 'errors'],
  notifications: ['domain'],
  services: ['domain', 'keys', 'proof', 'status', 'verify', 'badges', 'batches', 'oid4vci', 'notifications', 'storage', 'errors', 'config', 'json-schemas', 'metrics', 'worker-threads'],
  http: ['services', 'domain', 'verify', 'status', 'badges', 'batches', 'oid4vci', 'errors', 'config', 'json-schemas', 'logger'],
  types: [],
};
const COMPOSITION_ROOTS = new Set(['server', 'cli']);

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

const partOf = (file: string) => relative(SRC, file).split('/')[0]!.replace(/\.[jt]s$/, '');

/** The project files a source file imports (static, re-exported and dynamic imports). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)['"](\.[^'"]+)['"]/g)].map((match) => resolve(dirname(file), match[1]!));
}

/** Every import that crosses parts, as "from-file → to-part". */
function crossings(): { file: string; from: string; to: string }[] {
  return sourceFiles(SRC).flatMap((file) =>
    importsOf(file)
      .map((target) => ({ file: relative(SRC, file), from: partOf(file), to: partOf(target) }))
      .filter(({ from, to }) => from !== to),
  );
}

describe('the layering of src/', () => {
  const all = crossings();

  it('when a part of src/ exists, then the layering says where it stands', () => {
    const parts = new Set(sourceFiles(SRC).map(partOf));
    expect([...parts].filter((part) => !(part in MAY_IMPORT) && !COMPOSITION_ROOTS.has(part))).toEqual([]);
  });

  it('when imports cross parts, then each goes where the layering allows', () => {
    const refused = all
      .filter(({ from, to }) => !COMPOSITION_ROOTS.has(from) && !MAY_IMPORT[from]?.includes(to))
      .map(({ file, to }) => `${file} → ${to}`);
    expect(refused).toEqual([]);
  });

  it('when the imports are read, then some cross parts (the reading finds them)', () => {
    expect(all.some(({ file, to }) => file === 'http/app.ts' && to === 'services')).toBe(true);
  });
});
