import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { CHECK_PRECEDENCE, CHECK_VERDICTS } from '../../src/verify/verify-credential.js';
import { bindCommand, matchAnswer, readmeExamples } from '../support/readme-examples.js';

const README = readFileSync(resolve(PROJECT_ROOT, 'README.md'), 'utf8');

describe('the README’s verdicts by precedence', () => {
  it('when the README’s table is read, then it lists the code’s checks in the code’s order, each with the code’s verdicts', () => {
    const header = README.indexOf('| check, by precedence |');
    expect(header).toBeGreaterThan(-1);
    const lines = README.slice(header).split('\n');
    const rows = lines
      .slice(2, lines.findIndex((line) => !line.startsWith('|')))
      .map((row) => {
        const [check, verdicts] = row.split('|').slice(1, 3);
        const codes = (cell: string) => [...cell.matchAll(/`([a-z-]+)`/g)].map((match) => match[1]);
        return [codes(check!)[0], codes(verdicts!)];
      });
    expect(rows).toEqual(CHECK_PRECEDENCE.map((check) => [check, CHECK_VERDICTS[check]]));
  });

  it('when the README speaks of precedence elsewhere, then it points at that one table instead of listing verdicts again', () => {
    const mentions = [...README.matchAll(/precedence[^\n]*/gi)].map((match) => match[0]);
    expect(mentions.filter((mention) => /`not-authentic`/.test(mention))).toEqual([]);
    expect(README.match(/\| check, by precedence \|/g)).toHaveLength(1);
  });
});

describe('reading the README’s examples', () => {
  const sample = [
    '```sh',
    '# not run: starts a service',
    'npm start',
    '```',
    '',
    '```sh',
    'export KEY=mbc_…   # the key',
    'curl -s $API/v1/things -d \'{',
    '  "name": "a # not a comment"',
    "}'",
    '# → 201 {"id": "<thing-id>", "tags": [...],',
    '#        "owner": {"name": "Léa"}}',
    '#   prose after the answer, not part of it',
    'curl -s $API/v1/things/<thing-id> \\',
    '  -H "Accept: application/json"   # → "name": "a # not a comment"',
    'curl -s -X DELETE $API/v1/things/<thing-id>',
    '```',
    '',
    '```csv file=things.csv',
    'name',
    'a',
    '```',
  ].join('\n');

  it('when blocks are read, then commands keep their lines, quotes and continuations, expectations attach to the command before, and unrun blocks are left out', () => {
    const { commands, files } = readmeExamples(sample);
    expect(files).toEqual([{ name: 'things.csv', content: 'name\na\n' }]);
    expect(commands).toEqual([
      { line: 7, text: 'export KEY=mbc_…' },
      {
        line: 8,
        text: 'curl -s $API/v1/things -d \'{\n  "name": "a # not a comment"\n}\'',
        expectation: { status: 201, answer: '{"id": "<thing-id>", "tags": [...], "owner": {"name": "Léa"}}' },
      },
      { line: 14, text: 'curl -s $API/v1/things/<thing-id> \\\n  -H "Accept: application/json"', expectation: { answer: '{"name": "a # not a comment"}' } },
      { line: 16, text: 'curl -s -X DELETE $API/v1/things/<thing-id>' },
    ]);
  });

  it('when a command names a placeholder no answer bound, then it says which line', () => {
    const [, , read] = readmeExamples(sample).commands;
    expect(() => bindCommand(read!, new Map())).toThrow('README.md:14: <thing-id> is bound by no earlier answer');
    expect(bindCommand(read!, new Map([['thing-id', '42']]))).toContain('$API/v1/things/42 ');
  });

  it('when an answer matches, then its placeholders are bound; `…` and prose match anything; the README’s localhost:3000 is the instance under test', () => {
    const bound = new Map<string, string>();
    const instance = [{ from: 'http://localhost:3000', to: 'http://localhost:4567' }];
    const expected = '{"id": "<id>", "url": "http://localhost:3000/things/<id>", "jwt": "eyJ…", "credential": { …signed… }, "items": [ …one per item… ], "n": 2, "ok": true, "list": [{"kind": "a"}, {"kind": "<second>"}]}';
    const actual = { id: 'x1', url: 'http://localhost:4567/things/x1', jwt: 'eyJhbGc', credential: { a: 1 }, items: [], n: 2, ok: true, list: [{ kind: 'a' }, { kind: 'b' }], more: 1 };
    expect(matchAnswer(expected, actual, bound, instance)).toBeNull();
    expect(Object.fromEntries(bound)).toEqual({ id: 'x1', second: 'b' });
  });

  it('when an answer differs, then the first difference is named by its JSON Pointer and nothing is bound', () => {
    const bound = new Map([['id', 'x1']]);
    expect(matchAnswer('{"id": "<id>"}', { id: 'x2' }, bound, [])).toBe('/id: expected "<id>", got "x2"');
    expect(matchAnswer('{"ok": true, "next": "<cursor>"}', { ok: true, next: null }, bound, [])).toBe('/next: expected "<cursor>", got null');
    expect(matchAnswer('{"checks": [{"check": "proof"}, {"check": "schema"}]}', { checks: [{ check: 'proof' }, { check: 'status' }] }, bound, [])).toBe(
      '/checks/1/check: expected "schema", got "status"',
    );
    expect(matchAnswer('{"secret": "<key>", "emailed": true}', { secret: 's', emailed: false }, bound, [])).toBe('/emailed: expected true, got false');
    expect(matchAnswer('{"url": "<url>"}', {}, bound, [])).toBe('/url: missing');
    expect([...bound.keys()]).toEqual(['id']);
  });
});
