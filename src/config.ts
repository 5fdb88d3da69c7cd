import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, whatever the working directory (schemas/ and keys/ live there). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export type Storage =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; databaseUrl: string };

export interface Config {
  readonly host: string;
  readonly port: number;
  /** Base of every public URL and of the did:web identifiers, without a trailing slash. */
  readonly publicBaseUrl: string;
  /** Record publicBaseUrl in the database even though another one is recorded there (a deliberate move). */
  readonly movePublicBaseUrl: boolean;
  readonly storage: Storage;
  /** 32-byte key-encryption key for issuers' private keys. */
  readonly keyEncryptionKey: Buffer;
  /** Where the key-encryption key came from, for the start-up log (never the key itself). */
  readonly keyEncryptionKeySource: 'environment' | 'dev-file';
  /** A platform admin API key to ensure at start-up; when absent one is generated on first start. */
  readonly adminApiKey: string | undefined;
  /** The address of the console's first platform admin, created at the first start with a password printed once. */
  readonly consoleAdminEmail: string;
  /** The bearer token a Prometheus scraper presents to read /metrics; without it, /metrics is not served. */
  readonly metricsToken: string | undefined;
  readonly logLevel: string;
  readonly shutdownTimeoutMs: number;
  /** Requests a minute one client address may make to the public verification endpoints. */
  readonly verifyRequestsPerMinute: number;
  /** Refused API keys a minute one client address, or one key prefix, may present before refusals get 429 (a valid key never does). */
  readonly authFailuresPerMinute: number;
  /** Requests a minute one client address may make to the anonymous OpenID4VCI nonce endpoint. */
  readonly nonceRequestsPerMinute: number;
  /** Registrations a minute one client address may make to the OB 3.0 API's open client registration. */
  readonly obRegistrationsPerMinute: number;
  /** How often each instance deletes expired offers, nonces, claim links and endorsement links. */
  readonly purgeIntervalMs: number;
  /** How long expired claim and endorsement links are kept (so that a late visitor is told "expired", not "unknown"). */
  readonly expiredRetentionDays: number;
  /**
   * Which proxies in front of the service to believe about the client's address (X-Forwarded-For), as
   * Express's "trust proxy": false, a number of hops, or addresses/subnets. Rate limits count per client.
   */
  readonly trustProxy: false | number | readonly string[];
  /** Hosts (host or host:port) whose did:web issuers and status lists the verifier may fetch. */
  readonly trustedDidWebHosts: readonly string[];
  /** After this long, a batch row claimed by a worker that died is claimed again. */
  readonly batchClaimTimeoutMs: number;
  /** Worker threads for Data Integrity signing; 0 signs on the main thread. */
  readonly signingThreads: number;
  /** The time one badge SVG may take to render (on its own thread) before the upload is refused. */
  readonly badgeRenderTimeoutMs: number;
  /** Outgoing email (claim links), when configured: an smtp:// or smtps:// URL and a sender address. */
  readonly smtp: { url: string; from: string } | undefined;
  /** Who runs this deployment and how to reach them, as the privacy page states it. */
  readonly operator: { name: string; email: string | undefined } | undefined;
}

/** Expired claim and endorsement links are kept this long by default, so that a late visitor reads "expired". */
export const DEFAULT_EXPIRED_RETENTION_DAYS = 30;
/** How often, by default, each instance deletes what has expired. */
export const DEFAULT_PURGE_INTERVAL_MINUTES = 60;

/** A badge renders in tens of milliseconds; one that takes seconds is an attack, or a mistake. */
export const DEFAULT_BADGE_RENDER_TIMEOUT_MS = 2_000;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The configuration, or the process ends with every problem on stderr and EX_CONFIG (78): for commands and the server. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}

/**
 * An integer setting from min to max (both included), `fallback` when unset; anything else records
 * "<name> <problem>" (the configuration is then refused).
 */
