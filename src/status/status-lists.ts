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

export interface AllocatedStatus {
  listId: string;
  index: number;
  entry: JsonObject;
}

/**
 * Positions a process takes from a list at a time, beyond what is asked: the next credentials get theirs
 * without a round trip (as a database sequence's cache does). Positions taken by a process that stops before
 * using them stay unused — at most this many per list and restart, out of 131,072.
 */
const POSITIONS_TAKEN_AHEAD = 32;

interface TakenPositions {
  listId: string;
  listUrl: string;
  key: Buffer;
  size: number;
  next: number;
  end: number;
}

/** Positions this process has taken and not yet handed out, per issuer and purpose, oldest first. */
const takenAhead = new WeakMap<StatusListDeps, Map<string, TakenPositions[]>>();

/**
 * Hands out `count` fresh status indexes for credentials about to be signed, opening a new list when the
 * open one fills up. Only the list's position counter moves here (one statement for many positions); each
 * entry row is written with its credential. An index handed out for a credential that is then never stored
 * stays unused: indexes are never handed out twice, in this process or any other.
 */
export async function allocateStatusEntries(
  ctx: StatusListDeps,
  options: { issuerId: string; purpose: StatusPurpose; count: number },
): Promise<AllocatedStatus[]> {
  let byList = takenAhead.get(ctx);
  if (!byList) takenAhead.set(ctx, (byList = new Map()));
  const listKey = `${options.issuerId} ${options.purpose}`;
  let ranges = byList.get(listKey);
  if (!ranges) byList.set(listKey, (ranges = []));

  const allocated: AllocatedStatus[] = [];
  while (allocated.length < options.count) {
    const range = ranges[0];
    if (!range) {
      ranges.push(await takePositions(ctx, options, options.count - allocated.length + POSITIONS_TAKEN_AHEAD));
      continue;
    }
    const index = permuteStatusIndex({ position: range.next, key: range.key, size: range.size });
    allocated.push({ listId: range.listId, index, entry: buildStatusListEntry({ listUrl: range.listUrl, index, purpose: options.purpose }) });
    range.next += 1;
    if (range.next === range.end) ranges.shift();
  }
  return allocated;
}

/** Up to `count` positions of the issuer's open list (fewer when it fills up), opening one when there is none. */
async function takePositions(ctx: StatusListDeps, options: { issuerId: string; purpose: StatusPurpose }, count: number): Promise<TakenPositions> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const taken = await takeStatusPositions(ctx.db, options.issuerId, options.purpose, count);
    if (taken) {
      return {
        listId: taken.id,
        listUrl: ctx.publicUrls.statusList(taken.id),
        key: Buffer.from(taken.permutation_key, 'base64url'),
        size: taken.size,
        next: taken.first,
        end: taken.first + taken.taken,
      };
    }
    await openStatusList(ctx.db, {
      id: randomUUID(),
      issuer_id: options.issuerId,
      purpose: options.purpose,
      size: STATUS_LIST_SIZE,
      permutation_key: randomBytes(32).toString('base64url'),
    });
  }
  throw new Error('No open status list right after opening one');
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

