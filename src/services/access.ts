import { ForbiddenError } from '../errors.js';
import type { Role } from '../storage/schema.js';
import type { Tenancy } from '../storage/tenancy.js';
import type { ReadSnapshot } from '../storage/fresh-cache.js';

/** Who acts: the API key (recorded in the audit), its role, and the schools it may see. */
export interface Actor {
  apiKeyId: string;
  role: Role;
  tenancy: Tenancy;
  /** For a request: the snapshot its key was read through, for every kept row it reads. Else each read takes its own. */
  readsAsOf?: ReadSnapshot;
}

/**
 * What a role may do, whatever the school: `read` its data, `issue` credentials and record mobilities,
 * `manage` the school (achievements, keys, revocation, UFM scheme, API keys), `administer` the platform
 * (schools, academies). Which school is a separate question, answered by the tenancy in every query.
 */
export type Permission = 'read' | 'issue' | 'manage' | 'administer';

const PERMISSIONS: Record<Role, readonly Permission[]> = {
  'platform-admin': ['read', 'issue', 'manage', 'administer'],
  'academy-reader': ['read'],
  'school-admin': ['read', 'issue', 'manage'],
  'school-issuer': ['read', 'issue'],
};

export function assertPermitted(actor: Actor, permission: Permission): void {
  if (!PERMISSIONS[actor.role].includes(permission)) {
    throw new ForbiddenError(`A ${actor.role} key cannot ${permission === 'administer' ? 'administer the platform' : `${permission} here`}`);
  }
}

/** The tenancy a key's row gives it (the api_keys_role_scope constraint guarantees the id its role needs). */
export function tenancyOfKey(key: { role: Role; issuer_id: string | null; academy_id: string | null }): Tenancy {
  if (key.role === 'platform-admin') return { kind: 'every-school' };
  if (key.role === 'academy-reader') return { kind: 'academy', academyId: key.academy_id! };
  return { kind: 'school', issuerId: key.issuer_id! };
}
