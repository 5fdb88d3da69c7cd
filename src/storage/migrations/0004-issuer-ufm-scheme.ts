import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/** A school's own UFM scheme (competence wording, points); none means the shipped default. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['alter table issuers add column ufm_scheme jsonb']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['alter table issuers drop column ufm_scheme']);
}
