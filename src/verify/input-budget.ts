/**
 * How much work a submitted credential may cause, decided before any of it starts. JSON-LD expansion and
 * RDFC-1.0 canonicalization cost grows with a document's contexts and nodes far faster than with its bytes
 * (2,000 inline contexts in 70 kB once took a proof thread past its heap), so a document is measured by
 * what drives that cost. Real Open Badges carry two or three context URLs and a few hundred values; the
 * limits leave ample room for credentials with embedded endorsements.
 */
export const INPUT_BUDGET = {
  /** Nesting of objects and arrays. */
  maxDepth: 32,
  /** Every JSON value: objects, arrays, strings, numbers, booleans, nulls. */
  maxValues: 10_000,
  /** Entries of every `@context` in the document (URLs and inline objects), inline ones' own included. */
  maxContextEntries: 32,
  /** Characters of everything under `@context` keys together: URLs, and the keys and values of inline contexts. */
  maxContextCharacters: 16 * 1024,
} as const;

interface BudgetExcess {
  /** JSON Pointer to where the limit was passed. */
  field: string;
  message: string;
}

/**
 * Where a document passes the budget, or undefined within it. Walks iteratively, stopping at the first
 * excess: a hostile document costs no more to measure than the budget itself.
 */
export function budgetExcess(document: unknown): BudgetExcess | undefined {
  const stack: { value: unknown; pointer: string; depth: number; inContext: boolean }[] = [{ value: document, pointer: '', depth: 0, inContext: false }];
  let values = 0;
  let contextEntries = 0;
  let contextCharacters = 0;
  while (stack.length > 0) {
    const { value, pointer, depth, inContext } = stack.pop()!;
    values += 1;
    if (values > INPUT_BUDGET.maxValues) return { field: pointer || '/', message: `holds more than ${INPUT_BUDGET.maxValues} values` };
    if (inContext) {
      contextCharacters += (typeof value === 'string' ? value.length : 1) + pointer.length - pointer.lastIndexOf('/');
      if (contextCharacters > INPUT_BUDGET.maxContextCharacters) {
        return { field: pointer, message: `brings the document's contexts past ${INPUT_BUDGET.maxContextCharacters} characters` };
      }
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= INPUT_BUDGET.maxDepth) return { field: pointer, message: `is nested deeper than ${INPUT_BUDGET.maxDepth} levels` };
    const isArray = Array.isArray(value);
    const entries: [string, unknown][] = isArray ? value.map((item, index) => [String(index), item]) : Object.entries(value);
    for (const [key, item] of entries) {
      const itemPointer = `${pointer}/${escapePointer(key)}`;
      const isContext = key === '@context' && !isArray;
      if (isContext) {
        contextEntries += Array.isArray(item) ? item.length : 1;
        if (contextEntries > INPUT_BUDGET.maxContextEntries) {
          return { field: itemPointer, message: `brings the document's @context entries past ${INPUT_BUDGET.maxContextEntries}` };
        }
      }
      stack.push({ value: item, pointer: itemPointer, depth: depth + 1, inContext: inContext || isContext });
    }
  }
  return undefined;
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
