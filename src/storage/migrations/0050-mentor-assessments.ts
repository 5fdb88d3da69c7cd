import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * The host mentor's assessment of a stay, asked through a one-time link (one row per stay). Only the
 * link's hash is stored; `generation` changes when the school makes a new link, which ends the old one. The
 * host signs through an endorser identity (an issuers row of kind 'endorser', as for endorsements).
 */
const STATEMENTS = [
  `create table mentor_assessments (
    id uuid primary key,
    mobility_id uuid not null unique references mobilities(id),
    issuer_id uuid not null references issuers(id),
    host_id uuid not null references issuers(id),
    token_hash text not null unique,
    generation integer not null default 1,
    language text not null,
    outcome_translations jsonb,
    expires_at timestamptz not null,
    emailed_at timestamptz,
    opened_at timestamptz,
    answered_at timestamptz,
    revoked_at timestamptz,
    reminded_before_at timestamptz,
    reminded_after_at timestamptz,
    answer jsonb,
    statement jsonb,
    review text check (review in ('accepted', 'returned')),
    review_question text,
    reviewed_at timestamptz,
    created_by uuid not null references api_keys(id),
    created_at timestamptz not null default now()
  )`,
  // The reminder job's scan: links still waiting for an answer.
  `create index mentor_assessments_waiting on mentor_assessments (expires_at) where answered_at is null and revoked_at is null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['drop table mentor_assessments']);
}
