import type { Selectable } from 'kysely';
import type { Db } from './database.js';
import type { SealsTable } from './schema.js';

export type SealRow = Selectable<SealsTable>;

/** Stores an organisation's seal, replacing the one it had (a renewed certificate takes the old one's place). */
export async function upsertSeal(db: Db, seal: Omit<SealRow, 'created_at' | 'certificate_chain'> & { certificate_chain: string[] }): Promise<SealRow> {
  const values = { ...seal, certificate_chain: JSON.stringify(seal.certificate_chain) };
  return db
    .insertInto('seals')
    .values(values)
    .onConflict((conflict) => conflict.column('issuer_id').doUpdateSet({ ...values, id: seal.id }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findSealOfIssuer(db: Db, issuerId: string): Promise<SealRow | undefined> {
  return db.selectFrom('seals').selectAll().where('issuer_id', '=', issuerId).executeTakeFirst();
}
