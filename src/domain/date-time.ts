/** XML Schema dateTime in UTC to the second: the form VC validFrom/validUntil and JWT nbf/exp agree on. */
export function toXsdDateTime(value: string | Date): string {
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
