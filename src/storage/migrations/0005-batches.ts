import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/** Cohort batches and their rows; the link from a row to its mobility, and from a credential to its batch. */
const STATEMENTS = [
  `create table batches (
    id uuid primary key,
    issuer_id uuid not null references issuers(id),
    language text not null check (language in ('fr', 'en')),
    created_by uuid not null references api_keys(id),
    created_at timestamptz not null default now()
  )`,
  `create table batch_rows (
    batch_id uuid not null references batches(id),
    line integer not null,
    row jsonb not null,
    status text not null check (status in ('pending', 'processing', 'done', 'rejected')),
    claimed_by text,
    claimed_at timestamptz,
    outcome jsonb,
    primary key (batch_id, line)
  )`,
  `create index batch_rows_to_do on batch_rows (status, claimed_at) where status in ('pending', 'processing')`,
  // The same participant and stay, from any batch, is one mobility: a file run twice issues nothing new.
  `alter table mobilities add column external_key text`,
  `create unique index mobilities_external_key on mobilities (issuer_id, external_key) where external_key is not null`,
  // Written in the credential's own insert: which batch issued it survives any crash after signing.
  `alter table credentials add column batch_id uuid references batches(id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'alter table credentials drop column batch_id',
    'drop index mobilities_external_key',
    'alter table mobilities drop column external_key',
    'drop table batch_rows',
    'drop table batches',
  ]);
}
