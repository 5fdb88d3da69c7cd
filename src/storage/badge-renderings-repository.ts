import type { Db } from './database.js';

/** The PNG rendered from the SVG with this hash: `png` null when it could not be rendered; undefined when never tried. */
export async function findBadgeRendering(db: Db, svgSha256: Uint8Array): Promise<{ png: Uint8Array | null } | undefined> {
  return db.selectFrom('badge_renderings').select('png').where('svg_sha256', '=', svgSha256).executeTakeFirst();
}

/** The same SVG always renders the same: whoever stores it first, the row is the same. */
export async function storeBadgeRendering(db: Db, rendering: { svg_sha256: Uint8Array; png: Uint8Array | null }): Promise<void> {
  await db.insertInto('badge_renderings').values(rendering).onConflict((conflict) => conflict.column('svg_sha256').doNothing()).execute();
}
