import { buildStatusListCredential, encodeStatusList } from '../domain/bitstring-status-list.js';
import type { JsonObject } from '../domain/open-badges.js';
import { toXsdDateTime } from '../domain/date-time.js';
import { findIssuerById } from '../storage/issuers-repository.js';
import { EVERY_SCHOOL } from '../storage/tenancy.js';
import { findStatusList, listSetStatusIndexes, storeSignedStatusList } from '../storage/status-repository.js';
import type { Db } from '../storage/database.js';
import type { PublicUrls } from '../domain/public-urls.js';
import type { KeyRing } from '../keys/key-ring.js';
import type { DataIntegrityProofs } from '../proof/proof-threads.js';
import { NotFoundError } from '../errors.js';

/** What status lists need of the service (the service context has it all). */
interface StatusListDeps {
  db: Db;
  publicUrls: PublicUrls;
  now: () => Date;
  keyRing: KeyRing;
  dataIntegrity: DataIntegrityProofs;
}

interface PublishedStatusList {
  credential: JsonObject;
  version: string;
}

/**
 * The signed BitstringStatusListCredential of a list, regenerated and re-signed only when a status
 * change has bumped the list's version since it was last signed.
 */
export async function getPublishedStatusList(ctx: StatusListDeps, listId: string): Promise<PublishedStatusList> {
  const list = await findStatusList(ctx.db, listId);
  if (!list) throw new NotFoundError(`Status list ${listId}`);
  if (list.signed_credential && list.signed_version === list.version) {
    return { credential: list.signed_credential, version: list.version };
  }
  const issuer = await findIssuerById(ctx.db, list.issuer_id, EVERY_SCHOOL);
  if (!issuer) throw new NotFoundError(`Status list ${listId}`);
  // Bits are read after the version: the list signed here is never older than the version it carries.
  const setIndexes = await listSetStatusIndexes(ctx.db, list);
  const now = ctx.now();
  const unsigned = buildStatusListCredential({
    listUrl: ctx.publicUrls.statusList(list.id),
    issuer: issuer.did,
    purpose: list.purpose,
    encodedList: encodeStatusList({ size: list.size, setIndexes }),
    validFrom: toXsdDateTime(now),
  });
  const { signer } = await ctx.keyRing.activeSigner(ctx.db, { issuerId: issuer.id, did: issuer.did });
  const credential = await ctx.dataIntegrity.sign({ credential: unsigned, signer, created: now });
  await storeSignedStatusList(ctx.db, list.id, list.version, credential);
  return { credential, version: list.version };
}

