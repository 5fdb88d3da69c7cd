import type { Insertable, Selectable } from 'kysely';
import type { Db } from './database.js';
import type { CredentialOffersTable } from './schema.js';

type CredentialOfferRow = Selectable<CredentialOffersTable>;

export async function insertCredentialOffer(db: Db, offer: Insertable<CredentialOffersTable>): Promise<CredentialOfferRow> {
  return db.insertInto('credential_offers').values(offer).returningAll().executeTakeFirstOrThrow();
}

/** Redeems a pre-authorized code once: only an unexpired, unredeemed code gets the access token. */
export async function redeemPreAuthorizedCode(
  db: Db,
  codeHash: string,
  token: { accessTokenHash: string; expiresAt: Date; now: Date },
): Promise<CredentialOfferRow | undefined> {
  return db
    .updateTable('credential_offers')
    .set({ redeemed_at: token.now, access_token_hash: token.accessTokenHash, access_token_expires_at: token.expiresAt })
    .where('pre_authorized_code_hash', '=', codeHash)
    .where('redeemed_at', 'is', null)
    .where('code_expires_at', '>', token.now)
    .returningAll()
    .executeTakeFirst();
}

export async function findOfferByAccessToken(db: Db, accessTokenHash: string, now: Date, options: { forUpdate?: boolean } = {}): Promise<CredentialOfferRow | undefined> {
  const query = db.selectFrom('credential_offers').selectAll().where('access_token_hash', '=', accessTokenHash).where('access_token_expires_at', '>', now);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export async function recordOfferIssuance(db: Db, offerId: string, credentialId: string): Promise<void> {
  await db.updateTable('credential_offers').set({ issued_credential_id: credentialId }).where('id', '=', offerId).execute();
}

/** Uses a nonce once: true only the first time it is recorded. The row is kept until the nonce expires. */
export async function recordNonceUse(db: Db, nonce: { nonce_hash: string; expires_at: Date; used_at: Date }): Promise<boolean> {
  const recorded = await db
    .insertInto('oid4vci_nonces')
    .values(nonce)
    .onConflict((conflict) => conflict.column('nonce_hash').doNothing())
    .returning('nonce_hash')
    .executeTakeFirst();
  return recorded !== undefined;
}
