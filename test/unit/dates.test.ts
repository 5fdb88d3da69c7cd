import { describe, expect, it } from 'vitest';
import { dayOrInstant, readableDate } from '../../src/domain/dates.js';

describe('dates as people read them', () => {
  it('when a French date is the first of the month, then it reads "1er", and no other day changes', () => {
    expect(readableDate(dayOrInstant('2027-01-01'), 'fr-FR')).toBe('1er janvier 2027');
    expect(readableDate(dayOrInstant('2027-01-01'), 'fr-CA')).toBe('1er janvier 2027');
    expect(readableDate(dayOrInstant('2027-01-01'), 'fr-FR', { style: 'medium' })).toBe('1er janv. 2027');
    expect(readableDate(new Date('2027-03-01T10:05:00Z'), 'fr-FR', { withTime: true })).toBe('1er mars 2027 à 10:05');
    expect(readableDate(dayOrInstant('2027-01-11'), 'fr-FR')).toBe('11 janvier 2027');
    expect(readableDate(dayOrInstant('2027-01-21'), 'fr-FR')).toBe('21 janvier 2027');
    expect(readableDate(dayOrInstant('2027-01-01'), 'en-GB')).toBe('1 January 2027');
    expect(readableDate(dayOrInstant('2027-01-01'), 'es-ES')).toBe('1 de enero de 2027');
  });

  it('when a day is read, then it is that day in UTC wherever the service runs; an instant keeps its time', () => {
    expect(dayOrInstant('2026-05-04').toISOString()).toBe('2026-05-04T00:00:00.000Z');
    expect(dayOrInstant('2026-05-04T23:30:00+02:00').toISOString()).toBe('2026-05-04T21:30:00.000Z');
  });
});
