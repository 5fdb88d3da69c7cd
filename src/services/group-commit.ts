/**
 * Group commit: items submitted while earlier ones are being handled wait, and are then handled together,
 * in one call of `handle`. Under no load an item is handled at once, alone (no timer, no added latency);
 * under load each call takes everything that queued meanwhile, so the per-call costs (a transaction, a
 * disk flush, a status-list lock) are shared by many items.
 *
 * `handle` returns one settled result per item, in order: one item's failure is that item's alone.
 */
type GroupHandler<I, O> = (items: I[]) => Promise<PromiseSettledResult<O>[]>;

export function groupCommit<I, O>(handle: GroupHandler<I, O>, options: { maxGroup: number; maxInFlight: number }): (item: I) => Promise<O> {
  const waiting: { item: I; resolve(value: O): void; reject(reason: unknown): void }[] = [];
  let inFlight = 0;

  function pump(): void {
    while (inFlight < options.maxInFlight && waiting.length > 0) {
      const group = waiting.splice(0, options.maxGroup);
      inFlight += 1;
      new Promise<PromiseSettledResult<O>[]>((resolve) => resolve(handle(group.map((entry) => entry.item))))
        .catch((error: unknown) => group.map((): PromiseSettledResult<O> => ({ status: 'rejected', reason: error })))
        .then((results) => {
          // The next group starts before this one's callers resume.
          inFlight -= 1;
          pump();
          group.forEach((entry, index) => settle(entry, results[index]));
        });
    }
  }

  function settle(entry: (typeof waiting)[number], result: PromiseSettledResult<O> | undefined): void {
    if (result?.status === 'fulfilled') entry.resolve(result.value);
    else entry.reject(result ? result.reason : new Error('group handler returned no result for an item'));
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      pump();
    });
}
