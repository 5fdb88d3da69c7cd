import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/** Issuers, keys, achievements, credentials, idempotency records, API keys and the issuance audit. */
const STATEMENTS = [
  `create table issuers (
    id uuid primary key,
    slug text not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$'),
    did text not null unique,
    profile jsonb not null,
    created_at timestamptz not null default now()
  )`,
  `create table issuer_keys (
    id uuid primary key,
    issuer_id uuid not null references issuers(id),
    verification_method text not null unique,
    public_key_multibase text not null,
    public_jwk jsonb not null,
    sealed_private_key text not null,
    status text not null check (status in ('active', 'retired')),
    created_at timestamptz not null default now()
  )`,
  // An issuer signs with exactly one key at a time.
  `create unique index issuer_keys_one_active on issuer_keys (issuer_id) where status = 'active'`,
  `create table achievements (
    id uuid primary key,
    issuer_id uuid not null references issuers(id),
    definition jsonb not null,
    created_at timestamptz not null default now()
  )`,
  `create index achievements_issuer on achievements (issuer_id)`,
  `create table api_keys (
    id uuid primary key,
    name text not null,
    key_hash text not null unique,
    role text not null check (role in ('platform-admin')),
    created_at timestamptz not null default now(),
    revoked_at timestamptz,
    last_used_at timestamptz
  )`,
  `create table credentials (
    id uuid primary key,
    issuer_id uuid not null references issuers(id),
    achievement_id uuid not null references achievements(id),
    key_id uuid not null references issuer_keys(id),
    recipient_email text not null,
    -- json, not jsonb: the signed document is kept exactly as issued.
    data_integrity json not null,
    jwt text not null,
    valid_from timestamptz not null,
    valid_until timestamptz,
    issued_by uuid not null references api_keys(id),
    created_at timestamptz not null default now(),
    check (valid_until is null or valid_until > valid_from)
  )`,
  `create index credentials_issuer on credentials (issuer_id, created_at)`,
  // The credential and its idempotency record commit together: a retried request finds one or the other, never half.
  `create table idempotency_keys (
    api_key_id uuid not null references api_keys(id),
    idempotency_key text not null,
    request_hash text not null,
    credential_id uuid not null references credentials(id),
    created_at timestamptz not null default now(),
    primary key (api_key_id, idempotency_key)
  )`,
  `create table audit_events (
    id bigint generated always as identity primary key,
    occurred_at timestamptz not null default now(),
    actor text not null,
    action text not null,
    issuer_id uuid references issuers(id),
    subject_id text not null,
    details jsonb not null default '{}'
  )`,
  // The audit is append-only: the database itself refuses to rewrite history.
  `create function audit_events_append_only() returns trigger language plpgsql as $$
  begin
    raise exception 'audit_events is append-only' using errcode = 'insufficient_privilege';
  end $$`,
  `create trigger audit_events_no_update_or_delete before update or delete on audit_events
    for each row execute function audit_events_append_only()`,
  `create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_append_only()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    ...['audit_events', 'idempotency_keys', 'credentials', 'api_keys', 'achievements', 'issuer_keys', 'issuers'].map((table) => `drop table ${table}`),
    'drop function audit_events_append_only()',
  ]);
}
