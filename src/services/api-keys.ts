import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from '../domain/hash.js';
import type { Db } from '../storage/database.js';
import { countActiveApiKeys, findActiveApiKeyByHash, insertApiKey, touchApiKey, type ApiKeyRow } from '../storage/api-keys-repository.js';

/** API keys are random secrets shown once; only their sha256 is stored, so a lookup by hash is the comparison. */
const KEY_PREFIX = 'mbc_';

export function hashApiKey(secret: string): string {
  return sha256Hex(secret);
}

export function generateApiKeySecret(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export async function authenticateApiKey(db: Db, secret: string, now: Date): Promise<ApiKeyRow | undefined> {
  const key = await findActiveApiKeyByHash(db, hashApiKey(secret));
  if (key) await touchApiKey(db, key.id, now);
  return key;
}

/**
 * Makes sure a platform admin can log in. A configured key is registered (idempotently); with none
 * configured and none stored, a new one is generated and returned so that it can be shown once.
 */
export async function ensureAdminApiKey(db: Db, configured: string | undefined): Promise<string | undefined> {
  if (configured !== undefined) {
    await insertApiKey(db, { id: randomUUID(), name: 'admin (from MOBICRED_ADMIN_API_KEY)', key_hash: hashApiKey(configured), role: 'platform-admin' });
    return undefined;
  }
  if ((await countActiveApiKeys(db, 'platform-admin')) > 0) return undefined;
  const secret = generateApiKeySecret();
  await insertApiKey(db, { id: randomUUID(), name: 'admin (generated at first start)', key_hash: hashApiKey(secret), role: 'platform-admin' });
  return secret;
}
