const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every stored resource is named by a UUID; anything else names nothing and must not reach a uuid column. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
