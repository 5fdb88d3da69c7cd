/**
 * npm run bench — issuance and verification throughput, measured against the reference library in the
 * same run. Starts the service as its own process, compiled and with the very command of `npm start`, on the
 * embedded store (and on the PostgreSQL server at 127.0.0.1:5432 when it answers), drives it over loopback
 * with autocannon (bounded in time) and bulk requests, and prints every figure with its ratio to the
 * reference. Then the same loads against Express alone answering the service's own responses as constants
 * (bench/express-ceiling.ts): the most any Express route does on this machine. Writes test-results/bench.json.
 *
 * Environment: BENCH_SECONDS (per load phase, default 10), BENCH_BULK (credentials in the bulk phase,
 * default 10000), BENCH_REFERENCE_ITERATIONS (default 300), BENCH_CERTIFICATES (certificates made in the
 * certificate phase, default 50); BENCH_ONLY=certificate runs that phase alone.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import pg from 'pg';
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { PROJECT_ROOT } from '../src/config.js';
import { createDocumentLoader } from '../src/proof/document-loader.js';
import { signDataIntegrity } from '../src/proof/data-integrity.js';
import { buildAchievement, buildAchievementCredential, buildIssuerProfile } from '../src/domain/open-badges.js';
import { buildStatusListEntry } from '../src/domain/bitstring-status-list.js';
import { freePort, startServiceProcess, type ServiceProcess } from '../test/support/process.js';
import { createScratchDatabase, POSTGRES_ADMIN_URL } from '../test/support/backends.js';
import { SCHOOL, PLACEMENT_ACHIEVEMENT } from '../test/support/api.js';
import { cohortCsv } from '../test/support/cohort.js';
import { testSigner } from '../test/support/signer.js';
import { signVcJwt } from '../src/proof/vc-jwt.js';
import { fuzzVerification } from '../test/support/hostile-json-ld.js';
import { measureCertificate } from './certificate.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BULK = Number(process.env.BENCH_BULK ?? 10_000);
const REFERENCE_ITERATIONS = Number(process.env.BENCH_REFERENCE_ITERATIONS ?? 300);
const BULK_REQUEST = 500;
const CERTIFICATE_ITERATIONS = Number(process.env.BENCH_CERTIFICATES ?? 50);
const PROOF_FORMAT_CHOICES: [string, string[]][] = [
  ['both proofs', ['ldp_vc', 'jwt_vc_json']],
  ['Data Integrity only', ['ldp_vc']],
  ['VC-JWT only', ['jwt_vc_json']],
];
const ADMIN_KEY = `mbc_${randomBytes(24).toString('base64url')}`;

interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

async function main(): Promise<void> {
  // One credential's printable certificate (A4 PDF, badge, QR code, credential attached), in process.
  const certificate = await measureCertificate(CERTIFICATE_ITERATIONS);
  console.log(
    `certificate PDF of one credential: median ${certificate.certificateMs.median.toFixed(1)} ms, p95 ${certificate.certificateMs.p95.toFixed(1)} ms, ${(certificate.pdfBytes / 1024).toFixed(0)} KB (×${certificate.ratio.toFixed(1)} a plain pdf-lib document of the same text: ${certificate.referenceMs.median.toFixed(1)} ms; budget 150 ms)`,
  );
  if (process.env.BENCH_ONLY === 'certificate') {
    writeReport({ date: new Date().toISOString(), certificate });
    return;
  }
  const reference = await measureReference();
  console.log(`reference @digitalbazaar/vc eddsa-rdfc-2022: issue ${reference.issuePerSecond.toFixed(0)}/s, verify ${reference.verifyPerSecond.toFixed(0)}/s (in process, one core)`);
  console.log(`the service's signing path (template canonicalization, key object kept), same credential: issue ${reference.templatedIssuePerSecond.toFixed(0)}/s (×${(reference.templatedIssuePerSecond / reference.issuePerSecond).toFixed(1)} reference, in process, one core)`);
  console.log(`VC-JWT signing alone, same credential: ${reference.vcJwtSignPerSecond.toFixed(0)}/s (×${(reference.vcJwtSignPerSecond / reference.issuePerSecond).toFixed(1)} reference, in process, one core)`);

  const report: Record<string, unknown> = { date: new Date().toISOString(), seconds: SECONDS, bulk: BULK, certificate, reference, stores: {} };
  const stores: [string, () => Promise<{ env: Record<string, string>; cleanup(): Promise<void> }>][] = [['pglite', embeddedStore]];
  if (await postgresReachable()) stores.push(['postgres', postgresStore]);

  // The last store's responses, for the Express ceiling.
  let ceilingResponses: CeilingResponses | undefined;
  for (const [name, open] of stores) {
    const store = await open();
    console.log(`\nservice on ${name}:`);
    const service = await startServiceProcess({
      ...store.env,
      MOBICRED_ADMIN_API_KEY: ADMIN_KEY,
      MOBICRED_VERIFY_RATE_LIMIT: '1000000',
      LOG_LEVEL: 'warn',
      // To compare: MOBICRED_SIGNING_THREADS=0 npm run bench signs on the main thread.
      ...(process.env.MOBICRED_SIGNING_THREADS ? { MOBICRED_SIGNING_THREADS: process.env.MOBICRED_SIGNING_THREADS } : {}),
    }, undefined, { kind: 'compiled', root: PROJECT_ROOT }); // as `npm start` runs it (npm run bench builds first)
    try {
      const { results, responses } = await measureService(service, reference);
      (report.stores as Record<string, unknown>)[name] = results;
      ceilingResponses = responses;
    } finally {
      await service.stop('SIGTERM');
      await store.cleanup();
    }
  }
  if (ceilingResponses) report.httpCeiling = await measureHttpCeiling(ceilingResponses, reference);

  writeReport(report);
}

function writeReport(report: Record<string, unknown>): void {
  const path = resolve(PROJECT_ROOT, 'test-results/bench.json');
  mkdirSync(resolve(PROJECT_ROOT, 'test-results'), { recursive: true });
  writeFileSync(path, JSON.stringify(report, null, 2));
  console.log(`\nreport written to ${path}`);
}

/** The same credential the service issues, signed and verified in process by the reference stack. */
async function measureReference() {
  const keyPair = (await Ed25519Multikey.generate()) as any;
  const did = `did:key:${keyPair.publicKeyMultibase}`;
  keyPair.controller = did;
  keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
  const documentLoader = createDocumentLoader();
  const credential = sampleCredential(did);
  const signer = keyPair.signer();

  let signed: Record<string, unknown> = {};
  const issueOnce = () => vc.issue({ credential: structuredClone(credential), suite: new DataIntegrityProof({ signer, cryptosuite: eddsaRdfc2022 }), documentLoader });
  for (let i = 0; i < 20; i += 1) await issueOnce(); // warm-up: JIT and context caches, as a running service has them
  const issueStart = performance.now();
  for (let i = 0; i < REFERENCE_ITERATIONS; i += 1) {
    signed = await issueOnce();
  }
  const issueSeconds = (performance.now() - issueStart) / 1000;

  const verifyStart = performance.now();
  for (let i = 0; i < REFERENCE_ITERATIONS; i += 1) {
    // Proof only: the reference does no status lookup, so our ratio (proof + status + schema) is conservative.
    const result = await vc.verifyCredential({ credential: signed, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader, checkStatus: async () => ({ verified: true }) });
    if (!result.verified) throw new Error('reference verification failed');
  }
  const verifySeconds = (performance.now() - verifyStart) / 1000;

  // The same credential signed as the service's proof threads sign it (signDataIntegrity: the template
  // canonicalization, same bytes, and a private key object made once), each credential with its own
  // recipient and id, as a cohort's are.
  const serviceSigner = testSigner(did);
  const issueTemplated = (n: number) => {
    const subject = credential.credentialSubject as Record<string, any>;
    const own = { ...credential, id: `${String(credential.id)}-${n}`, credentialSubject: { ...subject, identifier: [{ ...subject.identifier[0], salt: `salt-${n}` }, ...subject.identifier.slice(1)] } };
    return signDataIntegrity({ credential: own, signer: serviceSigner, documentLoader, created: new Date() });
  };
  for (let i = 0; i < 20; i += 1) await issueTemplated(i);
  const templatedStart = performance.now();
  for (let i = 0; i < REFERENCE_ITERATIONS; i += 1) await issueTemplated(100 + i);
  const templatedSeconds = (performance.now() - templatedStart) / 1000;

  // The other proof format alone: VC-JWT signing of the same credential, as the service does it.
  const { proof: _proof, ...unsigned } = signed;
  for (let i = 0; i < 20; i += 1) await signVcJwt({ credential: unsigned, signer: serviceSigner });
  const jwtStart = performance.now();
  for (let i = 0; i < REFERENCE_ITERATIONS; i += 1) await signVcJwt({ credential: unsigned, signer: serviceSigner });
  const jwtSeconds = (performance.now() - jwtStart) / 1000;
  return {
    issuePerSecond: REFERENCE_ITERATIONS / issueSeconds,
    verifyPerSecond: REFERENCE_ITERATIONS / verifySeconds,
    templatedIssuePerSecond: REFERENCE_ITERATIONS / templatedSeconds,
    vcJwtSignPerSecond: REFERENCE_ITERATIONS / jwtSeconds,
  };
}

