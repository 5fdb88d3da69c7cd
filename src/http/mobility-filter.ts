import { MOBILITY_STATES, PROGRAMMES, STAY_PROGRESS, type MobilityState, type Programme, type StayProgress } from '../domain/mobility.js';
import { ValidationError } from '../errors.js';
import type { MobilityFilter } from '../services/mobilities.js';

/** The filters of `GET /v1/mobilities` (and the console's list of stays), each checked, or a 400 naming the parameter. */
export function mobilityFilter(query: Record<string, unknown>): Omit<MobilityFilter, 'issuerId'> {
  const text = (name: string) => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new ValidationError(`${name} must be given once`, [{ field: name, message: 'must be given once' }]);
    return value;
  };
  const refuse = (name: string, message: string) => {
    throw new ValidationError(`${name} ${message}`, [{ field: name, message }]);
  };
  const [q, year, programme, country, state, progress, group] = ['q', 'year', 'programme', 'country', 'state', 'progress', 'class'].map(text);
  if (q !== undefined && (q.length < 1 || q.length > 200)) refuse('q', 'must be 1 to 200 characters');
  if (year !== undefined && !/^(19|20|21)[0-9]{2}$/.test(year)) refuse('year', 'must be a year such as 2026');
  if (programme !== undefined && !(PROGRAMMES as readonly string[]).includes(programme)) refuse('programme', `must be one of ${PROGRAMMES.join(', ')}`);
  if (country !== undefined && !/^[A-Z]{2}$/.test(country)) refuse('country', 'must be an ISO 3166-1 alpha-2 code such as ES');
  if (state !== undefined && !(MOBILITY_STATES as readonly string[]).includes(state)) refuse('state', `must be one of ${MOBILITY_STATES.join(', ')}`);
  if (progress !== undefined && !(STAY_PROGRESS as readonly string[]).includes(progress)) refuse('progress', `must be one of ${STAY_PROGRESS.join(', ')}`);
  if (group !== undefined && (group.length < 1 || group.length > 200)) refuse('class', 'must be 1 to 200 characters');
  return {
    ...(q !== undefined ? { q } : {}),
    ...(year !== undefined ? { year: Number(year) } : {}),
    ...(programme !== undefined ? { programme: programme as Programme } : {}),
    ...(country !== undefined ? { country } : {}),
    ...(state !== undefined ? { state: state as MobilityState } : {}),
    ...(progress !== undefined ? { progress: progress as StayProgress } : {}),
    ...(group !== undefined ? { class: group } : {}),
  };
}
