import { sql, type Kysely } from 'kysely';

/** Runs SQL statements in order, one per call: the extended query protocol (pg and PGlite) takes no multi-statement text. */
export async function runStatements(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
