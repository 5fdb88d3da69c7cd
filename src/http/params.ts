import type { Request } from 'express';
import { isUuid } from '../domain/uuid.js';
import { NotFoundError } from '../errors.js';

/** The `:id` of a route: a UUID, or a 404 (anything else names nothing and must not reach a uuid column). */
export function uuidParam(req: Request, what: string): string {
  const id = String(req.params.id);
  if (!isUuid(id)) throw new NotFoundError(`${what} ${id}`);
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
