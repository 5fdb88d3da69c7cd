import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/** Bitstring status lists and entries; key compromise. */
const STATEMENTS = [
  `create table status_lists (
    id uuid primary key,
    issuer_id uuid not null references issuers(id),
    purpose text not null check (purpose in ('revocation', 'suspension')),
    size integer not null check (size >= 131072),
    -- Positions are handed out in order under a row lock; permutation_key maps them to random-looking indexes.
    next_position integer not null default 0 check (next_position <= size),
    permutation_key text not null,
    -- Bumped in the transaction of every status change; the signed list is regenerated when it lags.
    version bigint not null default 0,
    signed_version bigint,
    signed_credential json,
    created_at timestamptz not null default now()
  )`,
  // At most one list per issuer and purpose is open for allocation at a time.
  `create unique index status_lists_one_open on status_lists (issuer_id, purpose) where next_position < size`,
  `create table status_entries (
    list_id uuid not null references status_lists(id),
    list_index integer not null check (list_index >= 0),
    credential_id uuid unique,
    state text not null default 'active' check (state in ('active', 'suspended', 'revoked')),
    reason text,
    public_reason text,
    changed_at timestamptz,
    changed_by text,
    -- The database, not the process, guarantees that an index is never handed out twice.
    primary key (list_id, list_index)
  )`,
  `alter table credentials add constraint credentials_status_entry
    foreign key (id) references status_entries (credential_id) deferrable initially deferred not valid`,
  `alter table issuer_keys add column compromised_at timestamptz`,
  `alter table issuer_keys add column compromise_reason text`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'alter table issuer_keys drop column compromise_reason',
    'alter table issuer_keys drop column compromised_at',
    'alter table credentials drop constraint credentials_status_entry',
    'drop table status_entries',
    'drop table status_lists',
  ]);
}
