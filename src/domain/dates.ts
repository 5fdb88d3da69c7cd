/**
 * A date as people read it in a language (a BCP 47 tag), on the calendar of UTC, where the service keeps its
 * days: "5 June 2026", "5 juin 2026". French writes the first of the month "1er", which Intl does not.
 */
export function readableDate(date: Date, locale: string, options: { style?: 'long' | 'medium'; withTime?: boolean } = {}): string {
  const format = new Intl.DateTimeFormat(locale, { dateStyle: options.style ?? 'long', ...(options.withTime ? { timeStyle: 'short' } : {}), timeZone: 'UTC' });
  const french = format.resolvedOptions().locale.split('-')[0] === 'fr';
  return format
    .formatToParts(date)
    .map((part) => (french && part.type === 'day' && part.value === '1' ? '1er' : part.value))
    .join('');
}

/** A day (YYYY-MM-DD) or an instant (ISO 8601), as a Date. */
export function dayOrInstant(value: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
}
