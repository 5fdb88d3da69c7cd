/**
 * Returns the row `find` finds, or inserts it (an insert that does nothing on conflict) and finds it: when a
 * concurrent caller inserts first, both get the same row.
 */
export async function findOrInsert<T>(find: () => Promise<T | undefined>, insertIgnoringConflict: () => Promise<unknown>): Promise<T> {
  const existing = await find();
  if (existing) return existing;
  await insertIgnoringConflict();
  const inserted = await find();
  if (!inserted) throw new Error('The row inserted on conflict cannot be found');
  return inserted;
}
