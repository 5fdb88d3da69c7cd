import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('when nothing is set, then the service runs on PGlite with a dev KEK created under the keys directory', () => {
    const keysDir = mkdtempSync(join(tmpdir(), 'mobicred-keys-'));
    const config = loadConfig({ MOBICRED_KEYS_DIR: keysDir });
    expect(config.storage.kind).toBe('pglite');
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.keyEncryptionKeySource).toBe('dev-file');
    expect(config.keyEncryptionKey).toHaveLength(32);
    expect(statSync(join(keysDir, 'dev-kek')).mode & 0o777).toBe(0o600);
    expect(loadConfig({ MOBICRED_KEYS_DIR: keysDir }).keyEncryptionKey).toEqual(config.keyEncryptionKey);
    expect(readFileSync(join(keysDir, 'dev-kek'), 'utf8').trim()).toBe(config.keyEncryptionKey.toString('base64url'));
  });

  it('when several values are bad, then every problem is reported at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty', PUBLIC_BASE_URL: 'ftp://x', DATABASE_URL: 'mysql://x', MOBICRED_KEK: 'c2hvcnQ', LOG_LEVEL: 'loud',
        MOBICRED_TRUST_PROXY: 'everyone', MOBICRED_AUTH_FAILURE_RATE_LIMIT: '0', MOBICRED_METRICS_TOKEN: 'short', MOBICRED_MOVE_PUBLIC_BASE_URL: 'yes please', MOBICRED_BADGE_RENDER_TIMEOUT_MS: '2s',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(10);
  });

  it('when the badge render budget is set, then it is used; otherwise it is 2 s', () => {
    const kek = Buffer.alloc(32, 1).toString('base64url');
    expect(loadConfig({ MOBICRED_KEK: kek }).badgeRenderTimeoutMs).toBe(2000);
    expect(loadConfig({ MOBICRED_KEK: kek, MOBICRED_BADGE_RENDER_TIMEOUT_MS: '500' }).badgeRenderTimeoutMs).toBe(500);
    expect(() => loadConfig({ MOBICRED_KEK: kek, MOBICRED_BADGE_RENDER_TIMEOUT_MS: '0' })).toThrow(/MOBICRED_BADGE_RENDER_TIMEOUT_MS/);
  });

  it('when the operator is named, then the privacy page can say who runs the service and how to reach them; an address alone or a bad one is refused', () => {
    const kek = Buffer.alloc(32, 1).toString('base64url');
    expect(loadConfig({ MOBICRED_KEK: kek }).operator).toBeUndefined();
    expect(loadConfig({ MOBICRED_KEK: kek, MOBICRED_OPERATOR_NAME: ' Région académique Auvergne-Rhône-Alpes ' }).operator).toEqual({ name: 'Région académique Auvergne-Rhône-Alpes', email: undefined });
    expect(loadConfig({ MOBICRED_KEK: kek, MOBICRED_OPERATOR_NAME: 'DAREIC', MOBICRED_OPERATOR_EMAIL: 'dpo@ac-lyon.example.fr' }).operator).toEqual({ name: 'DAREIC', email: 'dpo@ac-lyon.example.fr' });
    expect(() => loadConfig({ MOBICRED_KEK: kek, MOBICRED_OPERATOR_EMAIL: 'dpo@ac-lyon.example.fr' })).toThrow(/MOBICRED_OPERATOR_EMAIL needs MOBICRED_OPERATOR_NAME/);
    expect(() => loadConfig({ MOBICRED_KEK: kek, MOBICRED_OPERATOR_NAME: 'DAREIC', MOBICRED_OPERATOR_EMAIL: 'not an address' })).toThrow(/MOBICRED_OPERATOR_EMAIL must be an email address/);
  });

  it('when proxies are named, then Express is told whom to believe', () => {
    const kek = Buffer.alloc(32, 1).toString('base64url');
    expect(loadConfig({ MOBICRED_KEK: kek }).trustProxy).toBe(false);
    expect(loadConfig({ MOBICRED_KEK: kek, MOBICRED_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ MOBICRED_KEK: kek, MOBICRED_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
  });

  it('when every proxy would be believed (true), then start-up is refused, saying what to give instead', () => {
    const kek = Buffer.alloc(32, 1).toString('base64url');
    expect(() => loadConfig({ MOBICRED_KEK: kek, MOBICRED_TRUST_PROXY: 'true' })).toThrow(/MOBICRED_TRUST_PROXY=true would believe any X-Forwarded-For .*number of proxy hops/);
  });

  it('when the nonce and OB registration limits, purge interval and retention are not set, then the defaults apply; bad values are refused', () => {
    const kek = Buffer.alloc(32, 1).toString('base64url');
    expect(loadConfig({ MOBICRED_KEK: kek })).toMatchObject({ nonceRequestsPerMinute: 60, obRegistrationsPerMinute: 10, purgeIntervalMs: 3_600_000, expiredRetentionDays: 30 });
    expect(loadConfig({ MOBICRED_KEK: kek, MOBICRED_PURGE_INTERVAL_MINUTES: '5', MOBICRED_EXPIRED_RETENTION_DAYS: '0' })).toMatchObject({ purgeIntervalMs: 300_000, expiredRetentionDays: 0 });
    let error: unknown;
    try {
      loadConfig({ MOBICRED_KEK: kek, MOBICRED_NONCE_RATE_LIMIT: '0', MOBICRED_OB_REGISTRATION_RATE_LIMIT: 'x', MOBICRED_PURGE_INTERVAL_MINUTES: '0.5', MOBICRED_EXPIRED_RETENTION_DAYS: '-1' });
    } catch (caught) {
      error = caught;
    }
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^MOBICRED_NONCE_RATE_LIMIT/),
      expect.stringMatching(/^MOBICRED_OB_REGISTRATION_RATE_LIMIT/),
      expect.stringMatching(/^MOBICRED_PURGE_INTERVAL_MINUTES/),
      expect.stringMatching(/^MOBICRED_EXPIRED_RETENTION_DAYS/),
    ]);
  });

  it('when in production without a KEK, then start-up is refused', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/MOBICRED_KEK is required/);
  });
});
