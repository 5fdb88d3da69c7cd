import { randomUUID } from 'node:crypto';
import { buildAchievement, OB_CREDENTIAL_CONTEXT, type AchievementInput, type JsonObject } from '../domain/open-badges.js';
import { findAchievementById, insertAchievement, updateAchievementDefinition, type AchievementRow } from '../storage/achievements-repository.js';
import { findIssuerById, type IssuerRow } from '../storage/issuers-repository.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import { NotFoundError } from '../errors.js';
import { EVERY_SCHOOL, tenancyKey, type Tenancy } from '../storage/tenancy.js';
import type { ServiceContext } from './context.js';
import type { Actor } from './access.js';
import { issuerProfile } from './issuers.js';
import type { ReadSnapshot } from '../storage/fresh-cache.js';

interface AchievementView {
  id: string;
  issuerId: string;
  url: string;
  achievement: JsonObject;
  createdAt: string;
}

export async function createAchievement(
  ctx: ServiceContext,
  input: { issuerId: string } & AchievementInput,
  actor: Actor,
): Promise<AchievementView> {
  const { issuerId, ...definition } = input;
  return ctx.db.transaction().execute(async (trx) => {
    const issuer = await findIssuerById(trx, issuerId, actor.tenancy);
    if (!issuer) throw new NotFoundError(`Issuer ${issuerId}`, '/issuerId');
    const row = await insertAchievement(trx, { id: randomUUID(), issuer_id: issuer.id, definition });
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'achievement.created', issuerId: issuer.id, subjectId: row.id });
    return toAchievementView(ctx, row, issuer);
  });
}

/** Replaces an achievement's definition: credentials issued later carry it; those issued before keep theirs. */
export async function updateAchievement(ctx: ServiceContext, id: string, definition: AchievementInput, actor: Actor): Promise<AchievementView> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await updateAchievementDefinition(trx, id, actor.tenancy, definition);
    const issuer = row && (await findIssuerById(trx, row.issuer_id, actor.tenancy));
    if (!row || !issuer) throw new NotFoundError(`Achievement ${id}`);
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'achievement.updated', issuerId: issuer.id, subjectId: row.id });
    return toAchievementView(ctx, row, issuer);
  });
}

export async function getAchievement(ctx: ServiceContext, id: string, tenancy: Tenancy): Promise<AchievementView> {
  const { achievement, issuer } = await loadAchievementWithIssuer(ctx, id, tenancy);
  return toAchievementView(ctx, achievement, issuer);
}

export async function getPublicAchievement(ctx: ServiceContext, id: string): Promise<JsonObject> {
  const view = await getAchievement(ctx, id, EVERY_SCHOOL);
  return { '@context': [...OB_CREDENTIAL_CONTEXT], ...view.achievement };
}

export async function loadAchievementWithIssuer(
  ctx: ServiceContext,
  id: string,
  tenancy: Tenancy,
  options: { field?: string; asOf?: ReadSnapshot } = {},
): Promise<{ achievement: AchievementRow; issuer: IssuerRow }> {
  const found = await ctx.freshReads.achievements.read(
    `${tenancyKey(tenancy)} ${id}`,
    async () => {
      const achievement = await findAchievementById(ctx.db, id, tenancy);
      const issuer = achievement && (await findIssuerById(ctx.db, achievement.issuer_id, tenancy));
      return achievement && issuer && { achievement, issuer };
    },
    options.asOf,
  );
  if (!found) throw new NotFoundError(`Achievement ${id}`, options.field);
  return found;
}

/** The OB 3.0 Achievement as it appears in credentials and at its public URL. */
export function achievementDocument(ctx: ServiceContext, row: AchievementRow, issuer: IssuerRow): JsonObject {
  const urls = ctx.publicUrls;
  return buildAchievement({
    id: urls.achievement(row.id),
    creator: issuerProfile(issuer),
    // Every achievement has an image: the school's own URL, or the one served here (uploaded or generated).
    achievement: { ...row.definition, image: row.definition.image ?? { id: urls.achievementImage(row.id, 'png') } },
  });
}

function toAchievementView(ctx: ServiceContext, row: AchievementRow, issuer: IssuerRow): AchievementView {
  return {
    id: row.id,
    issuerId: row.issuer_id,
    url: ctx.publicUrls.achievement(row.id),
    achievement: achievementDocument(ctx, row, issuer),
    createdAt: row.created_at.toISOString(),
  };
}
