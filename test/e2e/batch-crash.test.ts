import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../../src/config.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startServiceProcess } from '../support/process.js';
import { SCHOOL } from '../support/api.js';
import { cohortCsv } from '../support/cohort.js';

const ROWS = 40;

/** The service killed (SIGKILL) half-way through a cohort, then started again: the batch finishes, exactly once. */
describe('a batch across a crash', () => {
  const root = mkdtempSync(join(tmpdir(), 'mobicred-batch-crash-'));
  const adminKey = `mbc_${randomBytes(24).toString('base64url')}`;
  const env = { MOBICRED_DATA_DIR: join(root, 'pglite'), MOBICRED_KEYS_DIR: join(root, 'keys'), MOBICRED_ADMIN_API_KEY: adminKey, MOBICRED_BATCH_CLAIM_TIMEOUT_MS: '2000' };
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('when the process is killed mid-batch and restarted, then every valid row has exactly its credentials, issued by that batch', async () => {
    const port = await freePort();
    const call = async (base: string, path: string, init: RequestInit = {}) =>
      fetch(`${base}${path}`, { ...init, headers: { Authorization: `Bearer ${adminKey}`, ...(init.headers ?? {}) } });
    const first = await startServiceProcess(env, port);
    const issuer = await (await call(first.baseUrl, '/v1/issuers', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(SCHOOL) })).json();
    const csv = cohortCsv(ROWS, { 7: { end_date: '2026-05-01' } });
    const batch = await (await call(first.baseUrl, `/v1/batches?issuerId=${issuer.id}`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv })).json();

    // Kill it once some rows are done and others are not.
    for (;;) {
      const { counts } = await (await call(first.baseUrl, `/v1/batches/${batch.id}`)).json();
      if (counts.issued >= 5) {
        expect(counts.pending).toBeGreaterThan(0);
        break;
      }
      await new Promise((wait) => setTimeout(wait, 50));
    }
    expect(await first.stop('SIGKILL')).toBeNull();

    const second = await startServiceProcess(env, port);
    let report;
    for (let attempt = 0; ; attempt += 1) {
      report = await (await call(second.baseUrl, `/v1/batches/${batch.id}`)).json();
      if (report.status === 'done') break;
      if (attempt > 600) throw new Error('batch did not finish after restart');
      await new Promise((wait) => setTimeout(wait, 100));
    }
    expect(report.counts).toEqual({ total: ROWS, pending: 0, issued: ROWS - 1, alreadyIssued: 0, rejected: 1 });
    expect(report.rows.find((row: any) => row.line === 9).outcome.errors[0]).toMatchObject({ field: '/endDate' });

    // Exactly three credentials (skills, language, UFM) per valid row, all distinct, all from this batch.
    const ids = report.rows.filter((row: any) => row.status === 'done').flatMap((row: any) => row.outcome.credentials.map((credential: any) => credential.credentialId));
    expect(ids).toHaveLength((ROWS - 1) * 3);
    expect(new Set(ids).size).toBe(ids.length);
    for (const row of report.rows.filter((candidate: any) => candidate.status === 'done')) {
      expect(row.outcome.credentials.map((credential: any) => credential.result)).toEqual(['issued', 'issued', 'issued']);
    }

    // The command-line tool, against the same running service: the same file again is all already issued.
    const file = join(root, 'cohort.csv');
    writeFileSync(file, csv);
    const cli = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src/cli/issue-batch.ts'), file, '--issuer', issuer.id], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, MOBICRED_URL: second.baseUrl, MOBICRED_API_KEY: adminKey },
      encoding: 'utf8',
    });
    expect(cli.status, cli.stderr).toBe(3);
    expect(cli.stdout).toContain(`${ROWS} rows — 0 issued, ${ROWS - 1} already issued, 1 rejected`);
    expect(cli.stdout).toMatch(/line 9: \/endDate/);
    expect(await second.stop('SIGTERM')).toBe(0);
  });
});
