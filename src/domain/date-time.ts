/** XML Schema dateTime in UTC to the second: the form VC validFrom/validUntil and JWT nbf/exp agree on. */
export function toXsdDateTime(value: string | Date): string {
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}