/** The credential the service issues in this bench, built by the same builders, for an issuer DID. */
function sampleCredential(issuerDid: string): Record<string, unknown> {
  const { slug: _slug, ...profile } = SCHOOL;
  const issuer = buildIssuerProfile({ id: issuerDid, profile });
  const achievement = buildAchievement({ id: 'http://localhost:3000/achievements/3f1e0f39-3c55-4b8e-9d0e-6f1f2a1b2c3d', creator: issuer, achievement: PLACEMENT_ACHIEVEMENT });
  return buildAchievementCredential({
    id: 'http://localhost:3000/credentials/6a1e0f39-3c55-4b8e-9d0e-6f1f2a1b2c3d',
    issuer,
    achievement,
    recipient: { email: 'learner@example.org', salt: randomBytes(16).toString('base64url'), displayName: 'Léa Martin' },
    validFrom: '2026-11-23T08:00:00Z',
    awardedDate: '2026-11-23T08:00:00Z',
    credentialStatus: buildStatusListEntry({ listUrl: 'http://localhost:3000/status-lists/7b1e0f39-3c55-4b8e-9d0e-6f1f2a1b2c3d', index: 94_567, purpose: 'revocation' }),
  });
}

async function measureService(service: ServiceProcess, reference: { issuePerSecond: number; verifyPerSecond: number }) {
  const headers = { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' };
  const post = async (path: string, body: unknown) => (await fetch(`${service.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).json();
  const issuer = await post('/v1/issuers', SCHOOL);
  const achievement = await post('/v1/achievements', { ...PLACEMENT_ACHIEVEMENT, issuerId: issuer.id });
  const request = { achievementId: achievement.id, recipient: { email: 'learner@example.org', name: 'Léa Martin' } };
  const issued = await post('/v1/credentials', request);
  const responses: CeilingResponses = {
    created: JSON.stringify(await post('/v1/credentials', { ...request, proofFormats: ['jwt_vc_json'] })),
    verdict: await (await fetch(`${service.baseUrl}/credentials/${issued.id}/verification`)).text(),
  };

  // Warm-up, unmeasured: JIT, template caches and connection pools as a running service has them, so that
  // the first measured phase is not the one that pays for them.
  const warmUpSeconds = Math.max(2, Math.round(SECONDS / 3));
  for (const [, proofFormats] of PROOF_FORMAT_CHOICES) {
    await autocannon({ url: `${service.baseUrl}/v1/credentials`, method: 'POST', headers, body: JSON.stringify({ ...request, proofFormats }), connections: 16, duration: warmUpSeconds });
  }

  const results: Record<string, unknown> = {};
  const rssUnderLoad = rssSampler(service.child.pid!);
  for (const [label, proofFormats] of PROOF_FORMAT_CHOICES) {
    for (const connections of [1, 16]) {
      const load = await runLoad({ url: `${service.baseUrl}/v1/credentials`, method: 'POST', headers, body: JSON.stringify({ ...request, proofFormats }), connections });
      const peakRssMb = rssUnderLoad.phasePeak();
      results[`issue_${proofFormats.join('+')}_c${connections}`] = { ...load, ratioToReference: load.requestsPerSecond / reference.issuePerSecond, peakRssMb };
      print(`issue (${label}, stored) c=${connections}`, load, reference.issuePerSecond, peakRssMb);
    }
  }

  // Bulk: POST /v1/credentials/bulk, 500 credentials a request, two requests in flight.
  const bulkStart = performance.now();
  let bulkErrors = 0;
  const bulkIssued: string[] = [];
  const sendBulk = async (from: number): Promise<void> => {
    for (let first = from; first < BULK; first += 2 * BULK_REQUEST) {
      const items = Array.from({ length: Math.min(BULK_REQUEST, BULK - first) }, (_, index) => ({ achievementId: achievement.id, recipient: { email: `learner-${first + index}@example.org`, name: 'Léa Martin' } }));
      const res = await fetch(`${service.baseUrl}/v1/credentials/bulk`, { method: 'POST', headers, body: JSON.stringify({ credentials: items }) });
      if (res.status !== 201) bulkErrors += 1;
      else bulkIssued.push(...((await res.json()) as { credentials: { id: string }[] }).credentials.map((credential) => credential.id));
    }
  };
  await Promise.all([sendBulk(0), sendBulk(BULK_REQUEST)]);
  const bulkSeconds = (performance.now() - bulkStart) / 1000;
  const bulkPeakRssMb = rssUnderLoad.phasePeak();
  results.bulk = { credentials: BULK, seconds: bulkSeconds, credentialsPerSecond: BULK / bulkSeconds, ratioToReference: BULK / bulkSeconds / reference.issuePerSecond, failedRequests: bulkErrors, peakRssMb: bulkPeakRssMb };
  console.log(
    `  bulk: ${BULK} credentials through POST /v1/credentials/bulk (${BULK_REQUEST} a request, 2 in flight) in ${bulkSeconds.toFixed(1)} s (${(BULK / bulkSeconds).toFixed(0)}/s, ×${(BULK / bulkSeconds / reference.issuePerSecond).toFixed(2)} reference), failed requests ${bulkErrors}, RSS ≤ ${bulkPeakRssMb} MB`,
  );

  // The bulk path itself: a cohort file, each row a stay earning three credentials (skills, language, UFM).
  const rows = Math.ceil(BULK / 3);
  const batchStart = performance.now();
  const created = await (await fetch(`${service.baseUrl}/v1/batches?issuerId=${issuer.id}`, { method: 'POST', headers: { ...headers, 'Content-Type': 'text/csv' }, body: cohortCsv(rows) })).json();
  let batch = created;
  while (batch.status !== 'done') {
    await new Promise((wait) => setTimeout(wait, 200));
    batch = await (await fetch(`${service.baseUrl}/v1/batches/${created.id}`, { headers })).json();
  }
  const batchSeconds = (performance.now() - batchStart) / 1000;
  const batchCredentials = batch.counts.issued * 3;
  const batchPeakRssMb = rssUnderLoad.phasePeak();
  results.batch = { rows, credentials: batchCredentials, seconds: batchSeconds, credentialsPerSecond: batchCredentials / batchSeconds, ratioToReference: batchCredentials / batchSeconds / reference.issuePerSecond, peakRssMb: batchPeakRssMb };
  console.log(`  batch: ${rows} cohort rows → ${batchCredentials} credentials in ${batchSeconds.toFixed(1)} s (${(batchCredentials / batchSeconds).toFixed(0)}/s, ×${(batchCredentials / batchSeconds / reference.issuePerSecond).toFixed(2)} reference), RSS ≤ ${batchPeakRssMb} MB`);

  const verify = await runLoad({ url: `${service.baseUrl}/credentials/${issued.id}/verification`, method: 'GET', connections: 16 });
  const verifyPeakRssMb = rssUnderLoad.phasePeak();
  results.verify_c16 = { ...verify, ratioToReference: verify.requestsPerSecond / reference.verifyPerSecond, peakRssMb: verifyPeakRssMb };
  print('verification by URL c=16, one credential again and again', verify, reference.verifyPerSecond, verifyPeakRssMb);
  // Employers each verifying their own candidate: every request a credential not verified before in this run
  // (the bulk phase's, in turn), so neither its record nor its proof can be remembered from an earlier request.
  let nextCredential = 0;
  const distinct = await runLoad({
    url: service.baseUrl,
    method: 'GET',
    connections: 16,
    requests: [{ setupRequest: (request) => ({ ...request, path: `/credentials/${bulkIssued[nextCredential++ % bulkIssued.length]}/verification` }) }],
  });
  const distinctPeakRssMb = rssUnderLoad.phasePeak();
  results.verify_distinct_c16 = { ...distinct, ratioToReference: distinct.requestsPerSecond / reference.verifyPerSecond, distinctCredentials: Math.min(nextCredential, bulkIssued.length), peakRssMb: distinctPeakRssMb };
  print(`verification by URL c=16, each request another credential (${Math.min(nextCredential, bulkIssued.length)} distinct)`, distinct, reference.verifyPerSecond, distinctPeakRssMb);

  // Hostile JSON-LD sent to POST /v1/verify (test/support/hostile-json-ld.ts) while /health is asked every 25 ms:
  // how long a person's request waits while somebody attacks the verifier.
  const fuzz = await fuzzVerification({ baseUrl: service.baseUrl, hostedDid: issuer.did, seconds: SECONDS, seed: 20261201, senders: 3 });
  const health = [...fuzz.healthLatencies].sort((a, b) => a - b);
  const fuzzPeakRssMb = rssUnderLoad.phasePeak();
  results.hostile_verify = {
    sent: fuzz.sent,
    unexpected5xx: fuzz.unexpected.length,
    healthChecks: health.length,
    healthFailures: fuzz.healthFailures.length,
    healthP50Ms: health[Math.floor(health.length / 2)],
    healthP99Ms: health[Math.floor(health.length * 0.99)],
    healthWorstMs: health.at(-1),
    peakRssMb: fuzzPeakRssMb,
  };
  console.log(
    `  hostile JSON-LD to POST /v1/verify, 3 clients, ${SECONDS} s: ${fuzz.sent} sent, ${fuzz.unexpected.length} unexpected 5xx; /health ${health.length} answers, ${fuzz.healthFailures.length} failed, p50 ${health[Math.floor(health.length / 2)]?.toFixed(1)} ms, p99 ${health[Math.floor(health.length * 0.99)]?.toFixed(1)} ms, worst ${health.at(-1)?.toFixed(1)} ms (target < 100 ms), RSS ≤ ${fuzzPeakRssMb} MB`,
  );

  results.peakRssUnderLoadMb = rssUnderLoad.stop();
  results.peakRssSinceStartMb = peakRssMb(service.child.pid!);
  console.log(`  peak RSS of the service process under load: ${results.peakRssUnderLoadMb} MB (sampled every 100 ms; since start, creating the store included: ${results.peakRssSinceStartMb} MB)`);
  return { results, responses };
}

/** A VC-JWT issuance's response and a verification's, as the service sent them. */
interface CeilingResponses {
  created: string;
  verdict: string;
}

/** The same loads against Express answering those responses as constants (bench/express-ceiling.ts). */
async function measureHttpCeiling(responses: CeilingResponses, reference: { issuePerSecond: number; verifyPerSecond: number }) {
  const port = await freePort();
  const ceiling = spawn(process.execPath, ['--import', 'tsx', resolve(PROJECT_ROOT, 'bench/express-ceiling.ts')], {
    env: { PATH: process.env.PATH, PORT: String(port), CEILING_CREATED: responses.created, CEILING_VERDICT: responses.verdict },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((ready, failed) => {
      ceiling.stdout.once('data', () => ready());
      ceiling.once('exit', (code) => failed(new Error(`the Express ceiling exited with ${code}`)));
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    const headers = { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' };
    const body = JSON.stringify({ achievementId: randomUUID(), recipient: { email: 'learner@example.org', name: 'Léa Martin' }, proofFormats: ['jwt_vc_json'] });
    await runLoad({ url: `${baseUrl}/v1/credentials`, method: 'POST', headers, body, connections: 16 }); // warm-up
    const issue = await runLoad({ url: `${baseUrl}/v1/credentials`, method: 'POST', headers, body, connections: 16 });
    const verify = await runLoad({ url: `${baseUrl}/credentials/${randomUUID()}/verification`, method: 'GET', connections: 16 });
    console.log('\nExpress alone, answering the same responses as constants (no key, signature or database; the most any Express route does here):');
    console.log(`  POST /v1/credentials c=16: ${issue.requestsPerSecond.toFixed(0)}/s (×${(issue.requestsPerSecond / reference.issuePerSecond).toFixed(1)} reference issue), p99 ${issue.p99Ms} ms`);
    console.log(`  GET /credentials/{id}/verification c=16: ${verify.requestsPerSecond.toFixed(0)}/s (×${(verify.requestsPerSecond / reference.verifyPerSecond).toFixed(1)} reference verify), p99 ${verify.p99Ms} ms`);
    return { issue_c16: { ...issue, ratioToReference: issue.requestsPerSecond / reference.issuePerSecond }, verify_c16: { ...verify, ratioToReference: verify.requestsPerSecond / reference.verifyPerSecond } };
  } finally {
    ceiling.kill('SIGTERM');
  }
}

function print(label: string, load: LoadResult, referenceRate: number, peakRssMb: number): void {
  console.log(
    `  ${label}: ${load.requestsPerSecond.toFixed(0)}/s (×${(load.requestsPerSecond / referenceRate).toFixed(2)} reference), p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms, errors ${load.errors + load.non2xx}, RSS ≤ ${peakRssMb} MB`,
  );
}

async function runLoad(options: {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  requests?: autocannon.Request[];
  connections: number;
  amount?: number;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: options.method,
    headers: options.headers ?? {},
    ...(options.body ? { body: options.body } : {}),
    ...(options.requests ? { requests: options.requests } : {}),
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: SECONDS }),
    timeout: 30,
  });
  return {
    requestsPerSecond: result.requests.total / (result.duration || 1),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** The largest resident set size of a process, sampled every 100 ms: over a phase, and from start to stop(). */
function rssSampler(pid: number): { phasePeak(): number; stop(): number } {
  let peakKilobytes = 0;
  let phaseKilobytes = 0;
  const sample = () => {
    const kilobytes = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    peakKilobytes = Math.max(peakKilobytes, kilobytes);
    phaseKilobytes = Math.max(phaseKilobytes, kilobytes);
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    /** The peak since the previous call (or the start). */
    phasePeak() {
      sample();
      const peak = phaseKilobytes;
      phaseKilobytes = 0;
      return Math.round(peak / 1024);
    },
    stop() {
      clearInterval(timer);
      sample();
      return Math.round(peakKilobytes / 1024);
    },
  };
}

/** VmHWM: the process's peak resident set size since it started. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round(kilobytes / 1024);
}

async function embeddedStore() {
  const root = mkdtempSync(join(tmpdir(), 'mobicred-bench-'));
  return {
    env: { MOBICRED_DATA_DIR: join(root, 'pglite'), MOBICRED_KEYS_DIR: join(root, 'keys') },
    cleanup: async () => rmSync(root, { recursive: true, force: true }),
  };
}

async function postgresStore() {
  const database = await createScratchDatabase();
  return { env: { DATABASE_URL: database.databaseUrl, MOBICRED_KEK: randomBytes(32).toString('base64url') }, cleanup: database.drop };
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
