import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * Endorsements: a host company or an academy signs an EndorsementCredential about a credential, through
 * a one-time link. The endorsing organisation gets a did:web and a key like a school (an issuers row of
 * kind 'endorser'), so that its signature verifies exactly like a school's.
 */
const STATEMENTS = [
  `alter table issuers add column kind text not null default 'school' check (kind in ('school', 'endorser'))`,
  `create table endorsement_links (
    token_hash text primary key,
    credential_id uuid not null references credentials(id),
    endorser_id uuid not null references issuers(id),
    expires_at timestamptz not null,
    used_at timestamptz,
    created_by uuid not null references api_keys(id),
    created_at timestamptz not null default now()
  )`,
  `create table endorsements (
    id uuid primary key,
    credential_id uuid not null references credentials(id),
    endorser_id uuid not null references issuers(id),
    document jsonb not null,
    created_at timestamptz not null default now()
  )`,
  `create index endorsements_credential on endorsements (credential_id, created_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['drop table endorsements', 'drop table endorsement_links', 'alter table issuers drop column kind']);
}
