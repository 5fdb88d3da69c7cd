import type { Insertable, Selectable } from 'kysely';
import type { JsonObject } from '../domain/open-badges.js';
import type { Db } from './database.js';
import type { CredentialsTable, IdempotencyKeysTable } from './schema.js';
import { issuerWithin, type Tenancy } from './tenancy.js';

export type CredentialRow = Selectable<CredentialsTable>;
export type IdempotencyRow = Selectable<IdempotencyKeysTable>;

export async function insertCredential(
  db: Db,
  credential: Omit<Insertable<CredentialsTable>, 'data_integrity'> & { data_integrity: JsonObject },
): Promise<CredentialRow> {
  return db
    .insertInto('credentials')
    .values({ ...credential, data_integrity: JSON.stringify(credential.data_integrity) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findCredentialById(db: Db, id: string, tenancy: Tenancy): Promise<CredentialRow | undefined> {
  return db.selectFrom('credentials').selectAll().where('id', '=', id).where(issuerWithin(tenancy, 'issuer_id')).executeTakeFirst();
}

export async function findIdempotencyRecord(db: Db, apiKeyId: string, idempotencyKey: string): Promise<IdempotencyRow | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('api_key_id', '=', apiKeyId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

export async function insertIdempotencyRecord(db: Db, record: Insertable<IdempotencyKeysTable>): Promise<void> {
  await db.insertInto('idempotency_keys').values(record).execute();
}

export async function findMobilityCredential(db: Db, mobilityId: string, kind: string): Promise<CredentialRow | undefined> {
  return db.selectFrom('credentials').selectAll().where('mobility_id', '=', mobilityId).where('mobility_kind', '=', kind).executeTakeFirst();
}

export async function findHolderCopy(db: Db, originalId: string, holderId: string): Promise<CredentialRow | undefined> {
  return db.selectFrom('credentials').selectAll().where('derived_from', '=', originalId).where('holder_id', '=', holderId).executeTakeFirst();
}

export async function listHolderCopies(db: Db, originalId: string): Promise<CredentialRow[]> {
  return db.selectFrom('credentials').selectAll().where('derived_from', '=', originalId).execute();
}

/** New proofs for the same credential (same id and status entry), signed by the issuer's active key. */
export async function replaceCredentialProofs(db: Db, id: string, proofs: { key_id: string; data_integrity: JsonObject; jwt: string }): Promise<void> {
  await db.updateTable('credentials').set({ ...proofs, data_integrity: JSON.stringify(proofs.data_integrity) }).where('id', '=', id).execute();
}
