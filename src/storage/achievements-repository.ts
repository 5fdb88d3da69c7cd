import type { Selectable } from 'kysely';
import type { AchievementInput } from '../domain/open-badges.js';
import type { Db } from './database.js';
import { findOrInsert } from './find-or-insert.js';
import type { AchievementImagesTable, AchievementsTable, BadgeImageMediaType } from './schema.js';
import { issuerWithin, type Tenancy } from './tenancy.js';

export type AchievementRow = Selectable<AchievementsTable>;

export async function insertAchievement(
  db: Db,
  achievement: { id: string; issuer_id: string; definition: AchievementInput; template_key?: string },
): Promise<AchievementRow> {
  return db
    .insertInto('achievements')
    .values({ ...achievement, definition: JSON.stringify(achievement.definition) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findAchievementById(db: Db, id: string, tenancy: Tenancy): Promise<AchievementRow | undefined> {
  return db.selectFrom('achievements').selectAll().where('id', '=', id).where(issuerWithin(tenancy, 'issuer_id')).executeTakeFirst();
}

/** The school's achievement made from a template, created on first use; concurrent first uses create one. */
export async function findOrCreateTemplateAchievement(
  db: Db,
  achievement: { id: string; issuer_id: string; definition: AchievementInput; template_key: string },
): Promise<AchievementRow> {
  return findOrInsert(
    () => db.selectFrom('achievements').selectAll().where('issuer_id', '=', achievement.issuer_id).where('template_key', '=', achievement.template_key).executeTakeFirst(),
    () =>
      db
        .insertInto('achievements')
        .values({ ...achievement, definition: JSON.stringify(achievement.definition) })
        .onConflict((conflict) => conflict.columns(['issuer_id', 'template_key']).where('template_key', 'is not', null).doNothing())
        .execute(),
  );
}

export async function updateAchievementDefinition(db: Db, id: string, tenancy: Tenancy, definition: AchievementInput): Promise<AchievementRow | undefined> {
  return db
    .updateTable('achievements')
    .set({ definition: JSON.stringify(definition) })
    .where('id', '=', id)
    .where(issuerWithin(tenancy, 'issuer_id'))
    .returningAll()
    .executeTakeFirst();
}

export async function findAchievementImage(db: Db, achievementId: string): Promise<Selectable<AchievementImagesTable> | undefined> {
  return db.selectFrom('achievement_images').selectAll().where('achievement_id', '=', achievementId).executeTakeFirst();
}

export async function storeAchievementImage(db: Db, image: { achievement_id: string; media_type: BadgeImageMediaType; content: Uint8Array; updated_at: Date }): Promise<void> {
  await db
    .insertInto('achievement_images')
    .values(image)
    .onConflict((conflict) => conflict.column('achievement_id').doUpdateSet({ media_type: image.media_type, content: image.content, updated_at: image.updated_at }))
    .execute();
}

/** A school's achievements (its own and those made from templates), newest first. */
export async function listAchievements(db: Db, tenancy: Tenancy, issuerId: string): Promise<AchievementRow[]> {
  return db.selectFrom('achievements').selectAll().where('issuer_id', '=', issuerId).where(issuerWithin(tenancy, 'issuer_id')).orderBy('created_at', 'desc').orderBy('id').execute();
}
