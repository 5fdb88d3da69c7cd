import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** One-time links are their secret: the segment after /claim/ or /endorse/ (routes match any case, and an absolute URL). */
const SECRET_PATH_SEGMENT = /^((?:[a-z][a-z0-9+.-]*:\/\/[^/?#]*)?\/(?:claim|endorse)\/)[^/?#]+/i;
/** Query parameters that carry a secret: pre-authorized codes, tokens (RFC 6750 allows access_token), nonces, offers. */
const SECRET_PARAMETER = /token|code|secret|nonce|credential_offer|password|api_?key/i;
const REDACTED = '[redacted]';

/**
 * One structured log line per request once its response is sent (or its client has gone), under a request
 * id that the response carries as X-Request-Id: the caller's own when well formed, else a new one. Not
 * pino-http: its child logger per request cost ~40 µs and ~11 KB of garbage a request (measured: about an
 * eighth of a verification by URL).
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    const started = performance.now();
    res.once('close', () => {
      const completed = res.writableFinished;
      const level = !completed ? 'warn' : res.statusCode >= 500 ? 'error' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        { req: { id, method: req.method, url: redactedUrl(req.originalUrl) }, res: { statusCode: res.statusCode }, responseTime: Math.round(performance.now() - started) },
        completed ? 'request completed' : 'request aborted',
      );
    });
    next();
  };
}

/**
 * The URL as it may be logged: the database keeps only hashes of claim and endorsement tokens and of
 * OpenID4VCI codes, so a log must not keep them in clear either.
 */
export function redactedUrl(url: string): string {
  const queryStart = url.indexOf('?');
  const path = (queryStart === -1 ? url : url.slice(0, queryStart)).replace(SECRET_PATH_SEGMENT, `$1${REDACTED}`);
  if (queryStart === -1) return path;
  const query = url
    .slice(queryStart + 1)
    .split('&')
    .map((parameter) => {
      const name = parameter.split('=', 1)[0]!;
      return SECRET_PARAMETER.test(decodedOrAsIs(name)) ? `${name}=${REDACTED}` : parameter;
    });
  return `${path}?${query.join('&')}`;
}

function decodedOrAsIs(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

/** The id under which a request is logged. */
export function requestIdOf(res: Response): string {
  return String(res.getHeader('X-Request-Id'));
}
