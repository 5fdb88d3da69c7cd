import type { Insertable, Selectable } from 'kysely';
import type { JsonObject } from '../domain/open-badges.js';
import type { Db } from './database.js';
import type { EndorsementLinksTable, EndorsementsTable } from './schema.js';

export type EndorsementLinkRow = Selectable<EndorsementLinksTable>;
type EndorsementRow = Selectable<EndorsementsTable>;

export async function insertEndorsementLink(db: Db, link: Omit<Insertable<EndorsementLinksTable>, 'used_at'>): Promise<void> {
  await db.insertInto('endorsement_links').values(link).execute();
}

export async function findEndorsementLink(db: Db, tokenHash: string): Promise<EndorsementLinkRow | undefined> {
  return db.selectFrom('endorsement_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Uses a link once: only an unexpired, unused link is marked. */
export async function useEndorsementLink(db: Db, tokenHash: string, now: Date): Promise<EndorsementLinkRow | undefined> {
  return db
    .updateTable('endorsement_links')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

export async function insertEndorsement(db: Db, endorsement: { id: string; credential_id: string; endorser_id: string; document: JsonObject }): Promise<void> {
  await db.insertInto('endorsements').values({ ...endorsement, document: JSON.stringify(endorsement.document) }).execute();
}

export async function listEndorsementsOf(db: Db, credentialId: string): Promise<EndorsementRow[]> {
  return db.selectFrom('endorsements').selectAll().where('credential_id', '=', credentialId).orderBy('created_at').execute();
}

export async function findEndorsement(db: Db, id: string): Promise<EndorsementRow | undefined> {
  return db.selectFrom('endorsements').selectAll().where('id', '=', id).executeTakeFirst();
}
