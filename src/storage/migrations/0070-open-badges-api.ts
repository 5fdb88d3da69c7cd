import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * The Open Badges 3.0 API (#21). `oauth_artifacts` is oidc-provider's storage: registered platforms, grants,
 * sessions, interactions, codes and tokens. Each row is found by the SHA-256 of its id, and a payload is kept
 * without its id, so that the table opens nothing: a token, a code or a session cookie read from it is only a
 * hash. A platform's client secret is kept sealed (see services/ob-authorization-store.ts). The provider's own
 * signing keys are sealed under the key-encryption key, bound to their row, like the schools' keys.
 * `learner_imported_credentials` holds what a learner's platform sends through upsertCredential, exactly as sent;
 * deleting the learner's space deletes them.
 */
const STATEMENTS = [
  `create table oauth_artifacts (
    model text not null,
    id_hash text not null,
    payload jsonb not null,
    grant_id text,
    session_uid text,
    expires_at timestamptz,
    consumed_at timestamptz,
    primary key (model, id_hash)
  )`,
  // Revoking a grant revokes its codes and tokens; a session is found by its uid while an interaction runs.
  `create index oauth_artifacts_grant on oauth_artifacts (grant_id) where grant_id is not null`,
  `create index oauth_artifacts_session_uid on oauth_artifacts (session_uid) where session_uid is not null`,
  `create index oauth_artifacts_expiry on oauth_artifacts (expires_at) where expires_at is not null`,
  `create table oauth_signing_keys (
    id uuid primary key,
    public_jwk jsonb not null,
    sealed_private_key text not null,
    created_at timestamptz not null default now()
  )`,
  `create table learner_imported_credentials (
    id uuid primary key,
    learner_id uuid not null references learners(id) on delete cascade,
    issuer text not null,
    credential_id text not null,
    format text not null check (format in ('ldp_vc', 'jwt_vc')),
    media_type text not null,
    body text not null,
    valid_from timestamptz not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (learner_id, issuer, credential_id)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['drop table learner_imported_credentials', 'drop table oauth_signing_keys', 'drop table oauth_artifacts']);
}
