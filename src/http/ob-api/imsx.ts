import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, isDatabaseUnavailable } from '../../errors.js';
import { fromBodyParser } from '../problem.js';
import { redactedUrl, requestIdOf } from '../request-log.js';

/** The code minor values of 1EdTech's Imsx_CodeMinorFieldValue vocabulary that the API answers (OB 3.0 B.3.6). */
export type ImsxCodeMinor = 'forbidden' | 'invalid_data' | 'invalid_query_parameter' | 'not_acceptable' | 'not_allowed' | 'not_found' | 'server_busy' | 'unauthorizedrequest' | 'unknown' | 'internal_server_error';

/** A refusal of the OB 3.0 API, answered as an Imsx_StatusInfo body (not problem+json: its clients read 1EdTech's format). */
export class ImsxError extends Error {
  constructor(
    readonly status: number,
    readonly codeMinor: ImsxCodeMinor,
    description: string,
    /** RFC 6750's challenge, for a missing, expired or under-scoped bearer token. */
    readonly wwwAuthenticate?: string,
  ) {
    super(description);
    this.name = 'ImsxError';
  }
}

/** OB 3.0 B.3.1: `imsx_codeMajor` failure, `imsx_severity` error, a description, and the code minor of this service. */
export function imsxStatusInfo(codeMinor: ImsxCodeMinor, description: string) {
  return {
    imsx_codeMajor: 'failure',
    imsx_severity: 'error',
    imsx_description: description,
    imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'mobicred', imsx_codeMinorFieldValue: codeMinor }] },
  } as const;
}

function sendImsx(res: Response, status: number, codeMinor: ImsxCodeMinor, description: string): void {
  res.status(status).set('Cache-Control', 'no-store').json(imsxStatusInfo(codeMinor, description));
}

const CODE_MINOR_OF_STATUS: Record<number, ImsxCodeMinor> = {
  400: 'invalid_data',
  401: 'unauthorizedrequest',
  403: 'forbidden',
  404: 'not_found',
  406: 'not_acceptable',
  413: 'invalid_data',
  415: 'invalid_data',
  422: 'invalid_data',
  429: 'server_busy',
  503: 'server_busy',
};

/**
 * Every refusal under the API's resource endpoints as Imsx_StatusInfo: its own, the service's (a body too
 * large, a verifier busy: same status, 1EdTech's format), the body parser's; anything unexpected is logged
 * and answered 500 without details.
 */
export function imsxErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (error instanceof ImsxError) {
      if (error.wwwAuthenticate) res.set('WWW-Authenticate', error.wwwAuthenticate);
      return sendImsx(res, error.status, error.codeMinor, error.message);
    }
    const appError = error instanceof AppError ? error : fromBodyParser(error);
    if (appError) {
      if (appError.retryAfterSeconds !== undefined) res.set('Retry-After', String(appError.retryAfterSeconds));
      const detail = appError.errors.length > 0 ? `${appError.message}: ${appError.errors.map((fieldError) => `${fieldError.field} ${fieldError.message}`).join('; ')}` : appError.message;
      return sendImsx(res, appError.status, CODE_MINOR_OF_STATUS[appError.status] ?? 'unknown', detail);
    }
    const url = redactedUrl(req.originalUrl);
    if (isDatabaseUnavailable(error)) {
      logger.warn({ err: error, req: { id: requestIdOf(res), method: req.method, url } }, 'database unavailable');
      res.set('Retry-After', '5');
      return sendImsx(res, 503, 'server_busy', 'The database cannot be reached; try again in 5 seconds');
    }
    logger.error({ err: error, req: { id: requestIdOf(res), method: req.method, url } }, 'unhandled error');
    sendImsx(res, 500, 'internal_server_error', `The service failed to handle this request; it has been logged under the request id ${requestIdOf(res)}`);
  };
}
