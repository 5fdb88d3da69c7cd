import type { Insertable, Selectable } from 'kysely';
import type { Db } from './database.js';
import type { ApiKeysTable, Role } from './schema.js';
import { issuerWithin, type Tenancy } from './tenancy.js';

export type ApiKeyRow = Selectable<ApiKeysTable>;

/** Inserts a key; a key whose hash is already stored is left as it is (a configured admin key on each start). */
export async function insertApiKey(db: Db, key: Omit<Insertable<ApiKeysTable>, 'created_at'>): Promise<ApiKeyRow | undefined> {
  return db.insertInto('api_keys').values(key).onConflict((conflict) => conflict.column('key_hash').doNothing()).returningAll().executeTakeFirst();
}

export async function findActiveApiKeyByHash(db: Db, keyHash: string): Promise<ApiKeyRow | undefined> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('key_hash', '=', keyHash)
    .where('kind', '=', 'api')
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/**
 * The keys an actor may manage: every key for the platform; a school's keys for that school. Academy
 * keys are the platform's to manage. A person's console roles are managed as people, not as keys.
 */
function keysWithin(db: Db, tenancy: Tenancy) {
  const query = db.selectFrom('api_keys').selectAll().where('kind', '=', 'api');
  return tenancy.kind === 'every-school' ? query : query.where('issuer_id', 'is not', null).where(issuerWithin(tenancy, 'issuer_id'));
}

export async function listApiKeys(db: Db, tenancy: Tenancy): Promise<ApiKeyRow[]> {
  return keysWithin(db, tenancy).orderBy('created_at').orderBy('id').execute();
}

export async function findApiKeyById(db: Db, id: string, tenancy: Tenancy, options: { forUpdate?: boolean } = {}): Promise<ApiKeyRow | undefined> {
  const query = keysWithin(db, tenancy).where('id', '=', id);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export async function revokeApiKeyRow(db: Db, id: string, at: Date): Promise<ApiKeyRow> {
  return db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function countActiveApiKeys(db: Db, role: Role): Promise<number> {
  const { count } = await db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('role', '=', role)
    .where('kind', '=', 'api')
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(count);
}

export async function touchApiKey(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** Locks the active platform-admin keys, so that two revocations at once cannot remove the last one. */
export async function lockActivePlatformAdminKeys(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('api_keys').select('id').where('role', '=', 'platform-admin').where('kind', '=', 'api').where('revoked_at', 'is', null).forUpdate().execute();
  return rows.map((row) => row.id);
}
