import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * The learner's space (/me). A learner exists once per verified email address and signs in with emailed
 * one-time links (only their hash is kept); sessions work as the console's do. Deleting a learner's space
 * deletes these rows (on delete cascade); the credentials issued to their addresses stay, as schools issued them.
 */
const STATEMENTS = [
  `create table learners (
    id uuid primary key,
    created_at timestamptz not null,
    guardian_email text,
    guardian_approved_at timestamptz
  )`,
  // Addresses are kept lower-cased: one learner per address, found as credentials' recipient_email is.
  `create table learner_emails (
    email text primary key check (email = lower(email)),
    learner_id uuid not null references learners(id) on delete cascade,
    verified_at timestamptz not null
  )`,
  `create index learner_emails_learner on learner_emails (learner_id)`,
  `create index credentials_recipient_email on credentials (lower(recipient_email))`,
  // One-time links: signing in (to an address), adding an address to a learner, a guardian's approval.
  `create table learner_links (
    token_hash text primary key,
    purpose text not null check (purpose in ('sign-in', 'add-email', 'guardian-approval')),
    email text not null,
    learner_id uuid references learners(id) on delete cascade,
    next_path text,
    expires_at timestamptz not null,
    used_at timestamptz,
    created_at timestamptz not null,
    check ((purpose = 'sign-in') = (learner_id is null))
  )`,
  `create index learner_links_email on learner_links (email, created_at)`,
  `create index learner_links_expiry on learner_links (expires_at)`,
  `create table learner_sessions (
    token_hash text primary key,
    learner_id uuid references learners(id) on delete cascade,
    csrf_token text not null,
    created_at timestamptz not null,
    last_seen_at timestamptz not null,
    ended_at timestamptz
  )`,
  `create index learner_sessions_learner on learner_sessions (learner_id)`,
  `create index learner_sessions_last_seen on learner_sessions (last_seen_at)`,
  // How often a credential's public page and verification were asked for, by day: counts only, nothing of who asked.
  `create table credential_views (
    credential_id uuid not null references credentials(id),
    day date not null,
    count integer not null,
    primary key (credential_id, day)
  )`,
  // A recipient's name taken out of the public credential (the learner's choice, or a minor's stay): kept here
  // so that the credential can be signed with it again once the learner chooses to show it.
  `create table withheld_names (
    credential_id uuid primary key references credentials(id),
    name text not null,
    withheld_at timestamptz not null
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    ...['withheld_names', 'credential_views', 'learner_sessions', 'learner_links', 'learner_emails', 'learners'].map((table) => `drop table ${table}`),
    'drop index credentials_recipient_email',
  ]);
}
