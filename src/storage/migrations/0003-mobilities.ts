import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/** Mobilities and their assessment; template achievements; credentials issued for a mobility. */
const STATEMENTS = [
  `create table mobilities (
    id uuid primary key,
    issuer_id uuid not null references issuers(id),
    record jsonb not null,
    assessment jsonb,
    assessed_at timestamptz,
    created_at timestamptz not null default now()
  )`,
  `create index mobilities_issuer on mobilities (issuer_id, created_at)`,
  `alter table achievements add column template_key text`,
  // A school has one achievement per shipped template (and language): created on first use, editable after.
  `create unique index achievements_one_per_template on achievements (issuer_id, template_key) where template_key is not null`,
  `alter table credentials add column mobility_id uuid references mobilities(id)`,
  `alter table credentials add column mobility_kind text`,
  // One credential of each kind per mobility, whatever retries or concurrent calls happen.
  `create unique index credentials_one_per_mobility_kind on credentials (mobility_id, mobility_kind) where mobility_id is not null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop index credentials_one_per_mobility_kind',
    'alter table credentials drop column mobility_kind',
    'alter table credentials drop column mobility_id',
    'drop index achievements_one_per_template',
    'alter table achievements drop column template_key',
    'drop table mobilities',
  ]);
}
