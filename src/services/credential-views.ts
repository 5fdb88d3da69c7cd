import type { StatusPurpose } from '../domain/bitstring-status-list.js';
import { toXsdDateTime } from '../domain/date-time.js';
import { linkedInAddToProfileUrl } from '../domain/linkedin.js';
import type { JsonObject } from '../domain/open-badges.js';
import { NotFoundError } from '../errors.js';
import { credentialOfVcJwt } from '../proof/vc-jwt.js';
import { findCredentialById, type CredentialRow } from '../storage/credentials-repository.js';
import { findStatusEntryOfCredential } from '../storage/status-repository.js';
import { EVERY_SCHOOL, type Tenancy } from '../storage/tenancy.js';
import type { ServiceContext } from './context.js';
import { BOTH_PROOF_FORMATS, type IssuedCredential, type ProofFormat } from './issuance-pipeline.js';

/** The credential itself, without its proofs: from its Data Integrity form, else from its VC-JWT. */
export function credentialDocument(row: Pick<CredentialRow, 'data_integrity' | 'jwt'>): JsonObject {
  if (row.data_integrity) {
    const { proof: _proof, ...document } = row.data_integrity;
    return document;
  }
  return credentialOfVcJwt(row.jwt!);
}

export function proofFormatsOf(row: Pick<CredentialRow, 'data_integrity' | 'jwt'>): ProofFormat[] {
  return BOTH_PROOF_FORMATS.filter((format) => (format === 'ldp_vc' ? row.data_integrity !== null : row.jwt !== null));
}

export interface CredentialView {
  id: string;
  url: string;
  issuerId: string;
  achievementId: string;
  /** The credential with its Data Integrity proof (null when issued as a VC-JWT only). */
  credential: JsonObject | null;
  /** Its VC-JWT (null when issued with a Data Integrity proof only). */
  jwt: string | null;
  proofFormats: ProofFormat[];
  validFrom: string;
  validUntil: string | null;
  createdAt: string;
  status: CredentialStatusView | null;
  /** LinkedIn's "Add to profile" link, prefilled for this credential. */
  linkedInAddToProfileUrl: string;
  /** The badge image with this credential baked in, for online CVs. */
  badgeImages: { png: string; svg: string };
}

interface CredentialStatusView {
  purpose: StatusPurpose;
  state: 'active' | 'suspended' | 'revoked';
  statusListCredential: string;
  statusListIndex: number;
  publicReason: string | null;
  changedAt: string | null;
}


export async function getCredential(ctx: ServiceContext, id: string, tenancy: Tenancy): Promise<CredentialView> {
  const row = await findCredentialById(ctx.db, id, tenancy);
  if (!row) throw new NotFoundError(`Credential ${id}`);
  return toCredentialView(ctx, row);
}

/** A credential as anyone may read it, whichever school issued it: its public page and document. */
export function getPublicCredential(ctx: ServiceContext, id: string): Promise<CredentialView> {
  return getCredential(ctx, id, EVERY_SCHOOL);
}

export async function toCredentialView(ctx: ServiceContext, row: CredentialRow): Promise<CredentialView> {
  return credentialView(ctx, row, await findStatusEntryOfCredential(ctx.db, row.id));
}

export function credentialView(
  ctx: ServiceContext,
  row: CredentialRow,
  entry: IssuedCredential['entry'] | undefined,
  /** The credential without its proofs, when it is in hand (as just issued): else read from the row. */
  document: JsonObject = credentialDocument(row),
): CredentialView {
  const urls = ctx.publicUrls;
  return {
    id: row.id,
    url: urls.credential(row.id),
    issuerId: row.issuer_id,
    achievementId: row.achievement_id,
    credential: row.data_integrity,
    jwt: row.jwt,
    proofFormats: proofFormatsOf(row),
    validFrom: toXsdDateTime(row.valid_from),
    validUntil: row.valid_until && toXsdDateTime(row.valid_until),
    createdAt: row.created_at.toISOString(),
    linkedInAddToProfileUrl: linkedInAddToProfileUrl(document),
    badgeImages: { png: urls.bakedBadge(row.id, 'png'), svg: urls.bakedBadge(row.id, 'svg') },
    status: entry
      ? {
          purpose: entry.purpose,
          state: entry.state,
          statusListCredential: urls.statusList(entry.list_id),
          statusListIndex: entry.list_index,
          publicReason: entry.public_reason,
          changedAt: entry.changed_at && entry.changed_at.toISOString(),
        }
      : null,
  };
}
