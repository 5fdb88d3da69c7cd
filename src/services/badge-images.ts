import { createHash } from 'node:crypto';
import { renderBadgeSvg } from '../badges/badge-image.js';
import { CREDENTIAL_KINDS, parseTemplateKey } from '../domain/credential-kinds.js';
import { escapeXml } from '../domain/xml.js';
import { bakePng, bakeSvg } from '../badges/bake.js';
import { RenderFailedError } from '../badges/render-thread.js';
import { sanitizeSvg, SvgRefusedError } from '../badges/svg-policy.js';
import { unbakeSvg, UnbakeError } from '../badges/unbake.js';
import extractPngChunks from 'png-chunks-extract';
import { AppError, ImageTooComplexError, InvalidImageError, NotFoundError } from '../errors.js';
import { findAchievementById, findAchievementImage, storeAchievementImage, type AchievementRow } from '../storage/achievements-repository.js';
import { findBadgeRendering, storeBadgeRendering } from '../storage/badge-renderings-repository.js';
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
  // The school's own image in the format asked for is served as it is.
  if (uploaded?.media_type === MEDIA_TYPES[format]) return { mediaType: uploaded.media_type, content: Buffer.from(uploaded.content) };
  const generated = (): string =>
    renderBadgeSvg({ achievementName: achievement.definition.name, issuerName: issuer.profile.name, ...badgeKind(achievement) });
  if (format === 'svg') {
    const svg = uploaded ? pngInSvg(Buffer.from(uploaded.content), achievement.definition.name) : generated();
    return { mediaType: MEDIA_TYPES.svg, content: Buffer.from(svg) };
  }
  // The PNG of an SVG is rendered once, then read back: a public GET never renders what it already has.
  const png =
    (uploaded && (await renderedOnce(ctx, Buffer.from(uploaded.content), (svg) => usableSchoolSvgPng(ctx, svg)))) ??
    (await renderedOnce(ctx, Buffer.from(generated()), (svg) => ctx.badgeRenderer.render(svg)));
  if (!png) throw new Error(`The generated badge of achievement ${achievement.id} was recorded as unrenderable`);
  return { mediaType: MEDIA_TYPES.png, content: png };
}

/**
 * The PNG kept for this exact SVG, else `render`'s, kept for next time. Uploads keep theirs when they store
 * the SVG; what comes here unrendered is a generated badge, or a school's SVG stored before uploads were
 * checked (before migration 0012), rendered on its first request.
 */
async function renderedOnce(ctx: ServiceContext, svg: Buffer, render: (svg: string) => Promise<Buffer | undefined>): Promise<Buffer | undefined> {
  const svgSha256 = createHash('sha256').update(svg).digest();
  const kept = await findBadgeRendering(ctx.db, svgSha256);
  if (kept) return kept.png ? Buffer.from(kept.png) : undefined;
  const png = await render(svg.toString('utf8'));
  await storeBadgeRendering(ctx.db, { svg_sha256: svgSha256, png: png ?? null });
  return png;
}

/**
 * A school's SVG stored before uploads were checked, checked and rendered now within the same limits. One
 * that fails is recorded as such (undefined) and not tried again: the generated badge stands in for it.
 */
async function usableSchoolSvgPng(ctx: ServiceContext, svg: string): Promise<Buffer | undefined> {
  try {
    return (await checkAndRenderSvg(ctx, svg)).png;
  } catch (error) {
    if (error instanceof AppError) return undefined;
    throw error;
  }
}

/** Templates say their kind in their key ("language:es@fr"); other achievements by their type. */
function badgeKind(achievement: AchievementRow): { kind: string | undefined; emblem?: string } {
  const template = achievement.template_key === null ? undefined : parseTemplateKey(achievement.template_key);
  if (!template) return { kind: achievement.definition.achievementType };
  const emblem = template.detail === undefined ? undefined : CREDENTIAL_KINDS[template.kind].badge.emblemOfKeyDetail?.(template.detail);
  return { kind: template.kind, ...(emblem === undefined ? {} : { emblem }) };
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

/**
 * A school's SVG as it is stored, sanitised (see badges/svg-policy), with its PNG rendered within the
 * budget; throws InvalidImageError or ImageTooComplexError.
 */
async function checkAndRenderSvg(ctx: ServiceContext, uploaded: string): Promise<{ svg: string; png: Buffer }> {
  let svg: string;
  try {
    svg = sanitizeSvg(uploaded);
  } catch (error) {
    if (!(error instanceof SvgRefusedError)) throw error;
    throw error.limit ? new ImageTooComplexError(error.message, error.limit) : new InvalidImageError(error.message);
  }
  try {
    return { svg, png: await ctx.badgeRenderer.render(svg) };
  } catch (error) {
    if (!(error instanceof RenderFailedError)) throw error;
    if (error.reason === 'unreadable') throw new InvalidImageError(`Not a readable SVG image (${error.message})`);
    throw error.reason === 'too-tall'
      ? new ImageTooComplexError(error.message, 'heightRatio')
      : new ImageTooComplexError(`${error.message}: the picture is too costly to render`, 'renderTime');
  }
}

/**
 * Replaces the badge image of an achievement with the school's own PNG or SVG (1 MB at most). An SVG is
 * stored sanitised, with its PNG: nothing of it is rendered again.
 */
export async function setAchievementImage(
  ctx: ServiceContext,
  achievementId: string,
  image: { mediaType: BadgeImageMediaType; content: Buffer },
  actor: Actor,
): Promise<void> {
  let content = image.content;
  let rendering: { svg_sha256: Buffer; png: Buffer } | undefined;
  if (image.mediaType === 'image/png') {
    try {
      extractPngChunks(image.content);
    } catch (error) {
      throw new InvalidImageError(`Not a readable PNG image (${(error as Error).message})`);
    }
  } else {
    const uploaded = image.content.toString('utf8');
    if (carriesBakedCredential(uploaded)) throw new InvalidImageError('This SVG already carries a baked credential; upload the plain image');
    const { svg, png } = await checkAndRenderSvg(ctx, uploaded);
    content = Buffer.from(svg);
    rendering = { svg_sha256: createHash('sha256').update(content).digest(), png };
  }
  await ctx.db.transaction().execute(async (trx) => {
    const achievement = await findAchievementById(trx, achievementId, actor.tenancy);
    if (!achievement) throw new NotFoundError(`Achievement ${achievementId}`);
    await storeAchievementImage(trx, { achievement_id: achievement.id, media_type: image.mediaType, content, updated_at: ctx.now() });
    if (rendering) await storeBadgeRendering(trx, rendering);
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'achievement.image-set', issuerId: achievement.issuer_id, subjectId: achievement.id });
  });
}
