import { sql, type Insertable, type QueryCreator, type Selectable } from 'kysely';
import type { JsonObject } from '../domain/open-badges.js';
import type { Db } from './database.js';
import type { CredentialsTable, Database, IdempotencyKeysTable, StatusEntriesTable, WithheldNamesTable } from './schema.js';
import { auditEventRows, type AuditEvent } from './audit-repository.js';
import { issuerWithin, type Tenancy } from './tenancy.js';
import { containsPattern } from './like-pattern.js';

export type CredentialRow = Selectable<CredentialsTable>;
export type IdempotencyRow = Selectable<IdempotencyKeysTable>;

interface IssuedCredentialRecords {
  credentials: Omit<CredentialRow, 'created_at'>[];
  statusEntries: Insertable<StatusEntriesTable>[];
  idempotencyRecords: Insertable<IdempotencyKeysTable>[];
  /** Recipients' names left out of their credentials (minors'), kept aside for when they may be shown. */
  withheldNames: Insertable<WithheldNamesTable>[];
  auditEvents: AuditEvent[];
}

/**
 * Newly issued credentials with their status entries, idempotency records and audit events, in one
 * statement (data-modifying WITH clauses): a group of them costs one round trip, and is stored whole or not
 * at all. Only what the database assigns (created_at) is read back: the documents are not parsed again.
 */
export async function insertIssuedCredentials(db: Db, records: IssuedCredentialRecords): Promise<CredentialRow[]> {
  let statement: QueryCreator<Database> = db
    .with('stored_status_entries', (db) => db.insertInto('status_entries').values(records.statusEntries))
    .with('stored_audit_events', (db) => db.insertInto('audit_events').values(auditEventRows(records.auditEvents)));
  if (records.idempotencyRecords.length > 0) {
    statement = statement.with('stored_idempotency_keys', (db) => db.insertInto('idempotency_keys').values(records.idempotencyRecords));
  }
  if (records.withheldNames.length > 0) {
    statement = statement.with('stored_withheld_names', (db) => db.insertInto('withheld_names').values(records.withheldNames));
  }
  const stored = await statement
    .insertInto('credentials')
    .values(records.credentials.map((credential) => ({ ...credential, data_integrity: jsonOrNull(credential.data_integrity) })))
    .returning(['id', 'created_at'])
    .execute();
  const createdAt = new Map(stored.map((row) => [row.id, row.created_at]));
  return records.credentials.map((credential) => ({ ...credential, created_at: createdAt.get(credential.id)! }));
}

export async function findCredentialById(db: Db, id: string, tenancy: Tenancy): Promise<CredentialRow | undefined> {
  return db.selectFrom('credentials').selectAll().where('id', '=', id).where(issuerWithin(tenancy, 'issuer_id')).executeTakeFirst();
}

/**
 * A hosted credential with everything verifying it reads of the issuer's records — its status entry, its
 * list's current version, what the issuer says of the key that signed it — in one statement (one snapshot).
 */
export interface CredentialVerificationRow {
  data_integrity: JsonObject | null;
  jwt: string | null;
  state: 'active' | 'suspended' | 'revoked' | null;
  public_reason: string | null;
  list_id: string | null;
  list_version: string | null;
  verification_method: string;
  compromised_at: Date | null;
}

export async function findCredentialForVerification(db: Db, id: string): Promise<CredentialVerificationRow | undefined> {
  return db
    .selectFrom('credentials')
    .innerJoin('issuer_keys', 'issuer_keys.id', 'credentials.key_id')
    .leftJoin('status_entries', 'status_entries.credential_id', 'credentials.id')
    .leftJoin('status_lists', 'status_lists.id', 'status_entries.list_id')
    .select([
      'credentials.data_integrity',
      'credentials.jwt',
      'status_entries.state',
      'status_entries.public_reason',
      'status_lists.id as list_id',
      'status_lists.version as list_version',
      'issuer_keys.verification_method',
      'issuer_keys.compromised_at',
    ])
    .where('credentials.id', '=', id)
    .executeTakeFirst();
}