function integerSetting(
  env: NodeJS.ProcessEnv,
  name: string,
  options: { fallback: number; min: number; max?: number; problem: string },
  problems: string[],
): number {
  const value = Number(env[name] ?? String(options.fallback));
  if (!Number.isInteger(value) || value < options.min || (options.max !== undefined && value > options.max)) problems.push(`${name} ${options.problem}`);
  return value;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * The only reader of process.env. Every problem is collected so that an operator fixes them in one go.
 * In development (no MOBICRED_KEK, NODE_ENV not production) the key-encryption key is created under keys/.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  const port = parsePort(env.PORT ?? '3000', problems);
  const host = env.HOST ?? '127.0.0.1';
  const publicBaseUrl = parseBaseUrl(env.PUBLIC_BASE_URL ?? `http://localhost:${port}`, problems);
  const movePublicBaseUrl = parseFlag('MOBICRED_MOVE_PUBLIC_BASE_URL', env.MOBICRED_MOVE_PUBLIC_BASE_URL, problems);

  let storage: Storage;
  if (env.DATABASE_URL) {
    if (!/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) {
      problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
    }
    storage = { kind: 'postgres', databaseUrl: env.DATABASE_URL };
  } else {
    storage = { kind: 'pglite', dataDir: resolve(PROJECT_ROOT, env.MOBICRED_DATA_DIR ?? 'data/pglite') };
  }

  let keyEncryptionKey: Buffer = Buffer.alloc(0);
  let keyEncryptionKeySource: Config['keyEncryptionKeySource'] = 'environment';
  if (env.MOBICRED_KEK) {
    keyEncryptionKey = Buffer.from(env.MOBICRED_KEK, 'base64url');
    if (keyEncryptionKey.length !== 32) problems.push('MOBICRED_KEK must be 32 bytes, base64url-encoded');
  } else if (env.NODE_ENV === 'production') {
    problems.push('MOBICRED_KEK is required when NODE_ENV=production (32 bytes, base64url-encoded)');
  } else {
    keyEncryptionKey = readOrCreateDevKek(resolve(PROJECT_ROOT, env.MOBICRED_KEYS_DIR ?? 'keys'));
    keyEncryptionKeySource = 'dev-file';
  }

  const adminApiKey = env.MOBICRED_ADMIN_API_KEY || undefined;
  if (adminApiKey !== undefined && adminApiKey.length < 24) {
    problems.push('MOBICRED_ADMIN_API_KEY must be at least 24 characters');
  }

  const consoleAdminEmail = env.MOBICRED_CONSOLE_ADMIN_EMAIL || 'admin@localhost';
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(consoleAdminEmail)) problems.push('MOBICRED_CONSOLE_ADMIN_EMAIL must be an email address');

  const metricsToken = env.MOBICRED_METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && !/^[A-Za-z0-9._~+/-]{24,}=*$/.test(metricsToken)) {
    problems.push('MOBICRED_METRICS_TOKEN must be at least 24 characters of a bearer token (letters, digits, - . _ ~ + /)');
  }

  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const shutdownTimeoutMs = integerSetting(env, 'SHUTDOWN_TIMEOUT_MS', { fallback: 10_000, min: 0, problem: 'must be a non-negative integer' }, problems);

  const verifyRequestsPerMinute = integerSetting(env, 'MOBICRED_VERIFY_RATE_LIMIT', { fallback: 60, min: 1, problem: 'must be a positive integer (requests a minute per client)' }, problems);

  const authFailuresPerMinute = integerSetting(env, 'MOBICRED_AUTH_FAILURE_RATE_LIMIT', { fallback: 30, min: 1, problem: 'must be a positive integer (refused keys a minute per client)' }, problems);

  const nonceRequestsPerMinute = integerSetting(env, 'MOBICRED_NONCE_RATE_LIMIT', { fallback: 60, min: 1, problem: 'must be a positive integer (nonce requests a minute per client)' }, problems);

  const obRegistrationsPerMinute = integerSetting(env, 'MOBICRED_OB_REGISTRATION_RATE_LIMIT', { fallback: 10, min: 1, problem: 'must be a positive integer (platform registrations a minute per client)' }, problems);

  const purgeIntervalMinutes = integerSetting(env, 'MOBICRED_PURGE_INTERVAL_MINUTES', { fallback: DEFAULT_PURGE_INTERVAL_MINUTES, min: 1, max: 10_080, problem: 'must be an integer from 1 to 10080 (a week)' }, problems);

  const expiredRetentionDays = integerSetting(env, 'MOBICRED_EXPIRED_RETENTION_DAYS', { fallback: DEFAULT_EXPIRED_RETENTION_DAYS, min: 0, max: 3650, problem: 'must be an integer from 0 to 3650' }, problems);

  const trustProxy = parseTrustProxy(env.MOBICRED_TRUST_PROXY ?? '', problems);

  const trustedDidWebHosts = (env.MOBICRED_TRUSTED_DID_WEB_HOSTS ?? '').split(',').map((host) => host.trim()).filter(Boolean);
  for (const host of trustedDidWebHosts) {
    if (!/^[a-z0-9.-]+(:\d{1,5})?$/i.test(host)) problems.push(`MOBICRED_TRUSTED_DID_WEB_HOSTS: "${host}" is not a host or host:port`);
  }

  const batchClaimTimeoutMs = integerSetting(env, 'MOBICRED_BATCH_CLAIM_TIMEOUT_MS', { fallback: 60_000, min: 100, problem: 'must be an integer of at least 100 (milliseconds)' }, problems);

  // The main thread keeps a core busy with HTTP and storage: one proof thread per other core (measured on two
  // cores, one thread issued as fast as two, bulk faster, with ~20 MB less).
  const signingThreads = integerSetting(env, 'MOBICRED_SIGNING_THREADS', { fallback: Math.max(1, availableParallelism() - 1), min: 0, max: 64, problem: 'must be an integer from 0 to 64' }, problems);

  const badgeRenderTimeoutMs = integerSetting(env, 'MOBICRED_BADGE_RENDER_TIMEOUT_MS', { fallback: DEFAULT_BADGE_RENDER_TIMEOUT_MS, min: 100, max: 60_000, problem: 'must be an integer from 100 to 60000 (milliseconds)' }, problems);

  let smtp: Config['smtp'];
  if (env.MOBICRED_SMTP_URL) {
    if (!/^smtps?:\/\/[^\s]+$/.test(env.MOBICRED_SMTP_URL)) problems.push('MOBICRED_SMTP_URL must be an smtp:// or smtps:// URL');
    if (!env.MOBICRED_MAIL_FROM || !/^[^\s@<>]+@[^\s@<>]+$|^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(env.MOBICRED_MAIL_FROM)) {
      problems.push('MOBICRED_MAIL_FROM must be the sender address (e.g. "mobicred <badges@school.example>") when MOBICRED_SMTP_URL is set');
    }
    smtp = { url: env.MOBICRED_SMTP_URL, from: env.MOBICRED_MAIL_FROM ?? '' };
  }

  const operatorName = env.MOBICRED_OPERATOR_NAME?.trim() || undefined;
  const operatorEmail = env.MOBICRED_OPERATOR_EMAIL?.trim() || undefined;
  if (operatorName !== undefined && operatorName.length > 200) problems.push('MOBICRED_OPERATOR_NAME must be at most 200 characters');
  if (operatorEmail !== undefined && !/^[^\s@<>]+@[^\s@<>]+$/.test(operatorEmail)) problems.push('MOBICRED_OPERATOR_EMAIL must be an email address');
  if (operatorEmail !== undefined && operatorName === undefined) problems.push('MOBICRED_OPERATOR_EMAIL needs MOBICRED_OPERATOR_NAME (who is reached at that address)');
  const operator = operatorName === undefined ? undefined : Object.freeze({ name: operatorName, email: operatorEmail });

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    host,
    port,
    publicBaseUrl,
    movePublicBaseUrl,
    storage: Object.freeze(storage),
    keyEncryptionKey,
    keyEncryptionKeySource,
    adminApiKey,
    consoleAdminEmail,
    metricsToken,
    logLevel,
    shutdownTimeoutMs,
    verifyRequestsPerMinute,
    authFailuresPerMinute,
    nonceRequestsPerMinute,
    obRegistrationsPerMinute,
    purgeIntervalMs: purgeIntervalMinutes * 60_000,
    expiredRetentionDays,
    trustProxy,
    trustedDidWebHosts: Object.freeze(trustedDidWebHosts),
    batchClaimTimeoutMs,
    signingThreads,
    badgeRenderTimeoutMs,
    smtp: smtp && Object.freeze(smtp),
    operator,
  });
}

