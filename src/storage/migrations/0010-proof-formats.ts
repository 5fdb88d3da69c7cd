import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * A credential is issued in the proof formats asked for: Data Integrity, VC-JWT, or both (as every
 * credential before this migration). At least one is always there.
 */
const STATEMENTS = [
  `alter table credentials alter column data_integrity drop not null`,
  `alter table credentials alter column jwt drop not null`,
  `alter table credentials add constraint credentials_secured check (data_integrity is not null or jwt is not null)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'alter table credentials drop constraint credentials_secured',
    'alter table credentials alter column jwt set not null',
    'alter table credentials alter column data_integrity set not null',
  ]);
}
