import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * How credentials reach their holders: one-time claim links sent to the learner, OpenID4VCI offers
 * (pre-authorized codes, access tokens, nonces — secrets stored as hashes only), and holder-bound
 * copies of a credential issued to a wallet.
 */
const STATEMENTS = [
  `create table claim_links (
    token_hash text primary key,
    credential_id uuid not null references credentials(id),
    expires_at timestamptz not null,
    claimed_at timestamptz,
    show_name boolean,
    created_by uuid not null references api_keys(id),
    created_at timestamptz not null default now()
  )`,
  `create index claim_links_credential on claim_links (credential_id)`,
  `create table credential_offers (
    id uuid primary key,
    credential_id uuid not null references credentials(id),
    pre_authorized_code_hash text not null unique,
    code_expires_at timestamptz not null,
    redeemed_at timestamptz,
    access_token_hash text unique,
    access_token_expires_at timestamptz,
    issued_credential_id uuid references credentials(id),
    created_by uuid not null references api_keys(id),
    created_at timestamptz not null default now(),
    check ((access_token_hash is null) = (redeemed_at is null))
  )`,
  `create table oid4vci_nonces (
    nonce_hash text primary key,
    expires_at timestamptz not null,
    used_at timestamptz
  )`,
  `alter table credentials add column holder_id text, add column derived_from uuid references credentials(id)`,
  // One wallet copy per offer; the offer says which copy it gave.
  `create unique index credentials_one_copy_per_holder on credentials (derived_from, holder_id) where derived_from is not null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop index credentials_one_copy_per_holder',
    'alter table credentials drop column derived_from, drop column holder_id',
    'drop table oid4vci_nonces',
    'drop table credential_offers',
    'drop table claim_links',
  ]);
}
