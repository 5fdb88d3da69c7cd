import type { Insertable, Selectable, UpdateObject } from 'kysely';
import type { JWK } from 'jose';
import type { IssuerProfileInput } from '../domain/open-badges.js';
import type { UfmScheme } from '../domain/ufm.js';
import type { Db } from './database.js';
import { ISSUING_KINDS, type Database, type IssuerKeysTable, type IssuerKind, type IssuersTable } from './schema.js';
import { issuerWithin, type Tenancy } from './tenancy.js';

export type IssuerRow = Selectable<IssuersTable>;
export type IssuerKeyRow = Selectable<IssuerKeysTable>;
/** A key row without its sealed private part: what everything but the key ring works with. */
export type PublicKeyRow = Omit<IssuerKeyRow, 'sealed_private_key'>;

const PUBLIC_KEY_COLUMNS = [
  'id',
  'issuer_id',
  'verification_method',
  'public_key_multibase',
  'public_jwk',
  'status',
  'created_at',
  'compromised_at',
  'compromise_reason',
] as const;

export async function insertIssuer(
  db: Db,
  issuer: { id: string; slug: string; did: string; profile: IssuerProfileInput; academy_id?: string | null; kind?: IssuerKind },
): Promise<IssuerRow> {
  return db
    .insertInto('issuers')
    .values({ ...issuer, profile: JSON.stringify(issuer.profile), ufm_scheme: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An issuing organisation (a school, an order, a stage host) by id, within a tenancy (endorsers are not: see findEndorserById). */
export async function findIssuerById(db: Db, id: string, tenancy: Tenancy, options: { forUpdate?: boolean } = {}): Promise<IssuerRow | undefined> {
  const query = db.selectFrom('issuers').selectAll().where('id', '=', id).where('kind', 'in', ISSUING_KINDS).where(issuerWithin(tenancy, 'issuers.id'));
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

/** An organisation that signs endorsements (a host company, an academy), by id. */
export async function findEndorserById(db: Db, id: string): Promise<IssuerRow | undefined> {
  return db.selectFrom('issuers').selectAll().where('id', '=', id).where('kind', '=', 'endorser').executeTakeFirst();
}

export async function listIssuers(db: Db, tenancy: Tenancy): Promise<IssuerRow[]> {
  return db.selectFrom('issuers').selectAll().where('kind', 'in', ISSUING_KINDS).where(issuerWithin(tenancy, 'issuers.id')).orderBy('slug').execute();
}

export async function findIssuerBySlug(db: Db, slug: string): Promise<IssuerRow | undefined> {
  return db.selectFrom('issuers').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findIssuerByDid(db: Db, did: string): Promise<IssuerRow | undefined> {
  return db.selectFrom('issuers').selectAll().where('did', '=', did).executeTakeFirst();
}

export async function insertIssuerKey(db: Db, key: Omit<Insertable<IssuerKeysTable>, 'public_jwk'> & { public_jwk: JWK }): Promise<PublicKeyRow> {
  return db
    .insertInto('issuer_keys')
    .values({ ...key, public_jwk: JSON.stringify(key.public_jwk) })
    .returning(PUBLIC_KEY_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** All keys an issuer ever had, oldest first: every one still verifies what it signed. */
export async function listIssuerKeys(db: Db, issuerId: string): Promise<PublicKeyRow[]> {
  return db
    .selectFrom('issuer_keys')
    .select(PUBLIC_KEY_COLUMNS)
    .where('issuer_id', '=', issuerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** One sealed key, the oldest: the key ring checks at start-up that it can open it. */
export async function findAnySealedKey(db: Db): Promise<Pick<IssuerKeyRow, 'id' | 'sealed_private_key'> | undefined> {
  return db.selectFrom('issuer_keys').select(['id', 'sealed_private_key']).orderBy('created_at').limit(1).executeTakeFirst();
}

/** Only the key ring reads the sealed private key. */
export async function findActiveIssuerKeyWithSecret(db: Db, issuerId: string): Promise<IssuerKeyRow | undefined> {
  return db
    .selectFrom('issuer_keys')
    .selectAll()
    .where('issuer_id', '=', issuerId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

export async function retireActiveIssuerKey(db: Db, issuerId: string): Promise<void> {
  await db.updateTable('issuer_keys').set({ status: 'retired' }).where('issuer_id', '=', issuerId).where('status', '=', 'active').execute();
}

export async function markIssuerKeyCompromised(
  db: Db,
  key: { issuerId: string; verificationMethod: string; compromisedAt: Date; reason: string },
): Promise<PublicKeyRow | undefined> {
  return db
    .updateTable('issuer_keys')
    .set({ compromised_at: key.compromisedAt, compromise_reason: key.reason })
    .where('issuer_id', '=', key.issuerId)
    .where('verification_method', '=', key.verificationMethod)
    .returning(PUBLIC_KEY_COLUMNS)
    .executeTakeFirst();
}

export async function findIssuerKeyByVerificationMethod(db: Db, verificationMethod: string): Promise<PublicKeyRow | undefined> {
  return db.selectFrom('issuer_keys').select(PUBLIC_KEY_COLUMNS).where('verification_method', '=', verificationMethod).executeTakeFirst();
}

/** Changes an issuing organisation within the tenancy; nothing (undefined) when it is not one the tenancy sees. */
function updateIssuingOrganisation(db: Db, issuerId: string, tenancy: Tenancy, values: UpdateObject<Database, 'issuers'>): Promise<IssuerRow | undefined> {
  return db.updateTable('issuers').set(values).where('id', '=', issuerId).where('kind', 'in', ISSUING_KINDS).where(issuerWithin(tenancy, 'issuers.id')).returningAll().executeTakeFirst();
}

export async function storeIssuerUfmScheme(db: Db, issuerId: string, tenancy: Tenancy, scheme: UfmScheme): Promise<IssuerRow | undefined> {
  return updateIssuingOrganisation(db, issuerId, tenancy, { ufm_scheme: JSON.stringify(scheme) });
}

/** Replaces an issuer's profile (its slug, kind and DID stay). */
export async function storeIssuerProfile(db: Db, issuerId: string, tenancy: Tenancy, profile: IssuerProfileInput): Promise<IssuerRow | undefined> {
  return updateIssuingOrganisation(db, issuerId, tenancy, { profile: JSON.stringify(profile) });
}

export async function storeIssuerAcademy(db: Db, issuerId: string, tenancy: Tenancy, academyId: string | null): Promise<IssuerRow | undefined> {
  return updateIssuingOrganisation(db, issuerId, tenancy, { academy_id: academyId });
}
