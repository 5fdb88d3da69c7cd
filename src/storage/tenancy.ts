import { sql, type Expression, type SqlBool } from 'kysely';

/**
 * The schools (issuers) an actor may see. Every query that reads or changes a school's data by id takes
 * one, and filters on it in SQL: a row outside it is simply not found, whatever the route did.
 */
export type Tenancy =
  | { kind: 'every-school' }
  | { kind: 'academy'; academyId: string }
  | { kind: 'school'; issuerId: string };

/** Public pages, verification and the batch worker read any school's published data. */
export const EVERY_SCHOOL: Tenancy = { kind: 'every-school' };

/** The condition "the issuer in this column is within the tenancy", for a where clause. */
export function issuerWithin(tenancy: Tenancy, issuerColumn: string): Expression<SqlBool> {
  switch (tenancy.kind) {
    case 'every-school':
      return sql<SqlBool>`true`;
    case 'school':
      return sql<SqlBool>`${sql.ref(issuerColumn)} = ${tenancy.issuerId}`;
    case 'academy':
      return sql<SqlBool>`${sql.ref(issuerColumn)} in (select id from issuers where academy_id = ${tenancy.academyId})`;
  }
}

/** A tenancy as text: rows read within one are kept apart from rows read within another. */
export function tenancyKey(tenancy: Tenancy): string {
  switch (tenancy.kind) {
    case 'every-school':
      return 'every-school';
    case 'school':
      return `school:${tenancy.issuerId}`;
    case 'academy':
      return `academy:${tenancy.academyId}`;
  }
}
