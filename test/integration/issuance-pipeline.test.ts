import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { decodeJwt } from 'jose';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi } from '../support/api.js';
import { createIssuancePipeline, type IssuanceJob, type IssuancePipeline } from '../../src/services/issuance-pipeline.js';
import { createStatusAllocator, type StatusAllocator } from '../../src/status/status-allocator.js';
import { createMetrics } from '../../src/metrics.js';
import { findIssuerById, type IssuerRow } from '../../src/storage/issuers-repository.js';
import { EVERY_SCHOOL } from '../../src/storage/tenancy.js';
import type { Actor } from '../../src/services/access.js';

describe.each(BACKENDS)('the issuance pipeline on $name', (backend) => {
  let service: TestService;
  let issuer: IssuerRow;
  let achievementId: string;
  let actor: Actor;

  beforeAll(async () => {
    service = await startTestService(backend);
    const api = adminApi(service);
    const created = await api.createIssuer();
    achievementId = (await api.createAchievement(created.id)).id;
    issuer = (await findIssuerById(service.ctx.db, created.id, EVERY_SCHOOL))!;
    const { rows } = await sql<{ id: string }>`select id from api_keys limit 1`.execute(service.ctx.db);
    actor = { apiKeyId: rows[0]!.id, role: 'platform-admin', tenancy: EVERY_SCHOOL };
  });
  afterAll(() => service.close());

  /** A pipeline of its own, as a second process would have, whose allocator counts the calls it gets. */
  function pipelineWithCountingAllocator(): { pipeline: IssuancePipeline; allocations: number[] } {
    const allocations: number[] = [];
    const allocator = createStatusAllocator({ db: service.ctx.db, publicUrls: service.ctx.publicUrls });
    const counting: StatusAllocator = {
      allocate: (options) => {
        allocations.push(options.count);
        return allocator.allocate(options);
      },
    };
    const { db, keyRing, dataIntegrity, now } = service.ctx;
    return { pipeline: createIssuancePipeline({ db, keys: keyRing, proofs: dataIntegrity, statusAllocator: counting, metrics: createMetrics(), now }), allocations };
  }

  function job(overrides: Partial<IssuanceJob> = {}): IssuanceJob {
    const id = randomUUID();
    return {
      id,
      issuer,
      achievementId,
      recipientEmail: 'lea.martin@example.org',
      statusPurpose: 'revocation',
      proofFormats: ['ldp_vc', 'jwt_vc_json'],
      build: (credentialStatus) => ({
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
        id: service.ctx.publicUrls.credential(id),
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        issuer: { id: issuer.did, type: ['Profile'], name: 'LP Jean Moulin' },
        validFrom: '2026-06-01T00:00:00Z',
        credentialSubject: { type: ['AchievementSubject'], achievement: { id: `urn:uuid:${achievementId}`, type: ['Achievement'], name: 'Stage', description: 'd', criteria: { narrative: 'n' } } },
        credentialStatus,
      }),
      actor,
      ...overrides,
    };
  }

  it('when many credentials are issued at once, then they are stored together: each with its own status index, fewer allocations than credentials', async () => {
    const { pipeline, allocations } = pipelineWithCountingAllocator();
    const issued = await Promise.all(Array.from({ length: 40 }, () => pipeline.issue(job())));
    const indexes = issued.map(({ entry }) => `${entry.list_id} ${entry.list_index}`);
    expect(new Set(indexes).size).toBe(40);
    expect(allocations.reduce((sum, count) => sum + count, 0)).toBe(40);
    expect(allocations.length).toBeLessThan(40);
    const { rows } = await sql<{ n: string }>`select count(*) as n from credentials where id in (${sql.join(issued.map(({ row }) => row.id))})`.execute(service.ctx.db);
    expect(Number(rows[0]!.n)).toBe(40);
    for (const { row, credential } of issued) {
      expect(row.data_integrity).toMatchObject({ proof: [{ cryptosuite: 'eddsa-rdfc-2022' }] });
      expect(decodeJwt(row.jwt!).iss).toBe(issuer.did);
      expect(credential.credentialStatus).toMatchObject({ statusListIndex: String(issued.find((item) => item.row.id === row.id)!.entry.list_index) });
    }
  });

  it('when two pipelines (two processes) issue for the same school, then no status index is handed out twice', async () => {
    const first = pipelineWithCountingAllocator().pipeline;
    const second = pipelineWithCountingAllocator().pipeline;
    const issued = await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 ? first : second).issue(job())));
    const indexes = issued.map(({ entry }) => `${entry.list_id} ${entry.list_index}`);
    expect(new Set(indexes).size).toBe(20);
  });

  it('when a credential is asked for in one proof format, then it has that proof only', async () => {
    const { pipeline } = pipelineWithCountingAllocator();
    const jwtOnly = await pipeline.issue(job({ proofFormats: ['jwt_vc_json'] }));
    expect(jwtOnly.row.data_integrity).toBeNull();
    expect(decodeJwt(jwtOnly.row.jwt!).iss).toBe(issuer.did);
    const dataIntegrityOnly = await pipeline.issue(job({ proofFormats: ['ldp_vc'] }));
    expect(dataIntegrityOnly.row.jwt).toBeNull();
  });

  it('when one credential of a group breaks a constraint, then it alone fails and the others are stored', async () => {
    const { pipeline } = pipelineWithCountingAllocator();
    const duplicate = randomUUID();
    const results = await Promise.allSettled([pipeline.issue(job()), pipeline.issue(job({ id: duplicate })), pipeline.issue(job({ id: duplicate })), pipeline.issue(job())]);
    expect(results.map((result) => result.status).filter((status) => status === 'rejected')).toHaveLength(1);
    expect(results[0]!.status).toBe('fulfilled');
    expect(results[3]!.status).toBe('fulfilled');
  });

  it('when more bulk tasks than slots are given, then two run at a time and each runs', async () => {
    const { pipeline } = pipelineWithCountingAllocator();
    let running = 0;
    let most = 0;
    const task = async (value: number) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running -= 1;
      return value;
    };
    expect(await Promise.all([1, 2, 3, 4, 5].map((value) => pipeline.inBulkSlot(() => task(value))))).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });
});
