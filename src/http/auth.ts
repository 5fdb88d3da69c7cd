import { createHash, timingSafeEqual } from 'node:crypto';
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

/**
 * A route for one fixed secret (the metrics scraper's token), compared in constant time: as digests, so
 * that neither the length nor the content of the secret shows in how long a refusal takes.
 */
export function requireBearerToken(token: string): RequestHandler {
  const expected = createHash('sha256').update(token).digest();
  return (req, _res, next) => {
    const presented = createHash('sha256').update(BEARER.exec(req.get('Authorization') ?? '')?.[1] ?? '').digest();
    if (!timingSafeEqual(presented, expected)) throw new UnauthorizedError('This route needs its bearer token: send "Authorization: Bearer <MOBICRED_METRICS_TOKEN>"');
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
