import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from '../domain/hash.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import type { Db } from '../storage/database.js';
import { findAcademyById } from '../storage/academies-repository.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import { findIssuerById } from '../storage/issuers-repository.js';
import type { Role } from '../storage/schema.js';
import {
  countActiveApiKeys,
  findActiveApiKeyByHash,
  findApiKeyById,
  insertApiKey,
  listApiKeys,
  lockActivePlatformAdminKeys,
  revokeApiKeyRow,
  touchApiKey,
  type ApiKeyRow,
} from '../storage/api-keys-repository.js';
import { tenancyOfKey, type Actor } from './access.js';
import type { ServiceContext } from './context.js';

/** API keys are random secrets shown once; only their sha256 is stored, so a lookup by hash is the comparison. */
const KEY_PREFIX = 'mbc_';
/** last_used_at is a day-to-day hint for an administrator, not an audit: one write a minute per key is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

interface ApiKeyView {
  id: string;
  name: string;
  role: Role;
  issuerId: string | null;
  academyId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function hashApiKey(secret: string): string {
  return sha256Hex(secret);
}

export function generateApiKeySecret(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export async function authenticateApiKey(ctx: ServiceContext, secret: string): Promise<Actor | undefined> {
  const keyHash = hashApiKey(secret);
  const readsAsOf = ctx.freshReads.snapshot();
  const key = await ctx.freshReads.apiKeys.read(keyHash, () => findActiveApiKeyByHash(ctx.db, keyHash), readsAsOf);
  if (!key) return undefined;
  const now = ctx.now();
  if (!key.last_used_at || now.getTime() - key.last_used_at.getTime() >= LAST_USED_RESOLUTION_MS) {
    // The kept row says when it was last written, so that the next minute's requests do not write again.
    key.last_used_at = now;
    await touchApiKey(ctx.db, key.id, now);
  }
  return { apiKeyId: key.id, role: key.role, tenancy: tenancyOfKey(key), readsAsOf };
}

/**
 * Makes sure a platform admin can log in. A configured key is registered (idempotently); with none
 * configured and none stored, a new one is generated and returned so that it can be shown once.
 */
export async function ensureAdminApiKey(db: Db, configured: string | undefined): Promise<string | undefined> {
  const admin = { role: 'platform-admin' as const, issuer_id: null, academy_id: null, created_by: null };
  if (configured !== undefined) {
    await insertApiKey(db, { id: randomUUID(), name: 'admin (from MOBICRED_ADMIN_API_KEY)', key_hash: hashApiKey(configured), ...admin });
    return undefined;
  }
  if ((await countActiveApiKeys(db, 'platform-admin')) > 0) return undefined;
  const secret = generateApiKeySecret();
  await insertApiKey(db, { id: randomUUID(), name: 'admin (generated at first start)', key_hash: hashApiKey(secret), ...admin });
  return secret;
}

const SCHOOL_ROLES: readonly Role[] = ['school-admin', 'school-issuer'];

/**
 * Creates a key for a role and the organisation it acts for; the secret is in the answer and nowhere
 * else. The platform creates any key; a school admin creates its own school's admin and issuer keys.
 */
export async function createApiKey(
  ctx: ServiceContext,
  input: { name: string; role: Role; issuerId?: string; academyId?: string },
  actor: Actor,
): Promise<ApiKeyView & { secret: string }> {
  if (actor.tenancy.kind !== 'every-school' && !SCHOOL_ROLES.includes(input.role)) {
    throw new ForbiddenError(`Only a platform admin can create a ${input.role} key`, '/role');
  }
  const scope = await organisationOf(ctx, input, actor);
  const secret = generateApiKeySecret();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await insertApiKey(trx, {
      id: randomUUID(),
      name: input.name,
      key_hash: hashApiKey(secret),
      role: input.role,
      ...scope,
      created_by: actor.apiKeyId,
    });
    if (!row) throw new Error('a freshly generated API key collided with a stored one');
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'api-key.created', issuerId: row.issuer_id, subjectId: row.id, details: { role: row.role } });
    return { ...toApiKeyView(row), secret };
  });
}

/** The organisation a new key is bound to (its schema requires exactly the one its role needs), if the actor can see it. */
async function organisationOf(
  ctx: ServiceContext,
  input: { issuerId?: string; academyId?: string },
  actor: Actor,
): Promise<{ issuer_id: string | null; academy_id: string | null }> {
  if (input.issuerId !== undefined && !(await findIssuerById(ctx.db, input.issuerId, actor.tenancy))) {
    throw new NotFoundError(`Issuer ${input.issuerId}`, '/issuerId');
  }
  if (input.academyId !== undefined && !(await findAcademyById(ctx.db, input.academyId, actor.tenancy))) {
    throw new NotFoundError(`Academy ${input.academyId}`, '/academyId');
  }
  return { issuer_id: input.issuerId ?? null, academy_id: input.academyId ?? null };
}

export async function listManagedApiKeys(ctx: ServiceContext, actor: Actor): Promise<ApiKeyView[]> {
  return (await listApiKeys(ctx.db, actor.tenancy)).map(toApiKeyView);
}

/** Revokes a key at once; the last platform admin key cannot be revoked (nobody could create another). */
export async function revokeApiKey(ctx: ServiceContext, id: string, actor: Actor): Promise<ApiKeyView> {
  return ctx.db.transaction().execute(async (trx) => {
    const key = await findApiKeyById(trx, id, actor.tenancy, { forUpdate: true });
    if (!key) throw new NotFoundError(`API key ${id}`);
    if (key.revoked_at) return toApiKeyView(key);
    if (key.role === 'platform-admin') {
      const admins = await lockActivePlatformAdminKeys(trx);
      if (admins.length <= 1) throw new ConflictError('This is the last platform admin key: create another before revoking it');
    }
    const revoked = await revokeApiKeyRow(trx, key.id, ctx.now());
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'api-key.revoked', issuerId: key.issuer_id, subjectId: key.id });
    return toApiKeyView(revoked);
  });
}

function toApiKeyView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    issuerId: row.issuer_id,
    academyId: row.academy_id,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at && row.last_used_at.toISOString(),
    revokedAt: row.revoked_at && row.revoked_at.toISOString(),
  };
}
