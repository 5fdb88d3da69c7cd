import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { TooManyRequestsError } from '../errors.js';
import { sendProblem } from './problem.js';

/**
 * At most `perMinute` requests a minute from one client address (behind a proxy, see MOBICRED_TRUST_PROXY);
 * past it, a problem+json 429, or `answer` for endpoints with a protocol's own error format.
 */
export function perClientRateLimit(options: { perMinute: number; answer?: (req: Request, res: Response) => void }): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: options.perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: options.answer ?? ((req, res) => sendProblem(res, new TooManyRequestsError(), req.originalUrl)),
  });
}

/** Failures counted per client: whatever names one (an address, a presented key's prefix). */
export interface FailureLimiter {
  /** Whether this client has failed too often in the current minute. */
  isBlocked(client: string): boolean;
  recordFailure(client: string): void;
}

/**
 * Counts failures only, once they happened: an honest client sending many requests at once is never
 * limited (a limiter that counts requests in flight would refuse it), a client guessing keys is.
 */
export function failuresPerMinute(limit: number, now: () => number = Date.now): FailureLimiter {
  const windows = new Map<string, { start: number; failures: number }>();
  const current = (client: string) => {
    const window = windows.get(client);
    return window && now() - window.start < 60_000 ? window : undefined;
  };
  return {
    isBlocked: (client) => (current(client)?.failures ?? 0) >= limit,
    recordFailure(client) {
      const window = current(client) ?? { start: now(), failures: 0 };
      window.failures += 1;
      windows.set(client, window);
      // Forget finished windows now and then, so that the map holds only this minute's clients.
      if (windows.size > 10_000) for (const [key, value] of windows) if (now() - value.start >= 60_000) windows.delete(key);
    },
  };
}
