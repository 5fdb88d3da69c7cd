import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { ServiceContext } from '../services/context.js';
import { authenticateApiKey } from '../services/api-keys.js';
import { assertPermitted, type Actor, type Permission } from '../services/access.js';
import { TooManyRequestsError, UnauthorizedError } from '../errors.js';
import type { FailureLimiter } from './rate-limits.js';

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;
/** `mbc_` and 8 characters: enough to tell the keys a guesser keeps trying apart, too little to help guess one. */
const COUNTED_PREFIX_LENGTH = 12;

/**
 * Admin routes: a bearer API key, looked up by its hash (so no secret is ever compared as text). The key is
 * checked first, so that a valid key always works, whatever others sent from the same address; only refusals
 * are counted, per client address and per presented key prefix, and past the limit they are answered 429.
 */
export function requireApiKey(ctx: ServiceContext, failures: FailureLimiter): RequestHandler {
  return async (req, _res, next) => {
    const presented = BEARER.exec(req.get('Authorization') ?? '')?.[1];
    const actor = presented && (await authenticateApiKey(ctx, presented));
    if (actor) {
      req.actor = actor;
      next();
      return;
    }
    const counted = [`address ${req.ip ?? 'unknown'}`, ...(presented ? [`key ${presented.slice(0, COUNTED_PREFIX_LENGTH)}`] : [])];
    if (counted.some((client) => failures.isBlocked(client))) throw new TooManyRequestsError();
    for (const client of counted) failures.recordFailure(client);
    throw new UnauthorizedError();
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
