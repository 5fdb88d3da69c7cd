import { sql, type RawBuilder } from 'kysely';
import type { Db } from './database.js';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SIGN_IN_WINDOW_MS } from './staff-repository.js';
import { LEARNER_SESSION_ABSOLUTE_MS, LEARNER_SESSION_IDLE_MS } from './learners-repository.js';

const milliseconds = (ms: number) => sql`${sql.lit(`${ms} milliseconds`)}::interval`;

/** Rows that stop serving at a date: the table, its key, and when a row has expired. */
const EXPIRING = {
  nonces: { table: 'oid4vci_nonces', key: 'nonce_hash', expiry: sql`expires_at` },
  // An offer serves until its code and, once redeemed, its access token have expired (the index of migration 0014).
  offers: { table: 'credential_offers', key: 'id', expiry: sql`greatest(code_expires_at, access_token_expires_at)` },
  claimLinks: { table: 'claim_links', key: 'token_hash', expiry: sql`expires_at` },
  endorsementLinks: { table: 'endorsement_links', key: 'token_hash', expiry: sql`expires_at` },
  // The console: a session serves until it ends, idles out or reaches its absolute timeout.
  staffSessions: { table: 'staff_sessions', key: 'token_hash', expiry: sql`coalesce(ended_at, least(last_seen_at + ${milliseconds(SESSION_IDLE_MS)}, created_at + ${milliseconds(SESSION_ABSOLUTE_MS)}))` },
  staffLinks: { table: 'staff_links', key: 'token_hash', expiry: sql`expires_at` },
  ssoSignIns: { table: 'sso_sign_ins', key: 'state', expiry: sql`expires_at` },
  signInFailures: { table: 'staff_sign_in_failures', key: 'ctid', expiry: sql`failed_at + ${milliseconds(SIGN_IN_WINDOW_MS)}` },
  // The learner space, as the console: sessions, and one-time links (which the per-address limit counts while they are young).
  learnerSessions: {
    table: 'learner_sessions',
    key: 'token_hash',
    expiry: sql`coalesce(ended_at, least(last_seen_at + ${milliseconds(LEARNER_SESSION_IDLE_MS)}, created_at + ${milliseconds(LEARNER_SESSION_ABSOLUTE_MS)}))`,
  },
  learnerLinks: { table: 'learner_links', key: 'token_hash', expiry: sql`expires_at` },
  // The OB 3.0 API's authorization server: codes, tokens, sessions, interactions and grants past their lifetime, and
  // registered platforms no learner approved within 30 days (an approved one has no expiry).
  oauthArtifacts: { table: 'oauth_artifacts', key: 'ctid', expiry: sql`expires_at` },
} satisfies Record<string, { table: string; key: string; expiry: RawBuilder<unknown> }>;

export type ExpiringKind = keyof typeof EXPIRING;
export const EXPIRING_KINDS = Object.keys(EXPIRING) as ExpiringKind[];

/**
 * Deletes at most `limit` rows of one kind that expired before `cutoff`, and says how many. Bounded, so that
 * no transaction holds many locks; idempotent, so that every instance may run it at the same time.
 */
export async function deleteExpiredRows(db: Db, kind: ExpiringKind, options: { cutoff: Date; limit: number }): Promise<number> {
  const { table, key, expiry } = EXPIRING[kind];
  const result = await sql`delete from ${sql.table(table)} where ${sql.ref(key)} in (
    select ${sql.ref(key)} from ${sql.table(table)} where ${expiry} < ${options.cutoff} limit ${options.limit}
  )`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
