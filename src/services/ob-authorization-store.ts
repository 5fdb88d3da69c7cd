import type { Adapter, AdapterPayload } from 'oidc-provider';
import { sha256Hex } from '../domain/hash.js';
import type { JsonObject } from '../domain/open-badges.js';
import { openPrivateKey, sealPrivateKey } from '../keys/key-encryption.js';
import type { Db } from '../storage/database.js';
import {
  consumeOauthArtifact,
  deleteOauthArtifact,
  deleteOauthArtifactsOfGrant,
  findOauthArtifact,
  findOauthSessionByUid,
  keepOauthArtifact,
  listOauthGrantsOfAccount,
  upsertOauthArtifact,
  type OauthArtifactRow,
} from '../storage/oauth-repository.js';

/** A registered platform no learner has approved is forgotten after this long (open registration is anyone's). */
export const UNAPPROVED_CLIENT_SECONDS = 30 * 24 * 60 * 60;

/** The stored key of an artifact: the SHA-256 of its model and id (a token's value is never kept). */
export const artifactIdHash = (model: string, id: string) => sha256Hex(`${model}\u0000${id}`);

/** A platform a learner let reach their badges (a live grant): who, what for, since when, until when. */
export interface PlatformAccess {
  clientId: string;
  clientName: string | null;
  scopes: string[];
  grantedAt: string | null;
  expiresAt: string | null;
}

export async function platformsGivenAccess(db: Db, options: { learnerId: string; now: Date }): Promise<PlatformAccess[]> {
  const grants = await listOauthGrantsOfAccount(db, { accountId: options.learnerId, now: options.now });
  return Promise.all(
    grants.map(async ({ payload, expires_at }) => {
      const clientId = String(payload.clientId);
      const client = await findOauthArtifact(db, { model: 'Client', idHash: artifactIdHash('Client', clientId), now: options.now });
      const granted = [String((payload.openid as JsonObject | undefined)?.scope ?? ''), ...Object.values((payload.resources ?? {}) as JsonObject).map(String)];
      return {
        clientId,
        clientName: typeof client?.payload.client_name === 'string' ? client.payload.client_name : null,
        scopes: [...new Set(granted.join(' ').split(' ').filter(Boolean))],
        grantedAt: typeof payload.iat === 'number' ? new Date(payload.iat * 1000).toISOString() : null,
        expiresAt: expires_at && expires_at.toISOString(),
      };
    }),
  );
}

/**
 * oidc-provider's storage in PostgreSQL (or PGlite), shared by every instance. An artifact is found by the
 * SHA-256 of its id and kept without it: what the table holds opens no session and is no token or code. A
 * registered platform's client secret is kept sealed under a key derived from the key-encryption key, bound to
 * its row, and expires UNAPPROVED_CLIENT_SECONDS after registration until a learner approves it (keepApprovedClient).
 * Expiry is the service's clock: an artifact past it is not found, and the periodic purge deletes it.
 */
export function oauthArtifactStore(options: { db: Db; clientSecretsKey: Buffer; now: () => Date }): (model: string) => Adapter {
  const { db, clientSecretsKey, now } = options;
  return (model) => {
    const idHash = (id: string) => artifactIdHash(model, id);
    const revive = (row: OauthArtifactRow | undefined, id: string | undefined): AdapterPayload | undefined => {
      if (!row) return undefined;
      const payload: AdapterPayload = { ...row.payload };
      // A session found by its uid comes without its id: the provider only reads it (who is signed in).
      if (id !== undefined && model !== 'Client') payload.jti = id;
      if (model === 'Client' && typeof payload.client_secret === 'string' && id !== undefined) {
        payload.client_secret = openPrivateKey({ keyEncryptionKey: clientSecretsKey, sealed: payload.client_secret, boundTo: idHash(id) }).toString('utf8');
      }
      if (row.consumed_at) payload.consumed = Math.floor(row.consumed_at.getTime() / 1000);
      return payload;
    };
    return {
      async upsert(id, payload, providerExpiresIn) {
        // The provider gives a platform no lifetime; it writes a platform only when it registers (no registration management).
        const expiresIn = model === 'Client' ? UNAPPROVED_CLIENT_SECONDS : providerExpiresIn;
        const { jti: _id, ...kept } = payload;
        if (model === 'Client' && typeof kept.client_secret === 'string') {
          kept.client_secret = sealPrivateKey({ keyEncryptionKey: clientSecretsKey, plaintext: Buffer.from(kept.client_secret, 'utf8'), boundTo: idHash(id) });
        }
        await upsertOauthArtifact(db, {
          model,
          idHash: idHash(id),
          payload: kept as JsonObject,
          grantId: typeof payload.grantId === 'string' ? payload.grantId : null,
          sessionUid: model === 'Session' && typeof payload.uid === 'string' ? payload.uid : null,
          expiresAt: typeof expiresIn === 'number' ? new Date(now().getTime() + expiresIn * 1000) : null,
        });
      },
      async find(id) {
        return revive(await findOauthArtifact(db, { model, idHash: idHash(id), now: now() }), id);
      },
      async findByUid(uid) {
        return revive(await findOauthSessionByUid(db, { uid, now: now() }), undefined);
      },
      // The device flow (user codes) is not enabled.
      async findByUserCode() {
        return undefined;
      },
      async consume(id) {
        await consumeOauthArtifact(db, { model, idHash: idHash(id), at: now() });
      },
      async destroy(id) {
        await deleteOauthArtifact(db, { model, idHash: idHash(id) });
      },
      async revokeByGrantId(grantId) {
        await deleteOauthArtifactsOfGrant(db, grantId);
      },
    };
  };
}

/** A platform a learner approved no longer expires: it keeps the approval's grants (until they expire or are revoked). */
export async function keepApprovedClient(db: Db, clientId: string): Promise<void> {
  await keepOauthArtifact(db, { model: 'Client', idHash: artifactIdHash('Client', clientId) });
}