function parseFlag(name: string, value: string | undefined, problems: string[]): boolean {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  problems.push(`${name} must be 1 (or true) or 0 (or false), got "${value}"`);
  return false;
}

function parsePort(value: string, problems: string[]): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be an integer from 0 to 65535, got "${value}"`);
    return 0;
  }
  return port;
}

const PROXY_ADDRESS = /^(loopback|linklocal|uniquelocal|[0-9a-f.:]+(\/\d{1,3})?)$/i;

function parseTrustProxy(value: string, problems: string[]): Config['trustProxy'] {
  if (value === '' || value === 'false') return false;
  // Express's `true` takes the leftmost X-Forwarded-For address, which the client writes itself: anyone could
  // then choose whose address a rate limit counts. A hop count or the proxies' addresses take the one the
  // nearest trusted proxy saw.
  if (value === 'true') {
    problems.push('MOBICRED_TRUST_PROXY=true would believe any X-Forwarded-For a client sends: give the number of proxy hops (e.g. 1) or the proxies\' addresses/subnets');
    return false;
  }
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const addresses = value.split(',').map((item) => item.trim());
  if (addresses.every((address) => PROXY_ADDRESS.test(address))) return Object.freeze(addresses);
  problems.push('MOBICRED_TRUST_PROXY must be a number of proxy hops, or addresses/subnets (or loopback, linklocal, uniquelocal), comma-separated');
  return false;
}

function parseBaseUrl(value: string, problems: string[]): string {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    if (url.search || url.hash) throw new Error('query');
    return url.href.replace(/\/$/, '');
  } catch {
    problems.push(`PUBLIC_BASE_URL must be an absolute http(s) URL without query or fragment, got "${value}"`);
    return 'http://localhost';
  }
}

function readOrCreateDevKek(keysDir: string): Buffer {
  const path = resolve(keysDir, 'dev-kek');
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64url');
  mkdirSync(keysDir, { recursive: true });
  const kek = randomBytes(32);
  writeFileSync(path, kek.toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  return kek;
}
