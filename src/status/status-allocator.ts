import { randomBytes, randomUUID } from 'node:crypto';
import { buildStatusListEntry, permuteStatusIndex, STATUS_LIST_SIZE, type StatusPurpose } from '../domain/bitstring-status-list.js';
import type { JsonObject } from '../domain/open-badges.js';
import type { PublicUrls } from '../domain/public-urls.js';
import type { Db } from '../storage/database.js';
import { openStatusList, takeStatusPositions } from '../storage/status-repository.js';

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

export interface StatusAllocator {
  /**
   * Hands out `count` fresh status indexes for credentials about to be signed, opening a new list when the
   * open one fills up. Only the list's position counter moves here (one statement for many positions); each
   * entry row is written with its credential. An index handed out for a credential that is then never stored
   * stays unused: indexes are never handed out twice, in this process or any other.
   */
  allocate(options: { issuerId: string; purpose: StatusPurpose; count: number }): Promise<AllocatedStatus[]>;
}

/** One per process (built by the composition root): it holds the positions taken ahead. */
export function createStatusAllocator(deps: { db: Db; publicUrls: PublicUrls }): StatusAllocator {
  /** Positions taken and not yet handed out, per issuer and purpose, oldest first. */
  const takenAhead = new Map<string, TakenPositions[]>();
  return {
    async allocate(options) {
      const listKey = `${options.issuerId} ${options.purpose}`;
      let ranges = takenAhead.get(listKey);
      if (!ranges) takenAhead.set(listKey, (ranges = []));
      const allocated: AllocatedStatus[] = [];
      while (allocated.length < options.count) {
        const range = ranges[0];
        if (!range) {
          ranges.push(await takePositions(deps, options, options.count - allocated.length + POSITIONS_TAKEN_AHEAD));
          continue;
        }
        const index = permuteStatusIndex({ position: range.next, key: range.key, size: range.size });
        allocated.push({ listId: range.listId, index, entry: buildStatusListEntry({ listUrl: range.listUrl, index, purpose: options.purpose }) });
        range.next += 1;
        if (range.next === range.end) ranges.shift();
      }
      return allocated;
    },
  };
}

/** Up to `count` positions of the issuer's open list (fewer when it fills up), opening one when there is none. */
async function takePositions(deps: { db: Db; publicUrls: PublicUrls }, options: { issuerId: string; purpose: StatusPurpose }, count: number): Promise<TakenPositions> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const taken = await takeStatusPositions(deps.db, options.issuerId, options.purpose, count);
    if (taken) {
      return {
        listId: taken.id,
        listUrl: deps.publicUrls.statusList(taken.id),
        key: Buffer.from(taken.permutation_key, 'base64url'),
        size: taken.size,
        next: taken.first,
        end: taken.first + taken.taken,
      };
    }
    await openStatusList(deps.db, {
      id: randomUUID(),
      issuer_id: options.issuerId,
      purpose: options.purpose,
      size: STATUS_LIST_SIZE,
      permutation_key: randomBytes(32).toString('base64url'),
    });
  }
  throw new Error('No open status list right after opening one');
}
