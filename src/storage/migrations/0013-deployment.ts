import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * What the instances sharing this database must agree on: the public base URL that every credential, status
 * list and did:web identifier is signed with. Recorded at the first start (see deployment-repository.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table deployment (
      singleton boolean primary key default true check (singleton),
      public_base_url text not null,
      recorded_at timestamptz not null default now()
    )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['drop table deployment']);
}
