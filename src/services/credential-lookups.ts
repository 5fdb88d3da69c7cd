import type { Db } from '../storage/database.js';
import { addCredentialLookups } from '../storage/credential-lookups-repository.js';

/**
 * Counts look-ups of credentials' public pages and verifications, per credential and day (UTC), for their
 * learners' "who looked it up": only counts, nothing about who looked. Counted in memory and written in one
 * statement a few seconds later (or before anything reads or deletes them): writing each look-up would make
 * every request for a popular credential wait for the lock on the same row. Counts not yet written when the
 * process dies are lost (a few seconds' worth); a count that cannot be written is dropped, never the answer
 * it counts.
 */
export interface CredentialLookups {
  count(credentialId: string): void;
  /** Writes the counts held so far; resolves once they are in the database (or dropped). */
  flush(): Promise<void>;
}

export function createCredentialLookups(options: { db: Db; now: () => Date; flushAfterMs?: number; maxPending?: number }): CredentialLookups {
  const flushAfterMs = options.flushAfterMs ?? 5_000;
  const maxPending = options.maxPending ?? 10_000;
  // By day and credential id: one entry per row of credential_views the next write adds to.
  let pending = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  // One write at a time, each after the one before: flush() resolves once every count held when it was called
  // is written, and two writes never wait for each other's row locks.
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (pending.size === 0) return writing;
    // In key order, as every instance writes them: two instances' writes lock shared rows in the same order.
    const counts = [...pending]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, count]) => ({ day: key.slice(0, 10), credentialId: key.slice(11), count }));
    pending = new Map();
    writing = writing.then(() => addCredentialLookups(options.db, counts).catch(() => undefined));
    return writing;
  };

  return {
    count(credentialId) {
      const key = `${options.now().toISOString().slice(0, 10)} ${credentialId}`;
      pending.set(key, (pending.get(key) ?? 0) + 1);
      if (pending.size >= maxPending) void flush();
      else if (!timer) {
        timer = setTimeout(() => void flush(), flushAfterMs);
        timer.unref(); // never keeps a stopping process alive: the shutdown flushes
      }
    },
    flush,
  };
}
