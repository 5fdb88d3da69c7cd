import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * Whether a claim link went only to the credential's address, by mobicred's email (its URL withheld from the
 * school): only such a link proves the address, and so signs the learner in to their space when they claim.
 */
const STATEMENTS = [`alter table claim_links add column emailed_only boolean not null default false`];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['alter table claim_links drop column emailed_only']);
}
