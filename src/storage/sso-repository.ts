import type { Insertable, Selectable } from 'kysely';
import type { Db } from './database.js';
import type { SsoProvidersTable, SsoSignInsTable } from './schema.js';
import { issuerWithin, type Tenancy } from './tenancy.js';

export type SsoProviderRow = Selectable<SsoProvidersTable>;
export type SsoSignInRow = Selectable<SsoSignInsTable>;

export async function insertSsoProvider(db: Db, provider: Insertable<SsoProvidersTable>): Promise<SsoProviderRow> {
  return db.insertInto('sso_providers').values(provider).returningAll().executeTakeFirstOrThrow();
}

export async function listSsoProviders(db: Db): Promise<SsoProviderRow[]> {
  return db.selectFrom('sso_providers').selectAll().orderBy('name').execute();
}

/** The providers an actor may see: a school's own and its academy's; every one for the platform. */
export async function listSsoProvidersWithin(db: Db, tenancy: Tenancy): Promise<SsoProviderRow[]> {
  if (tenancy.kind === 'every-school') return listSsoProviders(db);
  return db
    .selectFrom('sso_providers')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('issuer_id', 'is not', null).and(issuerWithin(tenancy, 'issuer_id')),
        eb('academy_id', 'in', db.selectFrom('issuers').select('academy_id').where(issuerWithin(tenancy, 'issuers.id'))),
        ...(tenancy.kind === 'academy' ? [eb('academy_id', '=', tenancy.academyId)] : []),
      ]),
    )
    .orderBy('name')
    .execute();
}

export async function findSsoProvider(db: Db, id: string): Promise<SsoProviderRow | undefined> {
  return db.selectFrom('sso_providers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSsoSignIn(db: Db, signIn: Insertable<SsoSignInsTable>): Promise<void> {
  await db.insertInto('sso_sign_ins').values(signIn).execute();
}

/** Takes an authorization request in flight: it is deleted as it is read, so a callback is answered once. */
export async function takeSsoSignIn(db: Db, state: string, now: Date): Promise<SsoSignInRow | undefined> {
  return db.deleteFrom('sso_sign_ins').where('state', '=', state).where('expires_at', '>', now).returningAll().executeTakeFirst();
}
