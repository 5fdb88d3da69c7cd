import type { Selectable } from 'kysely';
import type { JsonObject } from '../domain/open-badges.js';
import type { Db } from './database.js';
import type { AcademiesTable, IssuerKind, TrustedRegistriesTable } from './schema.js';

export type AcademyRegistryRow = Pick<Selectable<AcademiesTable>, 'id' | 'name' | 'signer_issuer_id' | 'registry_document' | 'registry_content_hash' | 'registry_signed_at' | 'created_at'>;
export type TrustedRegistryRow = Selectable<TrustedRegistriesTable>;

export interface MembershipRow {
  did: string;
  kind: IssuerKind;
  profile: { name: string; url?: string; address?: { addressLocality?: string; addressCountryCode: string }; otherIdentifier?: { identifier: string; identifierType: string }[] };
  recognised_from: Date;
  recognised_until: Date | null;
}

export async function findAcademyRegistry(db: Db, academyId: string, options: { forUpdate?: boolean } = {}): Promise<AcademyRegistryRow | undefined> {
  const query = db
    .selectFrom('academies')
    .select(['id', 'name', 'signer_issuer_id', 'registry_document', 'registry_content_hash', 'registry_signed_at', 'created_at'])
    .where('id', '=', academyId);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

/** An academy's signing identity: its issuer row (kind 'academy'). */
export async function findAcademySigner(db: Db, issuerId: string): Promise<{ id: string; did: string } | undefined> {
  return db.selectFrom('issuers').select(['id', 'did']).where('id', '=', issuerId).where('kind', '=', 'academy').executeTakeFirst();
}

export async function storeAcademySigner(db: Db, academyId: string, signerIssuerId: string): Promise<void> {
  await db.updateTable('academies').set({ signer_issuer_id: signerIssuerId }).where('id', '=', academyId).execute();
}

export async function storeSignedRegistry(db: Db, academyId: string, registry: { document: JsonObject; contentHash: string; signedAt: Date }): Promise<void> {
  await db
    .updateTable('academies')
    .set({ registry_document: JSON.stringify(registry.document), registry_content_hash: registry.contentHash, registry_signed_at: registry.signedAt })
    .where('id', '=', academyId)
    .execute();
}

/** Every period during which a school was in the academy, oldest first (the current one with no end). */
export async function listAcademyMemberships(db: Db, academyId: string): Promise<MembershipRow[]> {
  const rows = await db
    .selectFrom('academy_memberships')
    .innerJoin('issuers', 'issuers.id', 'academy_memberships.issuer_id')
    .select(['issuers.did', 'issuers.kind', 'issuers.profile', 'academy_memberships.recognised_from', 'academy_memberships.recognised_until'])
    .where('academy_memberships.academy_id', '=', academyId)
    .orderBy('academy_memberships.recognised_from')
    .orderBy('academy_memberships.id')
    .execute();
  return rows as MembershipRow[];
}

/** The academies a DID was ever a school of: the registries that may speak of it. */
export async function listAcademiesOfIssuerDid(db: Db, did: string): Promise<string[]> {
  const rows = await db
    .selectFrom('academy_memberships')
    .innerJoin('issuers', 'issuers.id', 'academy_memberships.issuer_id')
    .select('academy_memberships.academy_id')
    .distinct()
    .where('issuers.did', '=', did)
    .execute();
  return rows.map((row) => row.academy_id);
}

export async function insertTrustedRegistry(db: Db, registry: { id: string; name: string; url: string; signer_did: string; created_by: string | null }): Promise<TrustedRegistryRow> {
  return db.insertInto('trusted_registries').values(registry).returningAll().executeTakeFirstOrThrow();
}

export async function listTrustedRegistries(db: Db): Promise<TrustedRegistryRow[]> {
  return db.selectFrom('trusted_registries').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function deleteTrustedRegistry(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('trusted_registries').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
