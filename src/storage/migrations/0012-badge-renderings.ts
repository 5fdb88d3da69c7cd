import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * Badge pictures rendered once and kept: the PNG of an SVG (a school's own, or one generated), by the
 * SHA-256 of the SVG's exact bytes, so that a changed picture (a new upload, a renamed achievement or
 * school) is simply another row. A null PNG records an SVG stored before uploads were checked that cannot
 * be rendered within the budget: it is not tried again, and the generated badge stands in for it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table badge_renderings (
      svg_sha256 bytea primary key check (octet_length(svg_sha256) = 32),
      png bytea check (octet_length(png) <= 1048576),
      rendered_at timestamptz not null default now()
    )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['drop table badge_renderings']);
}
