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
 * Rows kept in memory between requests, served for as long as the change generation has not moved: as
 * strict as reading the database each time (a change committed before a request asked is always seen), for
 * one small shared query instead of the reads themselves. A row not found is never kept. At most
 * `maxEntries` rows, the least recently used going first.
 */
export class FreshCache<T> {
  readonly #entries = new Map<string, T>();
  #generation = -1n;

  constructor(
    private readonly currentGeneration: () => Promise<bigint>,
    private readonly maxEntries: number,
  ) {}

  async read(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const generation = await this.currentGeneration();
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
