import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * The school console's people. A person signs in with an email and a password (or through their school's
 * OpenID provider) and holds roles in organisations. Each role is a row of api_keys of kind 'console' whose
 * secret nobody was ever given: the person acts through it, so that the role-and-organisation constraint,
 * the tenancy of every query and the foreign keys of what they create (credentials, batches, links) are the
 * API keys' own, and revoking it ends the role at once. The audit names the key, and so the person.
 */
const STATEMENTS = [
  `alter table api_keys add column kind text not null default 'api' check (kind in ('api', 'console'))`,
  `create table staff_people (
    id uuid primary key,
    email text not null,
    name text not null,
    password_hash text,
    totp_secret text,
    totp_enabled_at timestamptz,
    totp_last_step bigint,
    created_at timestamptz not null default now(),
    removed_at timestamptz
  )`,
  `create unique index staff_people_email on staff_people (lower(email))`,
  `create table staff_roles (
    id uuid primary key,
    person_id uuid not null references staff_people(id),
    api_key_id uuid not null unique references api_keys(id),
    created_at timestamptz not null default now()
  )`,
  `create index staff_roles_person on staff_roles (person_id)`,
  `create table staff_sessions (
    token_hash text primary key,
    person_id uuid references staff_people(id),
    csrf_token text not null,
    current_role_id uuid references staff_roles(id),
    current_issuer_id uuid references issuers(id),
    second_factor_due boolean not null default false,
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    ended_at timestamptz
  )`,
  `create index staff_sessions_person on staff_sessions (person_id)`,
  `create index staff_sessions_last_seen on staff_sessions (last_seen_at)`,
  // Reset and invitation links: only their hash is kept; an invitation carries the role it grants.
  `create table staff_links (
    token_hash text primary key,
    kind text not null check (kind in ('password-reset', 'invitation')),
    email text not null,
    name text,
    person_id uuid references staff_people(id),
    role text,
    issuer_id uuid references issuers(id),
    academy_id uuid references academies(id),
    created_by uuid references api_keys(id),
    expires_at timestamptz not null,
    used_at timestamptz,
    created_at timestamptz not null default now()
  )`,
  `create index staff_links_expiry on staff_links (expires_at)`,
  // Refused sign-ins, per account and per client address, counted over a window by every instance.
  `create table staff_sign_in_failures (
    subject text not null,
    failed_at timestamptz not null default now()
  )`,
  `create index staff_sign_in_failures_subject on staff_sign_in_failures (subject, failed_at)`,
  `create table sso_providers (
    id uuid primary key,
    name text not null,
    issuer_id uuid references issuers(id),
    academy_id uuid references academies(id),
    issuer_url text not null,
    client_id text not null,
    client_secret_sealed text not null,
    email_claim text not null default 'email',
    created_at timestamptz not null default now(),
    check ((issuer_id is null) <> (academy_id is null))
  )`,
  // An authorization request in flight: what the callback needs (PKCE verifier, nonce), kept by its state and
  // bound to the browser session that started it (a callback brought by another browser is refused).
  `create table sso_sign_ins (
    state text primary key,
    provider_id uuid not null references sso_providers(id),
    session_token_hash text not null,
    code_verifier text not null,
    nonce text not null,
    expires_at timestamptz not null
  )`,
  // The audit names who acted: the name of the key (for a person's role, the person) when the event is written.
  `alter table audit_events add column actor_name text`,
  `create function audit_events_actor_name() returns trigger language plpgsql as $$
  begin
    if new.actor_name is null then
      select name into new.actor_name from api_keys where id::text = new.actor;
    end if;
    return new;
  end $$`,
  `create trigger audit_events_actor_name before insert on audit_events for each row execute function audit_events_actor_name()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop trigger audit_events_actor_name on audit_events',
    'drop function audit_events_actor_name()',
    'alter table audit_events drop column actor_name',
    ...['sso_sign_ins', 'sso_providers', 'staff_sign_in_failures', 'staff_links', 'staff_sessions', 'staff_roles', 'staff_people'].map((table) => `drop table ${table}`),
    'alter table api_keys drop column kind',
  ]);
}
