import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BACKENDS } from '../support/backends.js';
import type { Db } from '../../src/storage/database.js';
import { keepApprovedClient, oauthArtifactStore } from '../../src/services/ob-authorization-store.js';
import { openOauthSigningKeys } from '../../src/keys/oauth-signing-keys.js';
import { importJWK, SignJWT, jwtVerify } from 'jose';
import { sha256Hex } from '../../src/domain/hash.js';
import { deleteExpiredRows } from '../../src/storage/expired-rows-repository.js';

describe.each(BACKENDS)('the OB API authorization server’s storage on $name', (backend) => {
  let db: Db;
  let close: () => Promise<void>;
  let clock = new Date('2026-09-01T08:00:00Z');
  const secretsKey = randomBytes(32);
  const store = () => oauthArtifactStore({ db, clientSecretsKey: secretsKey, now: () => clock });
  const tableText = async () => JSON.stringify((await sql`select * from oauth_artifacts`.execute(db)).rows);

  beforeAll(async () => {
    ({ db, close } = await backend.open());
  });
  afterAll(() => close());

  it('when a token is stored, then it is found by its value alone, and the table holds neither the value nor anything that opens it', async () => {
    const tokens = store()('AccessToken');
    const value = 'access-' + randomBytes(24).toString('base64url');
    await tokens.upsert(value, { jti: value, kind: 'AccessToken', accountId: 'learner-1', grantId: 'grant-1', scope: 's' }, 3600);
    expect(await tokens.find(value)).toMatchObject({ jti: value, accountId: 'learner-1', grantId: 'grant-1' });
    expect(await tokens.find(value + 'x')).toBeUndefined();
    expect(await store()('RefreshToken').find(value)).toBeUndefined();
    expect(await tableText()).not.toContain(value);
  });

  it('when a registered platform is stored, then its secret is kept sealed and comes back as it was', async () => {
    const clients = store()('Client');
    const secret = 'secret-' + randomBytes(24).toString('base64url');
    await clients.upsert('platform-1', { client_id: 'platform-1', client_secret: secret, client_name: 'CV Platform' }, undefined);
    expect(await clients.find('platform-1')).toEqual({ client_id: 'platform-1', client_secret: secret, client_name: 'CV Platform' });
    expect(await tableText()).not.toContain(secret);
    // The sealed secret is bound to its row: copied onto another platform's row, it does not open.
    await sql`insert into oauth_artifacts (model, id_hash, payload) select model, ${sha256Hex('Client\u0000platform-2')}, payload from oauth_artifacts where model = 'Client'`.execute(db);
    await expect(clients.find('platform-2')).rejects.toThrow();
  });

  it('when a registered platform is not approved within 30 days, then it is not found and the purge deletes it; an approved one stays', async () => {
    const clients = store()('Client');
    await clients.upsert('never-approved', { client_id: 'never-approved' }, undefined);
    await clients.upsert('approved', { client_id: 'approved' }, undefined);
    await keepApprovedClient(db, 'approved');
    const registeredAt = clock;
    try {
      clock = new Date(registeredAt.getTime() + 29 * 86_400_000);
      expect(await clients.find('never-approved')).toEqual({ client_id: 'never-approved' });
      clock = new Date(registeredAt.getTime() + 31 * 86_400_000);
      expect(await clients.find('never-approved')).toBeUndefined();
      await deleteExpiredRows(db, 'oauthArtifacts', { cutoff: clock, limit: 100 });
      const left = (await sql<{ id_hash: string }>`select id_hash from oauth_artifacts where model = 'Client'`.execute(db)).rows.map((row) => row.id_hash);
      expect(left).toContain(sha256Hex('Client\u0000approved'));
      expect(left).not.toContain(sha256Hex('Client\u0000never-approved'));
      expect(await clients.find('approved')).toEqual({ client_id: 'approved' });
    } finally {
      clock = registeredAt;
    }
  });

  it('when a code is consumed, then it is found marked consumed; when its lifetime passes, then it is not found', async () => {
    const codes = store()('AuthorizationCode');
    await codes.upsert('code-1', { jti: 'code-1', kind: 'AuthorizationCode', grantId: 'grant-2' }, 600);
    await codes.consume('code-1');
    expect((await codes.find('code-1'))?.consumed).toBe(Math.floor(clock.getTime() / 1000));
    clock = new Date(clock.getTime() + 601_000);
    expect(await codes.find('code-1')).toBeUndefined();
  });

  it('when a grant is revoked, then every code and token under it is gone, and only those', async () => {
    const [access, refresh] = [store()('AccessToken'), store()('RefreshToken')];
    await access.upsert('at-3', { jti: 'at-3', grantId: 'grant-3' }, 3600);
    await refresh.upsert('rt-3', { jti: 'rt-3', grantId: 'grant-3' }, 3600);
    await refresh.upsert('rt-4', { jti: 'rt-4', grantId: 'grant-4' }, 3600);
    await refresh.revokeByGrantId('grant-3');
    expect([await access.find('at-3'), await refresh.find('rt-3')]).toEqual([undefined, undefined]);
    expect(await refresh.find('rt-4')).toMatchObject({ grantId: 'grant-4' });
    await refresh.destroy('rt-4');
    expect(await refresh.find('rt-4')).toBeUndefined();
  });

  it('when a session is looked up by its uid, then it is found (without its id, which is a cookie’s value)', async () => {
    const sessions = store()('Session');
    await sessions.upsert('session-cookie-value', { jti: 'session-cookie-value', uid: 'uid-5', accountId: 'learner-5' }, 3600);
    expect(await sessions.findByUid('uid-5')).toEqual({ uid: 'uid-5', accountId: 'learner-5' });
    expect(await sessions.find('session-cookie-value')).toMatchObject({ jti: 'session-cookie-value', accountId: 'learner-5' });
    expect(await tableText()).not.toContain('session-cookie-value');
  });

  it('when the signing keys are opened, then one key is made once, kept sealed, and signs what its public half verifies', async () => {
    const kek = randomBytes(32);
    const [first, again] = await Promise.all([openOauthSigningKeys(db, kek), openOauthSigningKeys(db, kek)]);
    expect(first.keys).toHaveLength(1);
    expect(again.keys[0]!.kid).toBe(first.keys[0]!.kid);
    const stored = (await sql<{ public_jwk: Record<string, unknown>; sealed_private_key: string }>`select public_jwk, sealed_private_key from oauth_signing_keys`.execute(db)).rows;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.public_jwk.d).toBeUndefined();
    expect(stored[0]!.sealed_private_key).not.toContain(String(first.keys[0]!.d));
    const jwt = await new SignJWT({ a: 1 }).setProtectedHeader({ alg: 'ES256' }).sign(await importJWK(first.keys[0]!, 'ES256'));
    await expect(jwtVerify(jwt, await importJWK(stored[0]!.public_jwk, 'ES256'))).resolves.toBeTruthy();
    await expect(openOauthSigningKeys(db, randomBytes(32))).rejects.toThrow();
  });
});
