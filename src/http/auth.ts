import type { RequestHandler } from 'express';
import type { ServiceContext } from '../services/context.js';
import { authenticateApiKey } from '../services/api-keys.js';
import { assertPermitted, type Actor, type Permission } from '../services/access.js';
import { UnauthorizedError } from '../errors.js';
import { TooManyRequestsError, type FailureLimiter } from './rate-limits.js';

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * Admin routes: a bearer API key, looked up by its hash (so no secret is ever compared as text). A client
 * that presented too many refused keys this minute is refused before its key is even looked at.
 */
export function requireApiKey(ctx: ServiceContext, failures: FailureLimiter): RequestHandler {
  return async (req, _res, next) => {
    const client = req.ip ?? 'unknown';
    if (failures.isBlocked(client)) throw new TooManyRequestsError();
    const match = BEARER.exec(req.get('Authorization') ?? '');
    const actor = match?.[1] && (await authenticateApiKey(ctx, match[1]));
    if (!actor) {
      failures.recordFailure(client);
      throw new UnauthorizedError();
    }
    req.actor = actor;
    next();
  };
}

/** The route's permission, checked against the key's role; which school is checked by the data queries. */
export function requires(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    assertPermitted(actorOf(req), permission);
    next();
  };
}

export function actorOf(req: { actor?: Actor }): Actor {
  if (!req.actor) throw new UnauthorizedError();
  return req.actor;
}
