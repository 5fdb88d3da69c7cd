import { sql } from 'kysely';
import type { JWK } from 'jose';
import type { JsonObject } from '../domain/open-badges.js';
import type { Db } from './database.js';

/** One stored artifact of the authorization server, as the adapter hands it back (its id is known to the caller). */
export interface OauthArtifactRow {
  payload: JsonObject;
  consumed_at: Date | null;
}

/** Inserts or replaces an artifact: its hashed id, its payload (without the id), the grant and session it belongs to, when it expires. */
export async function upsertOauthArtifact(
  db: Db,
  row: { model: string; idHash: string; payload: JsonObject; grantId: string | null; sessionUid: string | null; expiresAt: Date | null },
): Promise<void> {
  const values = {
    model: row.model,
    id_hash: row.idHash,
    payload: JSON.stringify(row.payload),
    grant_id: row.grantId,
    session_uid: row.sessionUid,
    expires_at: row.expiresAt,
    consumed_at: null,
  };
  await db
    .insertInto('oauth_artifacts')
    .values(values)
    .onConflict((conflict) => conflict.columns(['model', 'id_hash']).doUpdateSet({ payload: values.payload, grant_id: values.grant_id, session_uid: values.session_uid, expires_at: values.expires_at, consumed_at: null }))
    .execute();
}

/** An artifact that has not expired at `now`. */
export async function findOauthArtifact(db: Db, options: { model: string; idHash: string; now: Date }): Promise<OauthArtifactRow | undefined> {
  return db
    .selectFrom('oauth_artifacts')
    .select(['payload', 'consumed_at'])
    .where('model', '=', options.model)
    .where('id_hash', '=', options.idHash)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', options.now)]))
    .executeTakeFirst();
}

/** The session of an interaction, by its uid. */
export async function findOauthSessionByUid(db: Db, options: { uid: string; now: Date }): Promise<OauthArtifactRow | undefined> {
  return db
    .selectFrom('oauth_artifacts')
    .select(['payload', 'consumed_at'])
    .where('model', '=', 'Session')
    .where('session_uid', '=', options.uid)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', options.now)]))
    .executeTakeFirst();
}

export async function consumeOauthArtifact(db: Db, options: { model: string; idHash: string; at: Date }): Promise<void> {
  await db.updateTable('oauth_artifacts').set({ consumed_at: options.at }).where('model', '=', options.model).where('id_hash', '=', options.idHash).execute();
}

/** An artifact that no longer expires. */
export async function keepOauthArtifact(db: Db, options: { model: string; idHash: string }): Promise<void> {
  await db.updateTable('oauth_artifacts').set({ expires_at: null }).where('model', '=', options.model).where('id_hash', '=', options.idHash).execute();
}

export async function deleteOauthArtifact(db: Db, options: { model: string; idHash: string }): Promise<void> {
  await db.deleteFrom('oauth_artifacts').where('model', '=', options.model).where('id_hash', '=', options.idHash).execute();
}

/** Every code and token issued under a grant (a revoked refresh token, a code used twice). */
export async function deleteOauthArtifactsOfGrant(db: Db, grantId: string): Promise<void> {
  await db.deleteFrom('oauth_artifacts').where('grant_id', '=', grantId).where('model', '<>', 'Grant').execute();
}

/** The grants an account (a learner) gave platforms, while they last. */
export async function listOauthGrantsOfAccount(db: Db, options: { accountId: string; now: Date }): Promise<{ payload: JsonObject; expires_at: Date | null }[]> {
  return db
    .selectFrom('oauth_artifacts')
    .select(['payload', 'expires_at'])
    .where('model', '=', 'Grant')
    .where(sql<string>`payload->>'accountId'`, '=', options.accountId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', options.now)]))
    .execute();
}

/** Everything the authorization server keeps for an account: its sessions, grants, codes and tokens (each names the account). */
export async function deleteOauthArtifactsOfAccount(db: Db, accountId: string): Promise<void> {
  await db.deleteFrom('oauth_artifacts').where(sql<string>`payload->>'accountId'`, '=', accountId).execute();
}

export interface OauthSigningKeyRow {
  id: string;
  public_jwk: JWK;
  sealed_private_key: string;
}

/** The authorization server's signing keys, oldest first (the first one signs). */
export async function listOauthSigningKeys(db: Db): Promise<OauthSigningKeyRow[]> {
  return db.selectFrom('oauth_signing_keys').select(['id', 'public_jwk', 'sealed_private_key']).orderBy('created_at').orderBy('id').execute();
}

export async function insertOauthSigningKey(db: Db, row: OauthSigningKeyRow): Promise<void> {
  await db.insertInto('oauth_signing_keys').values({ ...row, public_jwk: JSON.stringify(row.public_jwk) }).execute();
}

/** Takes the lock that lets one instance at a time create the first signing key (the others then read it). */
export async function lockOauthSigningKeys(db: Db): Promise<void> {
  await sql`lock table oauth_signing_keys in exclusive mode`.execute(db);
}
