import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError } from '../errors.js';
import { sendProblem } from './problem.js';

class TooManyRequestsError extends AppError {
  constructor() {
    super('too-many-requests', 429, 'Too many requests', 'Slow down: this endpoint is rate limited per client');
  }
}

/**
 * At most `perMinute` requests a minute from one client address (behind a proxy, see MOBICRED_TRUST_PROXY);
 * with `countOnlyStatus`, only responses with that status count, so that honest traffic is never limited.
 */
export function perClientRateLimit(options: { perMinute: number; countOnlyStatus?: number }): RequestHandler {
  const { countOnlyStatus } = options;
  return rateLimit({
    windowMs: 60_000,
    limit: options.perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(countOnlyStatus === undefined ? {} : { skipSuccessfulRequests: true, requestWasSuccessful: (_req, res) => res.statusCode !== countOnlyStatus }),
    handler: (req, res) => sendProblem(res, new TooManyRequestsError(), req.originalUrl),
  });
}
