/**
 * npm run issue-batch -- <cohort.csv> --issuer <issuer-id> [--language fr|en]
 *
 * Uploads a cohort file to a mobicred service (MOBICRED_URL, default http://localhost:3000, with the API key
 * in MOBICRED_API_KEY), shows the progress, and prints the report. Exit code: 0 when every row was issued or
 * already issued, 3 when some rows were rejected, 1 when the file or the request was refused.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';

interface Report {
  id: string;
  status: 'running' | 'done';
  counts: { total: number; pending: number; issued: number; alreadyIssued: number; rejected: number };
  rows: { line: number; status: string; outcome: { errors?: { field: string; message: string }[] } | null }[];
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { issuer: { type: 'string' }, language: { type: 'string', default: 'fr' } },
  });
  const file = positionals[0];
  const apiKey = process.env.MOBICRED_API_KEY;
  if (!file || !values.issuer || !apiKey) {
    process.stderr.write('usage: MOBICRED_API_KEY=… npm run issue-batch -- <cohort.csv> --issuer <issuer-id> [--language fr|en]\n');
    return 1;
  }
  const base = (process.env.MOBICRED_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const headers = { Authorization: `Bearer ${apiKey}` };

  const created = await fetch(`${base}/v1/batches?issuerId=${encodeURIComponent(values.issuer)}&language=${values.language}`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'text/csv' },
    // npm runs scripts from the package root: the file is named from where the command was typed.
    body: readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), file)),
  });
  const body = await created.json();
  if (!created.ok) {
    process.stderr.write(`Refused (${created.status}): ${body.title}\n  ${body.detail}${body.field ? `\n  field: ${body.field}` : ''}\n`);
    return 1;
  }

  const bar = new SingleBar({ format: 'Issuing [{bar}] {value}/{total} rows | {issued} issued, {already} already issued, {rejected} rejected' }, Presets.shades_classic);
  let report: Report = body;
  bar.start(report.counts.total, 0, { issued: 0, already: 0, rejected: 0 });
  while (report.status !== 'done') {
    await new Promise((wait) => setTimeout(wait, 500));
    report = await (await fetch(`${base}/v1/batches/${report.id}`, { headers })).json();
    bar.update(report.counts.total - report.counts.pending, { issued: report.counts.issued, already: report.counts.alreadyIssued, rejected: report.counts.rejected });
  }
  bar.update(report.counts.total, { issued: report.counts.issued, already: report.counts.alreadyIssued, rejected: report.counts.rejected });
  bar.stop();

  const { counts } = report;
  process.stdout.write(`\nBatch ${report.id}: ${counts.total} rows — ${counts.issued} issued, ${counts.alreadyIssued} already issued, ${counts.rejected} rejected\n`);
  for (const row of report.rows.filter((candidate) => candidate.status === 'rejected')) {
    for (const error of row.outcome?.errors ?? []) process.stdout.write(`  line ${row.line}: ${error.field} ${error.message}\n`);
  }
  return counts.rejected > 0 ? 3 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`issue-batch failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
