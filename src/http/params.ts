import type { Request } from 'express';
import { isUuid } from '../domain/uuid.js';
import { NotFoundError, ValidationError } from '../errors.js';

/** The `:id` of a route: a UUID, or a 404 (anything else names nothing and must not reach a uuid column). */
export function uuidParam(req: Request, what: string): string {
  return uuidOf(String(req.params.id), what);
}

/** An id a client sent (a path segment, a form field): a UUID, or a 404. */
export function uuidOf(id: string, what: string): string {
  if (!isUuid(id)) throw new NotFoundError(`${what} ${id.slice(0, 64)}`);
  return id.toLowerCase();
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** The `:slug` of a route: an issuer's URL name, or a 404 (anything else names no issuer). */
export function slugParam(req: Request): string {
  const slug = String(req.params.slug);
  if (!SLUG.test(slug)) throw new NotFoundError(`Issuer ${slug.slice(0, 64)}`);
  return slug;
}

const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The `:token` of a one-time link (32 random bytes, base64url), or a 404: anything else names no link. */
export function tokenParam(req: Request, what: string): string {
  const token = String(req.params.token);
  if (!LINK_TOKEN.test(token)) throw new NotFoundError(what);
  return token;
}

/** A list's paging and school query parameters (`issuerId`, `limit` 1–500, default 50, `after`), or a 400. */
export function pageQuery(req: Request): { issuerId?: string; limit: number; after?: string } {
  const query = req.query as Record<string, unknown>;
  const issuerId = typeof query.issuerId === 'string' ? query.issuerId : undefined;
  if (issuerId !== undefined && !isUuid(issuerId)) throw new ValidationError('issuerId must be a UUID', [{ field: 'issuerId', message: 'must be a UUID' }]);
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new ValidationError('limit must be an integer from 1 to 500', [{ field: 'limit', message: 'must be an integer from 1 to 500' }]);
  const after = typeof query.after === 'string' ? query.after : undefined;
  return { ...(issuerId ? { issuerId } : {}), limit, ...(after ? { after } : {}) };
}
