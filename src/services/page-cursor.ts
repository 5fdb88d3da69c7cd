import { isUuid } from '../domain/uuid.js';
import { ValidationError } from '../errors.js';

/**
 * The `next` cursor of a list that is newest first (keyset pagination on created_at, id): the position of a
 * page's last row, opaque to clients.
 */
const PAGE_CURSOR = /^[A-Za-z0-9_-]{1,200}$/;

export function encodePageCursor(last: { created_at: Date; id: string }): string {
  return Buffer.from(JSON.stringify([last.created_at.toISOString(), last.id])).toString('base64url');
}

export function decodePageCursor(cursor: string): { createdAt: Date; id: string } {
  const invalid = new ValidationError('after is not a cursor this service gave', [{ field: 'after', message: 'must be the "next" of a previous page' }]);
  if (!PAGE_CURSOR.test(cursor)) throw invalid;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    if (Number.isNaN(date.getTime()) || !isUuid(id)) throw invalid;
    return { createdAt: date, id };
  } catch {
    throw invalid;
  }
}