export async function findIdempotencyRecord(db: Db, apiKeyId: string, idempotencyKey: string): Promise<IdempotencyRow | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('api_key_id', '=', apiKeyId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

/** Every credential issued for a stay, revoked ones included, and the copies wallets were given of them. */
export async function listMobilityCredentialsAndCopies(db: Db, mobilityId: string): Promise<CredentialRow[]> {
  return db
    .selectFrom('credentials')
    .selectAll()
    .where((eb) => eb.or([eb('mobility_id', '=', mobilityId), eb('derived_from', 'in', eb.selectFrom('credentials as original').select('original.id').where('original.mobility_id', '=', mobilityId))]))
    .execute();
}

/** The credentials issued for a stay (its own, not wallets' copies) that stand: not revoked. */
export async function listStandingMobilityCredentials(db: Db, mobilityId: string): Promise<CredentialRow[]> {
  return db
    .selectFrom('credentials')
    .leftJoin('status_entries', 'status_entries.credential_id', 'credentials.id')
    .selectAll('credentials')
    .where('credentials.mobility_id', '=', mobilityId)
    .where('credentials.derived_from', 'is', null)
    .where((eb) => eb.or([eb('status_entries.state', 'is', null), eb('status_entries.state', '<>', 'revoked')]))
    .execute();
}

/** A stay's latest credential of a kind, and whether it was revoked (then another may be issued in its place). */
export async function findMobilityCredential(db: Db, mobilityId: string, kind: string): Promise<(CredentialRow & { revoked: boolean }) | undefined> {
  const row = await db
    .selectFrom('credentials')
    .leftJoin('status_entries', 'status_entries.credential_id', 'credentials.id')
    .selectAll('credentials')
    .select('status_entries.state')
    .where('credentials.mobility_id', '=', mobilityId)
    .where('credentials.mobility_kind', '=', kind)
    .orderBy('credentials.mobility_issue', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  const { state, ...credential } = row;
  return { ...credential, revoked: state === 'revoked' };
}

export async function findHolderCopy(db: Db, originalId: string, holderId: string): Promise<CredentialRow | undefined> {
  return db.selectFrom('credentials').selectAll().where('derived_from', '=', originalId).where('holder_id', '=', holderId).executeTakeFirst();
}

export async function listHolderCopies(db: Db, originalId: string): Promise<CredentialRow[]> {
  return db.selectFrom('credentials').selectAll().where('derived_from', '=', originalId).execute();
}

/** New proofs for the same credential (same id and status entry), signed by the issuer's active key. */
export async function replaceCredentialProofs(db: Db, id: string, proofs: { key_id: string; data_integrity: JsonObject | null; jwt: string | null }): Promise<void> {
  await db.updateTable('credentials').set({ ...proofs, data_integrity: jsonOrNull(proofs.data_integrity) }).where('id', '=', id).execute();
}

function jsonOrNull(value: JsonObject | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

interface CredentialSummaryRow {
  id: string;
  issuer_id: string;
  achievement_id: string;
  data_integrity: JsonObject | null;
  jwt: string | null;
  valid_from: Date;
  valid_until: Date | null;
  created_at: Date;
  mobility_id: string | null;
  batch_id: string | null;
  derived_from: string | null;
  state: string | null;
}

export interface CredentialFilter {
  issuerId?: string;
  /** One credential (to read it as in a list). */
  id?: string;
  /** The credentials of one stay. */
  mobilityId?: string;
  status?: 'active' | 'suspended' | 'revoked';
  /** Part of the recipient's email or of the stay participant's name, in any case. */
  q?: string;
}

/**
 * A page of credentials within a tenancy, newest first, after a (created_at, id) position: keyset
 * pagination, so that a page is one index range scan however deep the list.
 */
export async function listCredentials(
  db: Db,
  tenancy: Tenancy,
  options: CredentialFilter & { limit: number; after?: { createdAt: Date; id: string } },
): Promise<CredentialSummaryRow[]> {
  let query = db
    .selectFrom('credentials')
    .leftJoin('status_entries', 'status_entries.credential_id', 'credentials.id')
    .select([
      'credentials.id',
      'credentials.issuer_id',
      'credentials.achievement_id',
      'credentials.data_integrity',
      'credentials.jwt',
      'credentials.valid_from',
      'credentials.valid_until',
      'credentials.created_at',
      'credentials.mobility_id',
      'credentials.batch_id',
      'credentials.derived_from',
      'status_entries.state',
    ])
    .where(issuerWithin(tenancy, 'credentials.issuer_id'));
  if (options.issuerId !== undefined) query = query.where('credentials.issuer_id', '=', options.issuerId);
  if (options.id !== undefined) query = query.where('credentials.id', '=', options.id);
  if (options.mobilityId !== undefined) query = query.where('credentials.mobility_id', '=', options.mobilityId);
  if (options.status !== undefined) query = query.where('status_entries.state', '=', options.status);
  if (options.q !== undefined) {
    const pattern = containsPattern(options.q);
    // The recipient's address, or the name of the stay's participant (a name the credential may not disclose).
    query = query.where(
      sql<boolean>`(lower(credentials.recipient_email) like ${pattern} or exists (select 1 from mobilities where mobilities.id = credentials.mobility_id and lower(mobilities.record #>> '{participant,name}') like ${pattern}))`,
    );
  }
  if (options.after) {
    const { createdAt, id } = options.after;
    query = query.where((eb) => eb.or([eb('credentials.created_at', '<', createdAt), eb.and([eb('credentials.created_at', '=', createdAt), eb('credentials.id', '<', id)])]));
  }
  return query.orderBy('credentials.created_at', 'desc').orderBy('credentials.id', 'desc').limit(options.limit).execute() as Promise<CredentialSummaryRow[]>;
}
