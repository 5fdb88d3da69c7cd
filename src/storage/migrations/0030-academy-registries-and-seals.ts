import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * Who vouches for a school, and with what seal.
 * - An academy signs its registry with a key of its own: an issuer row of kind 'academy' (never a school:
 *   school queries filter on kind), whose did:web resolves like any hosted DID.
 * - Membership periods are history, written by a trigger on issuers.academy_id so that every way of moving a
 *   school (created in an academy, moved, taken out) leaves its trace: a school that left keeps the period
 *   during which its credentials were vouched for.
 * - The signed registry is kept with the hash of what it says: re-signed only when that changes (or ages).
 * - Registries of other deployments the platform admin trusts, by URL and the DID that must have signed them.
 * - A school's (or academy's) X.509 seal for Europass exports: the chain in DER, the key sealed like signing keys.
 */
const STATEMENTS = [
  `alter table issuers drop constraint issuers_kind_check`,
  `alter table issuers add constraint issuers_kind_check check (kind in ('school', 'endorser', 'academy'))`,
  `alter table academies
    add column signer_issuer_id uuid references issuers(id),
    add column registry_document jsonb,
    add column registry_content_hash text,
    add column registry_signed_at timestamptz`,
  `create table academy_memberships (
    id bigint generated always as identity primary key,
    academy_id uuid not null references academies(id),
    issuer_id uuid not null references issuers(id),
    recognised_from timestamptz not null,
    recognised_until timestamptz,
    check (recognised_until is null or recognised_until >= recognised_from)
  )`,
  `create index academy_memberships_academy on academy_memberships (academy_id)`,
  `create index academy_memberships_issuer on academy_memberships (issuer_id)`,
  `insert into academy_memberships (academy_id, issuer_id, recognised_from)
    select academy_id, id, created_at from issuers where academy_id is not null`,
  `create function record_academy_membership() returns trigger language plpgsql as $$
  begin
    if tg_op = 'UPDATE' then
      if old.academy_id is not distinct from new.academy_id then return null; end if;
      update academy_memberships set recognised_until = now()
        where issuer_id = new.id and academy_id = old.academy_id and recognised_until is null;
    end if;
    if new.academy_id is not null then
      insert into academy_memberships (academy_id, issuer_id, recognised_from) values (new.academy_id, new.id, now());
    end if;
    return null;
  end $$`,
  `create trigger issuers_record_academy_membership after insert or update of academy_id on issuers
    for each row execute function record_academy_membership()`,
  `create table trusted_registries (
    id uuid primary key,
    name text not null,
    url text not null unique,
    signer_did text not null,
    created_by uuid references api_keys(id),
    created_at timestamptz not null default now()
  )`,
  `create table seals (
    id uuid primary key,
    issuer_id uuid not null unique references issuers(id),
    certificate_chain jsonb not null,
    algorithm text not null,
    sealed_private_key text not null,
    not_after timestamptz not null,
    created_at timestamptz not null default now()
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop table seals',
    'drop table trusted_registries',
    'drop trigger issuers_record_academy_membership on issuers',
    'drop function record_academy_membership()',
    'drop table academy_memberships',
    'alter table academies drop column registry_signed_at, drop column registry_content_hash, drop column registry_document, drop column signer_issuer_id',
    'alter table issuers drop constraint issuers_kind_check',
    `alter table issuers add constraint issuers_kind_check check (kind in ('school', 'endorser'))`,
  ]);
}
