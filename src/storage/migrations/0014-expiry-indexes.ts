import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * The periodic purge (services/expired-rows-purge.ts) looks up expired rows by their expiry: an index each,
 * so that it reads only what it deletes. An offer serves until its code and its access token have expired.
 */
const STATEMENTS = [
  `create index oid4vci_nonces_expiry on oid4vci_nonces (expires_at)`,
  `create index credential_offers_expiry on credential_offers ((greatest(code_expires_at, access_token_expires_at)))`,
  `create index claim_links_expiry on claim_links (expires_at)`,
  `create index endorsement_links_expiry on endorsement_links (expires_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['drop index endorsement_links_expiry', 'drop index claim_links_expiry', 'drop index credential_offers_expiry', 'drop index oid4vci_nonces_expiry']);
}
