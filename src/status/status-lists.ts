import { randomBytes, randomUUID } from 'node:crypto';
import {
  buildStatusListCredential,
  buildStatusListEntry,
  encodeStatusList,
  permuteStatusIndex,
  STATUS_LIST_SIZE,
  type StatusPurpose,
} from '../domain/bitstring-status-list.js';
import type { JsonObject } from '../domain/open-badges.js';
import { toXsdDateTime } from '../domain/date-time.js';
import { findIssuerById } from '../storage/issuers-repository.js';
import { EVERY_SCHOOL } from '../storage/tenancy.js';
import {
  findStatusList,
  listSetStatusIndexes,
  openStatusList,
  storeSignedStatusList,
  takeStatusPositions,
} from '../storage/status-repository.js';
import type { ServiceContext } from '../services/context.js';
import { publicUrls } from '../services/public-urls.js';
import { NotFoundError } from '../errors.js';

export interface AllocatedStatus {
  listId: string;
  index: number;
  entry: JsonObject;
}

/**
 * Reserves `count` fresh status indexes for credentials about to be signed, opening a new list when the
 * open one fills up. Only the list's position counter moves here (one statement a list); each entry row is
 * written with its credential. An index reserved for a credential that is then never stored stays unused:
 * indexes are never handed out twice.
 */
export async function allocateStatusEntries(
  ctx: ServiceContext,
  options: { issuerId: string; purpose: StatusPurpose; count: number },
): Promise<AllocatedStatus[]> {
  const allocated: AllocatedStatus[] = [];
  let openedOne = false;
  while (allocated.length < options.count) {
    const taken = await takeStatusPositions(ctx.db, options.issuerId, options.purpose, options.count - allocated.length);
    if (!taken) {
      if (openedOne) throw new Error('No open status list right after opening one');
      openedOne = true;
      await openStatusList(ctx.db, {
        id: randomUUID(),
        issuer_id: options.issuerId,
        purpose: options.purpose,
        size: STATUS_LIST_SIZE,
        permutation_key: randomBytes(32).toString('base64url'),
      });
      continue;
    }
    openedOne = false;
    const key = Buffer.from(taken.permutation_key, 'base64url');
    const listUrl = publicUrls(ctx.publicBaseUrl).statusList(taken.id);
    for (let position = taken.first; position < taken.first + taken.taken; position += 1) {
      const index = permuteStatusIndex({ position, key, size: taken.size });
      allocated.push({ listId: taken.id, index, entry: buildStatusListEntry({ listUrl, index, purpose: options.purpose }) });
    }
  }
  return allocated;
}

export interface PublishedStatusList {
  credential: JsonObject;
  version: string;
}

/**
 * The signed BitstringStatusListCredential of a list, regenerated and re-signed only when a status
 * change has bumped the list's version since it was last signed.
 */
export async function getPublishedStatusList(ctx: ServiceContext, listId: string): Promise<PublishedStatusList> {
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
    listUrl: publicUrls(ctx.publicBaseUrl).statusList(list.id),
    issuer: issuer.did,
    purpose: list.purpose,
    encodedList: encodeStatusList({ size: list.size, setIndexes }),
    validFrom: toXsdDateTime(now),
  });
  const { signer } = await ctx.keyRing.activeSigner(ctx.db, { issuerId: issuer.id, did: issuer.did });
  const credential = await ctx.signing.sign({ credential: unsigned, signer, created: now });
  await storeSignedStatusList(ctx.db, list.id, list.version, credential);
  return { credential, version: list.version };
}

