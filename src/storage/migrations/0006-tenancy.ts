import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * Organisations and roles: academies group schools (issuers); every API key is bound to a role and to the
 * organisation it acts for. The check constraint makes a key that could act outside its organisation
 * impossible to store.
 */
const STATEMENTS = [
  `create table academies (
    id uuid primary key,
    name text not null,
    created_at timestamptz not null default now()
  )`,
  `alter table issuers add column academy_id uuid references academies(id)`,
  `create index issuers_academy on issuers (academy_id)`,
  `alter table api_keys drop constraint api_keys_role_check`,
  `alter table api_keys
    add column issuer_id uuid references issuers(id),
    add column academy_id uuid references academies(id),
    add column created_by uuid references api_keys(id)`,
  `alter table api_keys add constraint api_keys_role_scope check (
    (role = 'platform-admin' and issuer_id is null and academy_id is null)
    or (role = 'academy-reader' and academy_id is not null and issuer_id is null)
    or (role in ('school-admin', 'school-issuer') and issuer_id is not null and academy_id is null)
  )`,
  `create index api_keys_issuer on api_keys (issuer_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'alter table api_keys drop constraint api_keys_role_scope',
    'alter table api_keys drop column created_by, drop column academy_id, drop column issuer_id',
    `alter table api_keys add constraint api_keys_role_check check (role in ('platform-admin'))`,
    'alter table issuers drop column academy_id',
    'drop table academies',
  ]);
}
