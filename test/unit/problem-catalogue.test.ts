import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../../src/config.js';
import { PROBLEM_TYPE_BASE, PROBLEMS } from '../../src/errors.js';

const README = readFileSync(resolve(PROJECT_ROOT, 'README.md'), 'utf8');
const openapi = parseYaml(readFileSync(resolve(PROJECT_ROOT, 'openapi.yaml'), 'utf8')) as {
  components: { schemas: { Problem: { properties: { type: { enum: string[] } } } } };
};

const catalogue = Object.entries(PROBLEMS)
  .map(([code, { status }]) => `${status} ${code}`)
  .sort();

/** The rows of the README's Errors table, as "status code". */
function readmeErrorRows(): string[] {
  const section = README.slice(README.indexOf('### Errors'));
  const table = section.slice(section.indexOf('| status | type | when |'), section.indexOf('\n## '));
  return table
    .split('\n')
    .filter((line) => /^\| \d{3} \|/.test(line))
    .map((line) => {
      const [status, type] = line.split('|').slice(1, 3).map((cell) => cell.trim());
      return `${status} ${type!.replaceAll('`', '')}`;
    });
}

describe('the catalogue of problem codes', () => {
  it('when the README’s Errors table is read, then it lists every code of the catalogue, once, with its status', () => {
    const rows = readmeErrorRows();
    expect(new Set(rows).size).toBe(rows.length);
    expect(rows.sort()).toEqual(catalogue);
  });

  it('when openapi.yaml’s Problem is read, then its types are exactly the catalogue’s codes', () => {
    const types = openapi.components.schemas.Problem.properties.type.enum;
    expect([...types].sort()).toEqual(Object.keys(PROBLEMS).map((code) => PROBLEM_TYPE_BASE + code).sort());
  });
});
