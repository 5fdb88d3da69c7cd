import { toXsdDateTime } from '../domain/date-time.js';
import { disclosedRecipientName, type JsonObject } from '../domain/open-badges.js';
import { NotFoundError } from '../errors.js';
import { listCredentials } from '../storage/credentials-repository.js';
import { findIssuerById } from '../storage/issuers-repository.js';
import type { Tenancy } from '../storage/tenancy.js';
import type { ServiceContext } from './context.js';
import { credentialDocument } from './credential-views.js';
import { decodePageCursor, encodePageCursor } from './page-cursor.js';

interface CredentialSummary {
  id: string;
  url: string;
  issuerId: string;
  achievementId: string;
  name: string;
  /** The recipient's name, when the credential discloses it. */
  recipientName: string | null;
  validFrom: string;
  validUntil: string | null;
  createdAt: string;
  status: string | null;
  mobilityId: string | null;
  batchId: string | null;
  /** For a wallet copy: the credential it copies. */
  copyOf: string | null;
}

/** Credentials a key may read, newest first, a page at a time (`next` is the cursor of the following page). */
export async function listCredentialSummaries(
  ctx: ServiceContext,
  tenancy: Tenancy,
  options: { issuerId?: string; limit: number; after?: string },
): Promise<{ credentials: CredentialSummary[]; next: string | null }> {
  if (options.issuerId !== undefined && !(await findIssuerById(ctx.db, options.issuerId, tenancy))) throw new NotFoundError(`Issuer ${options.issuerId}`, 'issuerId');
  const after = options.after === undefined ? undefined : decodePageCursor(options.after);
  const rows = await listCredentials(ctx.db, tenancy, { ...(options.issuerId ? { issuerId: options.issuerId } : {}), limit: options.limit + 1, ...(after ? { after } : {}) });
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    credentials: page.map((row) => {
      const document = credentialDocument(row);
      const subject = document.credentialSubject as JsonObject;
      return {
        id: row.id,
        url: ctx.publicUrls.credential(row.id),
        issuerId: row.issuer_id,
        achievementId: row.achievement_id,
        name: String((subject.achievement as JsonObject).name),
        recipientName: disclosedRecipientName(document) ?? null,
        validFrom: toXsdDateTime(row.valid_from),
        validUntil: row.valid_until && toXsdDateTime(row.valid_until),
        createdAt: row.created_at.toISOString(),
        status: row.state,
        mobilityId: row.mobility_id,
        batchId: row.batch_id,
        copyOf: row.derived_from,
      };
    }),
    next: rows.length > options.limit && last ? encodePageCursor(last) : null,
  };
}
