import { describe, expect, it } from 'vitest';
import { complementarySuppression, type CellSum } from '../../src/domain/cell-suppression.js';

/**
 * A profession-year as the statistics have it: cell 0 the total, then each element, then each element's
 * institutions (the leaves). Values are counts; `people` decides which counts are small.
 */
interface Table {
  values: number[];
  people: number[];
  sums: CellSum[];
  /** Each cell's leaves: a total is the sum of its leaves' counts. */
  leaves: number[][];
}

function table(elements: number[][]): Table {
  const values = [0];
  const people = [0];
  const leaves: number[][] = [[]];
  const sums: CellSum[] = [{ total: 0, parts: [] }];
  for (const institutions of elements) {
    const element = values.push(0) - 1;
    people.push(0);
    leaves.push([]);
    (sums[0]!.parts as number[]).push(element);
    const parts: number[] = [];
    for (const count of institutions) {
      const leaf = values.push(count) - 1;
      people.push(count);
      leaves.push([leaf]);
      parts.push(leaf);
      leaves[element]!.push(leaf);
      leaves[0]!.push(leaf);
      values[element]! += count;
      values[0]! += count;
      people[element]! += count;
      people[0]! += count;
    }
    if (parts.length > 0) sums.push({ total: element, parts });
  }
  return { values, people, sums, leaves };
}

const small = ({ people }: Table) => people.flatMap((count, cell) => (count > 0 && count < 5 ? [cell] : []));

/**
 * The oracle, by enumeration rather than elimination: a hidden cell can be worked out exactly when no change to
 * the hidden leaves keeps every shown count as it is and changes that cell. Sums of leaves form a totally
 * unimodular system, so if such a change exists, one with every leaf moved by −1, 0 or +1 does.
 */
function canBeWorkedOut(t: Table, hidden: ReadonlySet<number>, cell: number): boolean {
  const free = t.leaves[0]!.filter((leaf) => hidden.has(leaf));
  const moved = (change: Map<number, number>, of: number) => t.leaves[of]!.reduce((sum, leaf) => sum + (change.get(leaf) ?? 0), 0);
  for (let code = 0; code < 3 ** free.length; code += 1) {
    const change = new Map(free.map((leaf, index) => [leaf, (Math.floor(code / 3 ** index) % 3) - 1]));
    const shownKept = t.values.every((_, other) => hidden.has(other) || moved(change, other) === 0);
    if (shownKept && moved(change, cell) !== 0) return false;
  }
  return true;
}

/** A small random generator with a seed, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('complementary suppression of small counts', () => {
  it('when one element’s count is small and the total and the other elements are shown, then the total is hidden, not a larger element', () => {
    // The pathway statistics' own case: 5 completions of a course, 3 of a placement, none of a francisation.
    const t = table([[5], [3], []]);
    expect(canBeWorkedOut(t, new Set(small(t)), 3)).toBe(true);
    const hidden = complementarySuppression(t.values, small(t), t.sums);
    expect([...hidden].sort()).toEqual([0, 3, 4]);
    expect(canBeWorkedOut(t, hidden, 3)).toBe(false);
  });

  it('when two institutions complete an element and one is small, then the other is hidden too, and the totals stay shown', () => {
    const t = table([[9, 2], [12]]);
    const hidden = complementarySuppression(t.values, small(t), t.sums);
    expect([...hidden].sort()).toEqual([2, 3]);
  });

  it('when nothing is small, then nothing is hidden', () => {
    const t = table([[5, 6], [7], []]);
    expect(complementarySuppression(t.values, small(t), t.sums)).toEqual(new Set());
  });

  it('when 2,000 random tables are protected, then every small count is hidden, none can be worked out from what is shown, and nothing is hidden that need not be', () => {
    const next = random(20_261_202);
    for (let round = 0; round < 2_000; round += 1) {
      const elements = Array.from({ length: 1 + Math.floor(next() * 3) }, () => Array.from({ length: Math.floor(next() * 4) }, () => 1 + Math.floor(next() * 9)));
      const t = table(elements);
      if (t.leaves[0]!.length > 8) continue;
      const primary = small(t);
      const hidden = complementarySuppression(t.values, primary, t.sums);
      // Nothing more is hidden where the small counts already protect each other.
      if (primary.every((cell) => !canBeWorkedOut(t, new Set(primary), cell))) expect(hidden, JSON.stringify(elements)).toEqual(new Set(primary));
      for (const cell of primary) {
        expect(hidden.has(cell), JSON.stringify(elements)).toBe(true);
        expect(canBeWorkedOut(t, hidden, cell), `${JSON.stringify(elements)}: cell ${cell} of ${JSON.stringify([...hidden])}`).toBe(false);
      }
    }
  });

  it('when several profession-years are protected together, then each gets what it gets alone (no sum crosses them)', () => {
    const next = random(7);
    const tables = Array.from({ length: 6 }, () => table(Array.from({ length: 1 + Math.floor(next() * 4) }, () => Array.from({ length: Math.floor(next() * 4) }, () => 1 + Math.floor(next() * 9)))));
    const offsets = tables.map((_, index) => tables.slice(0, index).reduce((sum, t) => sum + t.values.length, 0));
    const shift = (t: Table, offset: number) => ({
      values: t.values,
      small: small(t).map((cell) => cell + offset),
      sums: t.sums.map((sum) => ({ total: sum.total + offset, parts: sum.parts.map((part) => part + offset) })),
    });
    const shifted = tables.map((t, index) => shift(t, offsets[index]!));
    const together = complementarySuppression(shifted.flatMap((t) => t.values), shifted.flatMap((t) => t.small), shifted.flatMap((t) => t.sums));
    const apart = new Set(tables.flatMap((t, index) => [...complementarySuppression(t.values, small(t), t.sums)].map((cell) => cell + offsets[index]!)));
    expect([...together].sort((a, b) => a - b)).toEqual([...apart].sort((a, b) => a - b));
  });
});
