import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import {
  AppError,
  isDatabaseUnavailable,
  MalformedRequestError,
  NotFoundError,
  PayloadTooLargeError,
  PROBLEM_TYPE_BASE,
  ServiceUnavailableError,
  UnsupportedMediaTypeError,
} from '../errors.js';
import { REFUSED_IN_JSON } from './submission.js';
import { redactedUrl, requestIdOf } from './request-log.js';

const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** How long a client is asked to wait when the database cannot be reached: about a pool's reconnection. */
const RETRY_AFTER_SECONDS = 5;

/** RFC 9457 body for an AppError; never a stack trace, never the wrapped library error. */
export function sendProblem(res: Response, error: AppError, instance: string): void {
  if (error.retryAfterSeconds !== undefined) res.set('Retry-After', String(error.retryAfterSeconds));
  res
    .status(error.status)
    .type(PROBLEM_MEDIA_TYPE)
    .send(
      JSON.stringify({
        type: PROBLEM_TYPE_BASE + error.code,
        title: error.title,
        status: error.status,
        detail: error.message,
        instance,
        ...(error.field === undefined ? {} : { field: error.field }),
        ...(error.errors.length === 0 ? {} : { errors: error.errors }),
        ...error.extensions,
        requestId: requestIdOf(res),
      }),
    );
}

export const notFoundHandler: RequestHandler = (req) => {
  throw new NotFoundError(`${req.method} ${req.path}`);
};

/**
 * Maps body-parser failures to client errors and an unreachable database to 503; anything unknown is logged and
 * answered as a bare 500.
 */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError = error instanceof AppError ? error : fromBodyParser(error);
    if (appError) {
      sendProblem(res, appError, req.originalUrl);
      return;
    }
    const requestId = requestIdOf(res);
    if (isDatabaseUnavailable(error)) {
      logger.warn({ err: error, req: { id: requestId, method: req.method, url: redactedUrl(req.originalUrl) } }, 'database unavailable');
      sendProblem(res, new ServiceUnavailableError(RETRY_AFTER_SECONDS), req.originalUrl);
      return;
    }
    logger.error({ err: error, req: { id: requestId, method: req.method, url: redactedUrl(req.originalUrl) } }, 'unhandled error');
    res.status(500).type(PROBLEM_MEDIA_TYPE).send(
      JSON.stringify({
        type: PROBLEM_TYPE_BASE + 'internal-error',
        title: 'Internal error',
        status: 500,
        detail: 'The service failed to handle this request; it has been logged under the request id',
        instance: req.originalUrl,
        requestId,
      }),
    );
  };
}

/** Errors raised by Express and body-parser for a client's mistake (http-errors with a 4xx status). */
export function fromBodyParser(error: { type?: string; limit?: number; message?: string; status?: number; expose?: boolean }): AppError | undefined {
  switch (error?.type) {
    case 'entity.parse.failed':
      return new MalformedRequestError(error.message?.startsWith(REFUSED_IN_JSON) ? error.message : 'The body is not valid JSON');
    case 'entity.too.large':
      return new PayloadTooLargeError(`${error.limit} bytes`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError('UTF-8 JSON');
    case 'request.aborted':
      return new MalformedRequestError('The request was aborted');
    default:
      // e.g. a path with malformed percent-encoding, which the router cannot decode
      if (error instanceof URIError || (error?.expose === true && error.status !== undefined && error.status >= 400 && error.status < 500)) {
        return new MalformedRequestError('The request URL or body cannot be decoded');
      }
      return undefined;
  }
}
