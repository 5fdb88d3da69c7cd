import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * A school's own message files for the host mentor's grid: a shipped language it rewords, or a language it
 * adds (one row each). The texts are checked before they are stored (every key, its placeholders).
 */
const STATEMENTS = [
  `create table mentor_grid_texts (
    issuer_id uuid not null references issuers(id),
    language text not null,
    texts jsonb not null,
    updated_by uuid not null references api_keys(id),
    updated_at timestamptz not null default now(),
    primary key (issuer_id, language)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['drop table mentor_grid_texts']);
}
