import { describe, expect, it } from 'vitest';
import { changeGenerationReader, FreshCache, latestSnapshot } from '../../src/storage/fresh-cache.js';
import type { Db } from '../../src/storage/database.js';

/** A database whose change_generation reads are answered by the test, one by one. */
function heldDatabase() {
  const reads: ((value: string) => void)[] = [];
  const db = {
    selectFrom: () => ({
      select: () => ({
        executeTakeFirstOrThrow: () => new Promise<{ value: string }>((resolve) => reads.push((value) => resolve({ value }))),
      }),
    }),
  } as unknown as Db;
  return { db, reads };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('change generation reader', () => {
  it('when callers ask while a read is under way, then they share one read started after it ended, never its answer', async () => {
    const { db, reads } = heldDatabase();
    const generation = changeGenerationReader(db);
    const first = generation();
    const waiting = [generation(), generation(), generation()];
    await flush();
    expect(reads).toHaveLength(1);
    reads[0]!('1'); // say a change commits right after this read: the callers who came later must see it
    expect(await first).toBe(1n);
    await flush();
    expect(reads).toHaveLength(2);
    reads[1]!('2');
    expect(await Promise.all(waiting)).toEqual([2n, 2n, 2n]);
    // Nothing under way: the next caller starts a read of its own.
    const alone = generation();
    await flush();
    expect(reads).toHaveLength(3);
    reads[2]!('2');
    expect(await alone).toBe(2n);
  });
});

describe('fresh cache', () => {
  const fixedGeneration = () => {
    const state = { value: 1n, reads: 0 };
    return { state, read: async () => (state.reads++, state.value) };
  };

  it('when the generation stays, then a row is read once; when it moves, then it is read again; a row not found is never kept', async () => {
    const { state, read } = fixedGeneration();
    const cache = new FreshCache<{ name: string }>(read, 10);
    let loads = 0;
    const load = async () => ({ name: `read ${++loads}` });
    expect(await cache.read('a', load)).toEqual({ name: 'read 1' });
    expect(await cache.read('a', load)).toEqual({ name: 'read 1' });
    state.value = 2n;
    expect(await cache.read('a', load)).toEqual({ name: 'read 2' });
    let misses = 0;
    const absent = async () => (misses++, undefined);
    await cache.read('b', absent);
    await cache.read('b', absent);
    expect(misses).toBe(2);
    expect(state.reads).toBe(5); // every read asks the generation
  });

  it('when a row read under an older generation arrives after a newer one was seen, then it is served but not kept', async () => {
    const { state, read } = fixedGeneration();
    const cache = new FreshCache<string>(read, 10);
    let finishSlowLoad!: (value: string) => void;
    const slow = cache.read('a', () => new Promise<string>((resolve) => (finishSlowLoad = resolve)));
    await flush();
    state.value = 2n;
    expect(await cache.read('other', async () => 'other row')).toBe('other row'); // this read sees generation 2
    finishSlowLoad('read before the change');
    expect(await slow).toBe('read before the change');
    expect(await cache.read('a', async () => 'read after the change')).toBe('read after the change');
  });

  it('when more rows are kept than allowed, then the least recently used goes first', async () => {
    const { read } = fixedGeneration();
    const cache = new FreshCache<string>(read, 2);
    const loaded: string[] = [];
    const load = (key: string) => async () => (loaded.push(key), key);
    await cache.read('a', load('a'));
    await cache.read('b', load('b'));
    await cache.read('a', load('a')); // a is now the most recently used
    await cache.read('c', load('c')); // b goes
    await cache.read('a', load('a'));
    await cache.read('b', load('b'));
    expect(loaded).toEqual(['a', 'b', 'c', 'b']);
  });

  it('when reads go through one snapshot, then the generation is read once for them all, and a change after the snapshot waits for the next one', async () => {
    const { state, read } = fixedGeneration();
    const cache = new FreshCache<string>(read, 10);
    const rows = new Map([['key', 'key v1'], ['achievement', 'achievement v1']]);
    const load = (key: string) => async () => rows.get(key);
    const request = read(); // what a request takes when it arrives
    expect(await cache.read('key', load('key'), request)).toBe('key v1');
    expect(await cache.read('achievement', load('achievement'), request)).toBe('achievement v1');
    expect(state.reads).toBe(1);
    // A change commits while that request goes on: it was not there when the request arrived.
    rows.set('achievement', 'achievement v2');
    state.value = 2n;
    expect(await cache.read('achievement', load('achievement'), request)).toBe('achievement v1');
    // The next request's snapshot sees it.
    expect(await cache.read('achievement', load('achievement'), read())).toBe('achievement v2');
  });

  it('when a snapshot is older than rows already kept, then those fresher rows serve it, and what it loads itself is not kept', async () => {
    const { state, read } = fixedGeneration();
    const cache = new FreshCache<string>(read, 10);
    const older = read(); // generation 1
    state.value = 2n;
    expect(await cache.read('a', async () => 'a at 2')).toBe('a at 2'); // kept under generation 2
    expect(await cache.read('a', async () => 'not read', older)).toBe('a at 2');
    expect(await cache.read('b', async () => 'b for the older snapshot', older)).toBe('b for the older snapshot');
    expect(await cache.read('b', async () => 'b at 2')).toBe('b at 2');
  });

  it('when snapshots are combined, then the latest generation among them is the one read through', async () => {
    expect(await latestSnapshot([Promise.resolve(3n), Promise.resolve(7n), Promise.resolve(5n)])).toBe(7n);
  });
});

