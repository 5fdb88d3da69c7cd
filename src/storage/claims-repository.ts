import type { Insertable, Selectable } from 'kysely';
import type { Db } from './database.js';
import type { ClaimLinksTable } from './schema.js';

export type ClaimLinkRow = Selectable<ClaimLinksTable>;

export async function insertClaimLink(db: Db, link: Omit<Insertable<ClaimLinksTable>, 'claimed_at' | 'show_name'>): Promise<void> {
  await db.insertInto('claim_links').values(link).execute();
}

export async function findClaimLink(db: Db, tokenHash: string): Promise<ClaimLinkRow | undefined> {
  return db.selectFrom('claim_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Claims once: only an unexpired, unclaimed link is marked, with the learner's choice. */
export async function claimLink(db: Db, tokenHash: string, claim: { showName: boolean; now: Date }): Promise<ClaimLinkRow | undefined> {
  return db
    .updateTable('claim_links')
    .set({ claimed_at: claim.now, show_name: claim.showName })
    .where('token_hash', '=', tokenHash)
    .where('claimed_at', 'is', null)
    .where('expires_at', '>', claim.now)
    .returningAll()
    .executeTakeFirst();
}
