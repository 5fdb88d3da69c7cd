import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../src/services/group-commit.js';

/** A handler that records each group it gets and completes it only when the test says so. */
function controlledHandler() {
  const groups: { items: number[]; finish(results?: PromiseSettledResult<string>[]): void; fail(error: Error): void }[] = [];
  const handle = (items: number[]) =>
    new Promise<PromiseSettledResult<string>[]>((resolve, reject) => {
      groups.push({
        items,
        finish: (results) => resolve(results ?? items.map((item) => ({ status: 'fulfilled', value: `done ${item}` }))),
        fail: reject,
      });
    });
  return { handle, groups };
}

const settled = <T>(promise: Promise<T>) => promise.then((value) => ({ value }), (error: Error) => ({ error: error.message }));

describe('group commit', () => {
  it('when nothing else is in hand, then an item is handled at once, alone', async () => {
    const { handle, groups } = controlledHandler();
    const submit = groupCommit(handle, { maxGroup: 10, maxInFlight: 1 });
    const result = submit(1);
    expect(groups.map((group) => group.items)).toEqual([[1]]);
    groups[0]!.finish();
    await expect(result).resolves.toBe('done 1');
  });

  it('when items arrive while groups are in flight, then they wait and are handled together, at most maxGroup at a time', async () => {
    const { handle, groups } = controlledHandler();
    const submit = groupCommit(handle, { maxGroup: 3, maxInFlight: 2 });
    const results = [1, 2, 3, 4, 5, 6, 7].map((item) => submit(item));
    // Two groups start at once (one item each); the rest wait for a free slot.
    expect(groups.map((group) => group.items)).toEqual([[1], [2]]);
    groups[0]!.finish();
    await results[0];
    expect(groups.map((group) => group.items)).toEqual([[1], [2], [3, 4, 5]]);
    groups[1]!.finish();
    await results[1];
    expect(groups.map((group) => group.items)).toEqual([[1], [2], [3, 4, 5], [6, 7]]);
    groups[2]!.finish();
    groups[3]!.finish();
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4, 5, 6, 7].map((item) => `done ${item}`));
  });

  it('when one item of a group fails, then only that item is rejected; when the whole handler fails, every item of its group is', async () => {
    const { handle, groups } = controlledHandler();
    const submit = groupCommit(handle, { maxGroup: 10, maxInFlight: 1 });
    const first = settled(submit(1));
    const together = [2, 3, 4].map((item) => settled(submit(item)));
    groups[0]!.finish();
    await first;
    groups[1]!.finish([
      { status: 'fulfilled', value: 'done 2' },
      { status: 'rejected', reason: new Error('duplicate 3') },
      { status: 'fulfilled', value: 'done 4' },
    ]);
    expect(await Promise.all(together)).toEqual([{ value: 'done 2' }, { error: 'duplicate 3' }, { value: 'done 4' }]);

    const blocker = settled(submit(5));
    const failing = [6, 7].map((item) => settled(submit(item)));
    groups[2]!.finish();
    await blocker;
    expect(groups[3]!.items).toEqual([6, 7]);
    groups[3]!.fail(new Error('database down'));
    expect(await Promise.all(failing)).toEqual([{ error: 'database down' }, { error: 'database down' }]);
    // The queue keeps working after a failed group.
    const after = submit(8);
    groups[4]!.finish();
    await expect(after).resolves.toBe('done 8');
  });
});
