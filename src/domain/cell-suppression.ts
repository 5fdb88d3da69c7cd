/**
 * Complementary suppression for tables of counts with totals: hiding a small count is not enough when a total
 * and the other counts it adds up are shown — the small one is their difference. Cells are numbered; each
 * `CellSum` says that one cell is the sum of others.
 */
export interface CellSum {
  total: number;
  parts: readonly number[];
}

/**
 * The cells to hide: every cell in `small` (hidden for the few people it counts) and, added one at a time, the
 * shown cells that keep each of them from being worked out by adding and subtracting what is shown. Each time,
 * the smallest count that is enough on its own is chosen (a total only if no part is), else the smallest.
 */
export function complementarySuppression(values: readonly number[], small: Iterable<number>, sums: readonly CellSum[]): Set<number> {
  const hidden = new Set(small);
  // Tables that share no sum are protected apart: the same result, and the work grows with one table, not all.
  for (const table of separateTables(sums)) {
    const primary = [...hidden].filter((cell) => table.cells.has(cell));
    for (;;) {
      const exposed = primary.find((cell) => isDetermined(cell, hidden, table.sums));
      if (exposed === undefined) break;
      const candidates = shownCellsBeside(exposed, hidden, table.sums);
      if (candidates.length === 0) break;
      candidates.sort((a, b) => Number(values[a] === 0) - Number(values[b] === 0) || values[a]! - values[b]! || a - b);
      hidden.add(candidates.find((cell) => !isDetermined(exposed, new Set([...hidden, cell]), table.sums)) ?? candidates[0]!);
    }
  }
  return hidden;
}

/** The sums grouped by the cells they share (connected components): each group is a table of its own. */
function separateTables(sums: readonly CellSum[]): { sums: CellSum[]; cells: Set<number> }[] {
  const parent = new Map<number, number>();
  const root = (cell: number): number => {
    let top = cell;
    while (parent.has(top) && parent.get(top) !== top) top = parent.get(top)!;
    parent.set(cell, top);
    return top;
  };
  for (const sum of sums) for (const part of sum.parts) parent.set(root(part), root(sum.total));
  const tables = new Map<number, { sums: CellSum[]; cells: Set<number> }>();
  for (const sum of sums) {
    const table = tables.get(root(sum.total)) ?? { sums: [], cells: new Set<number>() };
    table.sums.push(sum);
    for (const cell of [sum.total, ...sum.parts]) table.cells.add(cell);
    tables.set(root(sum.total), table);
  }
  return [...tables.values()];
}

/** The shown cells of the sums that involve `cell`, or, if it has none left, of every sum. */
function shownCellsBeside(cell: number, hidden: ReadonlySet<number>, sums: readonly CellSum[]): number[] {
  const cellsOf = (sum: CellSum) => [sum.total, ...sum.parts];
  const shown = (involved: readonly CellSum[]) => [...new Set(involved.flatMap(cellsOf))].filter((other) => !hidden.has(other));
  const near = shown(sums.filter((sum) => cellsOf(sum).includes(cell)));
  return near.length > 0 ? near : shown(sums);
}

const EPSILON = 1e-9;

/**
 * Whether the shown cells fix a hidden cell's value: each sum is a linear equation in the hidden cells (the
 * shown ones are constants), and the cell is determined exactly when its unit vector is in the span of the
 * equations — in reduced row echelon form, when one row is that unit vector.
 */
function isDetermined(cell: number, hidden: ReadonlySet<number>, sums: readonly CellSum[]): boolean {
  const columns = new Map<number, number>();
  const column = (hiddenCell: number) => columns.get(hiddenCell) ?? columns.set(hiddenCell, columns.size).get(hiddenCell)!;
  const equations = sums.map((sum) => {
    const coefficients = new Map<number, number>();
    const add = (member: number, coefficient: number) => {
      if (hidden.has(member)) coefficients.set(column(member), (coefficients.get(column(member)) ?? 0) + coefficient);
    };
    add(sum.total, 1);
    for (const part of sum.parts) add(part, -1);
    return coefficients;
  });
  if (!columns.has(cell)) return false;
  const rows = equations.map((coefficients) => Array.from({ length: columns.size }, (_, index) => coefficients.get(index) ?? 0));
  const target = columns.get(cell)!;
  let pivotRow = 0;
  for (let col = 0; col < columns.size && pivotRow < rows.length; col += 1) {
    const found = rows.findIndex((row, index) => index >= pivotRow && Math.abs(row[col]!) > EPSILON);
    if (found < 0) continue;
    [rows[pivotRow], rows[found]] = [rows[found]!, rows[pivotRow]!];
    const pivot = rows[pivotRow]!;
    const scale = pivot[col]!;
    for (let index = 0; index < pivot.length; index += 1) pivot[index]! /= scale;
    for (const [index, row] of rows.entries()) {
      if (index === pivotRow || Math.abs(row[col]!) <= EPSILON) continue;
      const factor = row[col]!;
      for (let entry = 0; entry < row.length; entry += 1) row[entry]! -= factor * pivot[entry]!;
    }
    pivotRow += 1;
  }
  return rows.some((row) => row.every((value, index) => (index === target ? Math.abs(value - 1) <= EPSILON : Math.abs(value) <= EPSILON)));
}
