import { describe, expect, it } from 'vitest';
import { concurrencyLimit } from '../../src/services/concurrency-limit.js';

describe('concurrency limit', () => {
  it('when more tasks come than the limit, then at most the limit run at once, the others start in order as places free, and failures free their place too', async () => {
    const limited = concurrencyLimit(2);
    const started: number[] = [];
    const finishers = new Map<number, { resolve(): void; reject(error: Error): void }>();
    const task = (n: number) => () =>
      new Promise<number>((resolve, reject) => {
        started.push(n);
        finishers.set(n, { resolve: () => resolve(n), reject });
      });
    const flush = () => new Promise((resolve) => setImmediate(resolve));
    const results = [1, 2, 3, 4, 5].map((n) => limited(task(n)).then((value) => value, (error: Error) => error.message));
    await flush();
    expect(started).toEqual([1, 2]);
    finishers.get(2)!.resolve();
    await flush();
    expect(started).toEqual([1, 2, 3]);
    finishers.get(1)!.reject(new Error('failed 1'));
    await flush();
    expect(started).toEqual([1, 2, 3, 4]);
    finishers.get(3)!.resolve();
    finishers.get(4)!.resolve();
    await flush();
    expect(started).toEqual([1, 2, 3, 4, 5]);
    finishers.get(5)!.resolve();
    expect(await Promise.all(results)).toEqual(['failed 1', 2, 3, 4, 5]);
    // Every place is free again.
    const later = [6, 7].map((n) => limited(task(n)));
    await flush();
    expect(started.slice(5)).toEqual([6, 7]);
    finishers.get(6)!.resolve();
    finishers.get(7)!.resolve();
    expect(await Promise.all(later)).toEqual([6, 7]);
  });
});
