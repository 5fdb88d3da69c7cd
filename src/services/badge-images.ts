import { renderBadgeSvg } from '../badges/badge-image.js';
import { escapeXml } from '../domain/xml.js';
import { bakePng, bakeSvg } from '../badges/bake.js';
import { renderPng } from '../badges/render-png.js';
import { unbakeSvg, UnbakeError } from '../badges/unbake.js';
import extractPngChunks from 'png-chunks-extract';
import { AppError, NotFoundError } from '../errors.js';
import { findAchievementById, findAchievementImage, storeAchievementImage, type AchievementRow } from '../storage/achievements-repository.js';
import { findCredentialById } from '../storage/credentials-repository.js';
import type { IssuerRow } from '../storage/issuers-repository.js';
import type { BadgeImageMediaType } from '../storage/schema.js';
import { EVERY_SCHOOL } from '../storage/tenancy.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import type { Actor } from './access.js';
import type { ServiceContext } from './context.js';
import { loadAchievementWithIssuer } from './achievements.js';

export type ImageFormat = 'png' | 'svg';

export interface BadgeImage {
  mediaType: BadgeImageMediaType;
  content: Buffer;
}

const MEDIA_TYPES: Record<ImageFormat, BadgeImageMediaType> = { png: 'image/png', svg: 'image/svg+xml' };

export class InvalidImageError extends AppError {
  constructor(detail: string) {
    super('invalid-image', 400, 'The image cannot be used as a badge', detail, { field: 'Content-Type' });
  }
}

/** The achievement's badge image: the school's own if it uploaded one (converted when needed), else generated. */
export async function achievementBadgeImage(ctx: ServiceContext, achievementId: string, format: ImageFormat): Promise<BadgeImage> {
  const { achievement, issuer } = await loadAchievementWithIssuer(ctx, achievementId, EVERY_SCHOOL);
  return badgeImageOf(ctx, achievement, issuer, format);
}

/** The badge image with the signed credential baked in, as Open Badges 3.0 specifies. */
export async function bakedCredentialImage(ctx: ServiceContext, credentialId: string, format: ImageFormat): Promise<BadgeImage> {
  const row = await findCredentialById(ctx.db, credentialId, EVERY_SCHOOL);
  if (!row) throw new NotFoundError(`Credential ${credentialId}`);
  const { achievement, issuer } = await loadAchievementWithIssuer(ctx, row.achievement_id, EVERY_SCHOOL);
  const image = await badgeImageOf(ctx, achievement, issuer, format);
  // The JSON-LD credential with its Data Integrity proof, else its VC-JWT (OB 3.0 bakes either).
  const credential = row.data_integrity ? JSON.stringify(row.data_integrity) : row.jwt!;
  return {
    mediaType: image.mediaType,
    content: format === 'png' ? bakePng(image.content, credential) : Buffer.from(bakeSvg(image.content.toString('utf8'), credential)),
  };
}

async function badgeImageOf(ctx: ServiceContext, achievement: AchievementRow, issuer: IssuerRow, format: ImageFormat): Promise<BadgeImage> {
  const uploaded = await findAchievementImage(ctx.db, achievement.id);
  // The school's own image in the format asked for is served as it is; anything else goes through an SVG.
  if (uploaded?.media_type === MEDIA_TYPES[format]) return { mediaType: uploaded.media_type, content: Buffer.from(uploaded.content) };
  const svg = !uploaded
    ? renderBadgeSvg({ achievementName: achievement.definition.name, issuerName: issuer.profile.name, ...badgeKind(achievement) })
    : uploaded.media_type === 'image/svg+xml'
      ? Buffer.from(uploaded.content).toString('utf8')
      : pngInSvg(Buffer.from(uploaded.content), achievement.definition.name);
  return format === 'svg' ? { mediaType: MEDIA_TYPES.svg, content: Buffer.from(svg) } : { mediaType: MEDIA_TYPES.png, content: renderPng(svg) };
}

/** Mobility templates say what they are in their key ("language:es@fr"); other achievements by their type. */
function badgeKind(achievement: AchievementRow): { kind: string | undefined; emblem?: string } {
  const [kind, detail] = achievement.template_key?.split('@')[0]?.split(':') ?? [];
  if (kind === 'language' && detail) return { kind, emblem: detail.toUpperCase() };
  return { kind: kind ?? achievement.definition.achievementType };
}

function pngInSvg(png: Buffer, title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256" role="img"><title>${escapeXml(title)}</title><image width="256" height="256" href="data:image/png;base64,${png.toString('base64')}"/></svg>\n`;
}

function carriesBakedCredential(svg: string): boolean {
  try {
    unbakeSvg(svg);
    return true;
  } catch (error) {
    if (error instanceof UnbakeError) return false;
    throw error;
  }
}

/** What an uploaded SVG may not contain: it is served from this origin, so nothing that runs or loads. */
const SVG_ACTIVE_CONTENT = /<script|<foreignObject|<iframe|<embed|<object|\son\w+\s*=|javascript:|<!DOCTYPE|<!ENTITY|(?:href|src)\s*=\s*["'](?!data:image\/|#)/i;

/** Replaces the badge image of an achievement with the school's own PNG or SVG (1 MB at most). */
export async function setAchievementImage(
  ctx: ServiceContext,
  achievementId: string,
  image: { mediaType: BadgeImageMediaType; content: Buffer },
  actor: Actor,
): Promise<void> {
  if (image.mediaType === 'image/png') {
    try {
      extractPngChunks(image.content);
    } catch (error) {
      throw new InvalidImageError(`Not a readable PNG image (${(error as Error).message})`);
    }
  } else {
    const svg = image.content.toString('utf8');
    if (!/<svg\b/.test(svg) || SVG_ACTIVE_CONTENT.test(svg)) {
      throw new InvalidImageError('An SVG badge must be a plain SVG document: no scripts, event handlers, DTDs, embedded documents or links to elsewhere');
    }
    try {
      renderPng(svg, 16);
    } catch (error) {
      throw new InvalidImageError(`Not a readable SVG image (${(error as Error).message})`);
    }
    if (carriesBakedCredential(svg)) throw new InvalidImageError('This SVG already carries a baked credential; upload the plain image');
  }
  await ctx.db.transaction().execute(async (trx) => {
    const achievement = await findAchievementById(trx, achievementId, actor.tenancy);
    if (!achievement) throw new NotFoundError(`Achievement ${achievementId}`);
    await storeAchievementImage(trx, { achievement_id: achievement.id, media_type: image.mediaType, content: image.content, updated_at: ctx.now() });
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'achievement.image-set', issuerId: achievement.issuer_id, subjectId: achievement.id });
  });
}
