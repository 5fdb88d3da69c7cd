import type { Db } from './database.js';

/**
 * The database's change generation (migration 0011), read by one query that every caller waiting at that
 * moment shares. A caller never joins a query already under way — its answer could predate the caller, and a
 * change committed just before the caller asked would be missed — but the next one, which starts when the
 * running one ends. So each caller gets a value read after it asked, and at most one such query runs at a time.
 */
export function changeGenerationReader(db: Db): () => Promise<bigint> {
  let running: Promise<bigint> | undefined;
  let next: Promise<bigint> | undefined;
  const start = (): Promise<bigint> => {
    const query = db
      .selectFrom('change_generation')
      .select('value')
      .executeTakeFirstOrThrow()
      .then((row) => BigInt(row.value));
    running = query;
    const ended = () => {
      if (running === query) running = undefined;
    };
    query.then(ended, ended);
    return query;
  };
  const startNext = () => {
    next = undefined;
    return start();
  };
  return () => {
    if (!running) return start();
    next ??= running.then(startNext, startNext);
    return next;
  };
}

/**
 * The change generation as of a moment: read by a query started after it. A request takes one when it
 * arrives and reads everything through it, so that it sees every change committed before it arrived, for one
 * shared query instead of one per read.
 */
export type ReadSnapshot = Promise<bigint>;

/** The latest of several snapshots: as fresh as each of them (a generation only moves forward). */
export async function latestSnapshot(snapshots: ReadSnapshot[]): ReadSnapshot {
  return (await Promise.all(snapshots)).reduce((latest, generation) => (generation > latest ? generation : latest));
}

/**
 * Rows kept in memory between requests, served for as long as the change generation has not moved: as
 * strict as reading the database each time (a change committed before a request asked is always seen), for
 * one small shared query instead of the reads themselves. A row not found is never kept. At most
 * `maxEntries` rows, the least recently used going first.
 */
export class FreshCache<T> {
  readonly #entries = new Map<string, T>();
  #generation = -1n;

  constructor(
    private readonly currentGeneration: () => ReadSnapshot,
    private readonly maxEntries: number,
  ) {}

  /**
   * The row as of `asOf` or later (by default a snapshot taken now). Rows kept under a later generation than
   * the snapshot's are fresher still and served; a row loaded for an older snapshot is not kept.
   */
  async read(key: string, load: () => Promise<T | undefined>, asOf: ReadSnapshot = this.currentGeneration()): Promise<T | undefined> {
    const generation = await asOf;
    if (generation > this.#generation) {
      this.#entries.clear();
      this.#generation = generation;
    }
    const kept = this.#entries.get(key);
    if (kept !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, kept);
      return kept;
    }
    const loaded = await load();
    // Read after `generation` was: kept only if no later read has seen the generation move since.
    if (loaded !== undefined && this.#generation === generation) {
      this.#entries.set(key, loaded);
      if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    }
    return loaded;
  }
}
