import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { JsonObject } from '../domain/open-badges.js';
import type { Db } from './database.js';
import type { StatusEntriesTable, StatusListsTable, StatusPurposeColumn, StatusState } from './schema.js';

type StatusListRow = Selectable<StatusListsTable>;
export type StatusEntryRow = Selectable<StatusEntriesTable>;

/**
 * Takes up to `count` consecutive positions of the issuer's open list for a purpose, fewer when the list
 * fills up. The row lock makes concurrent callers, in any process, get distinct positions; it is held only
 * for this one statement.
 */
export async function takeStatusPositions(
  db: Db,
  issuerId: string,
  purpose: StatusPurposeColumn,
  count: number,
): Promise<{ id: string; first: number; taken: number; size: number; permutation_key: string } | undefined> {
  const { rows } = await sql<{ id: string; first: number; taken: number; size: number; permutation_key: string }>`
    with open as (
      select id, next_position from status_lists
      where issuer_id = ${issuerId} and purpose = ${purpose} and next_position < size
      for update
    )
    update status_lists list set next_position = least(list.size, open.next_position + ${count})
    from open where list.id = open.id
    returning list.id, open.next_position as first, list.next_position - open.next_position as taken, list.size, list.permutation_key`.execute(db);
  return rows[0];
}

/** Opens a new list unless another process just did (one open list per issuer and purpose). */
export async function openStatusList(
  db: Db,
  list: { id: string; issuer_id: string; purpose: StatusPurposeColumn; size: number; permutation_key: string },
): Promise<void> {
  await sql`
    insert into status_lists (id, issuer_id, purpose, size, permutation_key)
    values (${list.id}, ${list.issuer_id}, ${list.purpose}, ${list.size}, ${list.permutation_key})
    on conflict (issuer_id, purpose) where next_position < size do nothing`.execute(db);
}

export async function findStatusList(db: Db, id: string): Promise<StatusListRow | undefined> {
  return db.selectFrom('status_lists').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Only the version of a list: enough to know whether a copy already in hand is current. */
export async function findStatusListVersion(db: Db, id: string): Promise<string | undefined> {
  return (await db.selectFrom('status_lists').select('version').where('id', '=', id).executeTakeFirst())?.version;
}

export async function findStatusEntryOfCredential(
  db: Db,
  credentialId: string,
  options: { forUpdate?: boolean } = {},
): Promise<(StatusEntryRow & { purpose: StatusPurposeColumn }) | undefined> {
  let query = db
    .selectFrom('status_entries')
    .innerJoin('status_lists', 'status_lists.id', 'status_entries.list_id')
    .selectAll('status_entries')
    .select('status_lists.purpose')
    .where('status_entries.credential_id', '=', credentialId);
  if (options.forUpdate) query = query.forUpdate('status_entries');
  return query.executeTakeFirst();
}

export async function updateStatusEntryState(
  db: Db,
  entry: { list_id: string; list_index: number },
  change: { state: StatusState; reason: string; public_reason: string | null; changed_at: Date; changed_by: string },
): Promise<void> {
  await db
    .updateTable('status_entries')
    .set(change)
    .where('list_id', '=', entry.list_id)
    .where('list_index', '=', entry.list_index)
    .executeTakeFirstOrThrow();
  await sql`update status_lists set version = version + 1 where id = ${entry.list_id}`.execute(db);
}

/** Indexes whose bit is set: revoked entries, and on suspension lists suspended ones too. */
export async function listSetStatusIndexes(db: Db, list: StatusListRow): Promise<number[]> {
  const states: StatusState[] = list.purpose === 'revocation' ? ['revoked'] : ['suspended', 'revoked'];
  const rows = await db
    .selectFrom('status_entries')
    .select('list_index')
    .where('list_id', '=', list.id)
    .where('state', 'in', states)
    .execute();
  return rows.map((row) => row.list_index);
}

export async function storeSignedStatusList(db: Db, listId: string, version: string, credential: JsonObject): Promise<void> {
  await sql`
    update status_lists set signed_credential = ${JSON.stringify(credential)}, signed_version = ${version}
    where id = ${listId} and (signed_version is null or signed_version < ${version})`.execute(db);
}
