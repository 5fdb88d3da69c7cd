import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServiceProcess, freePort } from '../support/process.js';
import { officialOpenBadgeValidator } from '../support/oracles.js';
import { SCHOOL, PLACEMENT_ACHIEVEMENT } from '../support/api.js';

/**
 * The README's start command on the embedded store: state survives a crash (SIGKILL) and a graceful stop,
 * and the admin key is shown on the first start only.
 */
describe('the service process on its embedded default', () => {
  const root = mkdtempSync(join(tmpdir(), 'mobicred-restart-'));
  const env = { MOBICRED_DATA_DIR: join(root, 'pglite'), MOBICRED_KEYS_DIR: join(root, 'keys') };
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('when killed mid-way and started again, then issuers, keys and credentials are all still there and usable', async () => {
    const port = await freePort();
    const first = await startServiceProcess(env, port);
    const [, adminKey] = await first.waitForOutput(/First start: .*\n\n\s+(mbc_\S+)/);
    const call = (base: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
        body: body ? JSON.stringify(body) : null,
      });

    const issuer = await (await call(first.baseUrl, '/v1/issuers', SCHOOL)).json();
    const achievement = await (await call(first.baseUrl, '/v1/achievements', { ...PLACEMENT_ACHIEVEMENT, issuerId: issuer.id })).json();
    const issued = await (await call(first.baseUrl, '/v1/credentials', { achievementId: achievement.id, recipient: { email: 'lea@example.org' } })).json();
    const didBefore = await (await fetch(`${first.baseUrl}/issuers/${issuer.slug}/did.json`)).json();
    expect(await first.stop('SIGKILL')).toBeNull();

    const second = await startServiceProcess(env, port);
    expect(second.stdout()).not.toContain('First start');
    expect(await (await fetch(`${second.baseUrl}/credentials/${issued.id}`)).json()).toEqual(issued.credential);
    expect(await (await fetch(`${second.baseUrl}/issuers/${issuer.slug}/did.json`)).json()).toEqual(didBefore);
    expect((await call(second.baseUrl, `/v1/issuers/${issuer.id}`)).status).toBe(200);

    // The sealed private key opens again with the KEK kept under keys/: the same key signs the next credential.
    const next = await call(second.baseUrl, '/v1/credentials', { achievementId: achievement.id, recipient: { email: 'tom@example.org' } });
    expect(next.status).toBe(201);
    const nextBody = await next.json();
    expect(nextBody.credential.proof[0].verificationMethod).toBe(issued.credential.proof[0].verificationMethod);
    expect(officialOpenBadgeValidator()(nextBody.credential).errors).toBeNull();

    expect(await second.stop('SIGTERM')).toBe(0);

    // Started with another key-encryption key, it refuses to start and says why, rather than fail each issuance.
    const wrongKek = startServiceProcess({ ...env, MOBICRED_KEK: Buffer.alloc(32, 7).toString('base64url') }, port);
    await expect(wrongKek).rejects.toThrow(/exited with 78[\s\S]*MOBICRED_KEK\) does not open the signing keys/);
    // Three starts on a fresh PGlite directory: 27 s alone, over 60 s with the whole suite on two cores.
  }, 180_000);
});
