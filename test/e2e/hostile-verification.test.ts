import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { startServiceProcess, type ServiceProcess } from '../support/process.js';
import { SCHOOL } from '../support/api.js';
import { fuzzVerification } from '../support/hostile-json-ld.js';

/** How long the fuzz runs: bounded, and longer on request (MOBICRED_FUZZ_SECONDS). */
const FUZZ_SECONDS = Number(process.env.MOBICRED_FUZZ_SECONDS ?? 20);

/**
 * POST /v1/verify is open to anyone: whatever a single request sends, the service keeps answering. Run as
 * `npm start` runs it — compiled, with its heap limits, proof threads and all — as a process of its own.
 */
describe('hostile credentials sent to the running service', () => {
  const root = mkdtempSync(join(tmpdir(), 'mobicred-hostile-'));
  const adminKey = `mbc_${randomBytes(24).toString('base64url')}`;
  let service: ServiceProcess;
  let hostedDid: string;

  beforeAll(async () => {
    await promisify(execFile)('npm', ['run', 'build'], { cwd: PROJECT_ROOT, timeout: 300_000 });
    service = await startServiceProcess(
      {
        MOBICRED_DATA_DIR: join(root, 'pglite'),
        MOBICRED_KEYS_DIR: join(root, 'keys'),
        MOBICRED_ADMIN_API_KEY: adminKey,
        // The fuzz sends far more than a client may: the limit itself is tested elsewhere.
        MOBICRED_VERIFY_RATE_LIMIT: '1000000',
      },
      undefined,
      { kind: 'compiled', root: PROJECT_ROOT },
    );
    const issuer = await fetch(`${service.baseUrl}/v1/issuers`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(SCHOOL),
    });
    hostedDid = ((await issuer.json()) as { did: string }).did;
  }, 360_000);
  afterAll(async () => {
    await service?.stop('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  const verify = (body: unknown) =>
    fetch(`${service.baseUrl}/v1/verify`, { method: 'POST', headers: { 'Content-Type': 'application/ld+json' }, body: JSON.stringify(body) });

  it('when a credential of a hosted school carries 2,000 inline contexts, then it is refused as too complex and the service still answers', async () => {
    const contexts = Array.from({ length: 2000 }, (_, i) => ({ [`t${i}`]: `https://example.org/t${i}` }));
    const attack = {
      '@context': ['https://www.w3.org/ns/credentials/v2', ...contexts, 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: 'urn:uuid:0b4c6a5e-1b1e-4d7e-9a5e-2f0c7f7c9e11',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: hostedDid, type: ['Profile'], name: SCHOOL.name },
      validFrom: '2026-06-01T00:00:00Z',
      credentialSubject: { type: ['AchievementSubject'], achievement: { id: 'urn:uuid:a', type: ['Achievement'], name: 'x', criteria: { narrative: 'x' } } },
      proof: [{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', created: '2026-06-01T00:00:00Z', verificationMethod: `${hostedDid}#key-1`, proofPurpose: 'assertionMethod', proofValue: 'z1' }],
    };
    const answers = await Promise.all(Array.from({ length: 5 }, () => verify(attack)));
    for (const res of answers) {
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { type: string; field: string };
      expect(problem.type).toBe('urn:mobicred:problem:document-too-complex');
      expect(problem.field).toBe('/@context');
    }
    expect((await fetch(`${service.baseUrl}/health`)).status).toBe(200);
    expect(service.child.exitCode).toBeNull();
  });

  it(`when generated hostile JSON-LD is sent for ${FUZZ_SECONDS} s, then the process never exits and /health answers throughout`, async () => {
    const fuzz = await fuzzVerification({ baseUrl: service.baseUrl, hostedDid, seconds: FUZZ_SECONDS, seed: Number(process.env.MOBICRED_FUZZ_SEED ?? 20261201), senders: 3 });
    // Timings are reported, not asserted: `npm run bench` measures them.
    console.log(`fuzz: ${fuzz.sent} hostile credentials in ${FUZZ_SECONDS} s; /health answered ${fuzz.healthLatencies.length} times, worst ${Math.max(...fuzz.healthLatencies).toFixed(1)} ms`);
    console.log([...fuzz.outcomes.entries()].sort().map(([key, n]) => `  ${key}: ${n}`).join('\n'));
    expect(fuzz.unexpected).toEqual([]);
    expect(fuzz.healthFailures).toEqual([]);
    expect(fuzz.sent).toBeGreaterThan(0);
    expect(service.child.exitCode).toBeNull();
  }, (FUZZ_SECONDS + 60) * 1000);
});
