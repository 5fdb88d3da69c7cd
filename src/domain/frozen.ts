/** Values frozen by deepFreeze: nothing reachable from them can change. */
const frozenThroughout = new WeakSet<object>();

/** A value to be shared by readers that are not all ours: frozen through and through, so that none changes it for the next. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !frozenThroughout.has(value) && !ArrayBuffer.isView(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
    frozenThroughout.add(value);
  }
  return value;
}

/** Whether a value came out of deepFreeze: what is derived from its content alone may then be kept with it. */
export function isFrozenThroughout(value: object): boolean {
  return frozenThroughout.has(value);
}
