import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * A stay's credential of one kind may be issued again once the one before was revoked (a mistake corrected):
 * each is numbered, and the database still allows one credential per stay, kind and number, whatever retries or
 * concurrent calls happen.
 */
const STATEMENTS = [
  `alter table credentials add column mobility_issue integer not null default 1`,
  `drop index credentials_one_per_mobility_kind`,
  `create unique index credentials_one_per_mobility_kind on credentials (mobility_id, mobility_kind, mobility_issue) where mobility_id is not null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop index credentials_one_per_mobility_kind',
    `create unique index credentials_one_per_mobility_kind on credentials (mobility_id, mobility_kind) where mobility_id is not null`,
    'alter table credentials drop column mobility_issue',
  ]);
}
