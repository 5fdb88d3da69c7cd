import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Db } from '../storage/database.js';
import { insertOauthSigningKey, listOauthSigningKeys, lockOauthSigningKeys } from '../storage/oauth-repository.js';
import { openPrivateKey, sealPrivateKey } from './key-encryption.js';

/** What the authorization server signs with (ID tokens, signed responses): P-256, as its clients expect by default. */
const ALGORITHM = 'ES256';

/**
 * The OB 3.0 API authorization server's private signing keys, as the JWK Set oidc-provider takes: created
 * sealed on the first start (one instance creates it, under a table lock; the others read it), opened here
 * only, and handed to the provider, never returned by the API nor logged.
 */
export async function openOauthSigningKeys(db: Db, keyEncryptionKey: Buffer): Promise<{ keys: JWK[] }> {
  let rows = await listOauthSigningKeys(db);
  if (rows.length === 0) {
    rows = await db.transaction().execute(async (trx) => {
      await lockOauthSigningKeys(trx);
      const existing = await listOauthSigningKeys(trx);
      if (existing.length > 0) return existing;
      const created = await createSigningKey(keyEncryptionKey);
      await insertOauthSigningKey(trx, created);
      return [created];
    });
  }
  return {
    keys: rows.map((row) => JSON.parse(openPrivateKey({ keyEncryptionKey, sealed: row.sealed_private_key, boundTo: row.id }).toString('utf8')) as JWK),
  };
}

async function createSigningKey(keyEncryptionKey: Buffer): Promise<{ id: string; public_jwk: JWK; sealed_private_key: string }> {
  const { publicKey, privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const id = randomUUID();
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ALGORITHM, use: 'sig' };
  return {
    id,
    public_jwk: { ...publicJwk, kid, alg: ALGORITHM, use: 'sig' },
    sealed_private_key: sealPrivateKey({ keyEncryptionKey, plaintext: Buffer.from(JSON.stringify(privateJwk), 'utf8'), boundTo: id }),
  };
}
