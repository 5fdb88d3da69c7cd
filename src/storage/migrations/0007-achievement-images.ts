import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/** A school's own badge image for an achievement (PNG or SVG); without one, the image is generated. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table achievement_images (
      achievement_id uuid primary key references achievements(id),
      media_type text not null check (media_type in ('image/png', 'image/svg+xml')),
      content bytea not null check (octet_length(content) <= 1048576),
      updated_at timestamptz not null default now()
    )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['drop table achievement_images']);
}
