/**
 * Errors a client can act on. Each has a stable `code`; the HTTP layer turns it into RFC 9457
 * problem+json with `type` = PROBLEM_TYPE_BASE + code. Anything that is not an AppError is a bug
 * and is answered as a bare 500 without details.
 */
export const PROBLEM_TYPE_BASE = 'urn:mobicred:problem:';

export interface FieldError {
  /** JSON Pointer to the field at fault in the request body, or a header/parameter name. */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly field: string | undefined;
  readonly errors: FieldError[];
  /** Extra problem members (RFC 9457 extensions), such as the rule a request broke. */
  readonly extensions: Record<string, unknown>;
  /** For a passing condition (503, 429): when to try again, sent as Retry-After. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    detail: string,
    options: { field?: string; errors?: FieldError[]; extensions?: Record<string, unknown>; retryAfterSeconds?: number } = {},
  ) {
    super(detail);
    this.name = new.target.name;
    this.errors = options.errors ?? [];
    this.field = options.field ?? this.errors[0]?.field;
    this.extensions = options.extensions ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A well-formed request that breaks a business rule (a rule of the programme, of the UFM…): 422. */
export class RuleViolationError extends AppError {
  constructor(violations: { rule: string; field: string; message: string }[]) {
    super('rule-violated', 422, 'The request breaks a rule', violations.map((violation) => violation.message).join('; '), {
      errors: violations.map(({ field, message }) => ({ field, message })),
      extensions: { rule: violations[0]?.rule, rules: violations.map((violation) => violation.rule) },
    });
  }
}

export class ValidationError extends AppError {
  constructor(detail: string, errors: FieldError[]) {
    super('validation-failed', 400, 'The request is not valid', detail, { errors });
  }
}

export class MalformedRequestError extends AppError {
  constructor(detail: string) {
    super('malformed-request', 400, 'The request body cannot be read', detail);
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = 'A valid API key is required: send "Authorization: Bearer <key>"') {
    super('unauthorized', 401, 'Authentication required', detail, { field: 'Authorization' });
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, field?: string) {
    super('not-found', 404, 'Not found', `${what} was not found`, field ? { field } : {});
  }
}

export class NotAcceptableError extends AppError {
  constructor(available: string[]) {
    super('not-acceptable', 406, 'No acceptable representation', `Available media types: ${available.join(', ')}`, {
      field: 'Accept',
    });
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limit: string) {
    super('payload-too-large', 413, 'The request body is too large', `The limit is ${limit}`);
  }
}

/**
 * A submitted document that would cost more to verify than a public endpoint spends on one request: too
 * many contexts or values, nested too deep, or past its proof thread's time or memory budget.
 */
export class DocumentTooComplexError extends AppError {
  constructor(detail: string, field?: string) {
    super('document-too-complex', 422, 'The document is too complex to verify here', detail, field === undefined ? {} : { field });
  }
}

/** Every thread that verifies submitted documents is busy: the client may try again shortly. */
export class VerifierBusyError extends AppError {
  constructor() {
    super('verifier-busy', 503, 'The verifier is busy', 'Every verification thread is busy; try again in a moment', { retryAfterSeconds: 1 });
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(expected: string) {
    super('unsupported-media-type', 415, 'Unsupported media type', `Send the body as ${expected}`, {
      field: 'Content-Type',
    });
  }
}

export class IdempotencyKeyReusedError extends AppError {
  constructor() {
    super(
      'idempotency-key-reused',
      422,
      'Idempotency-Key already used for another request',
      'This Idempotency-Key was used with a different request body; use a new key for a new request',
      { field: 'Idempotency-Key' },
    );
  }
}

/** A revoked or suspended credential: what was shared stays checkable, but no new way of sharing it is made. */
export class CredentialNotActiveError extends AppError {
  constructor(state: string) {
    super('credential-not-active', 409, 'The credential is not active', `The credential is ${state}: it cannot be exported or shared again`, { field: 'id' });
  }
}

export class ConflictError extends AppError {
  constructor(detail: string, field?: string) {
    super('conflict', 409, 'Conflict with the current state', detail, field ? { field } : {});
  }
}

/** The database cannot be reached (an outage, a restart, a full connection pool): the client may retry. */
export class ServiceUnavailableError extends AppError {
  constructor(retryAfterSeconds: number) {
    super('service-unavailable', 503, 'Service unavailable', `The database cannot be reached; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
  }
}

/** An uploaded badge image that cannot be used: unreadable, or an SVG with something that runs or loads. */
export class InvalidImageError extends AppError {
  constructor(detail: string) {
    super('invalid-image', 400, 'The image cannot be used as a badge', detail, { field: 'Content-Type' });
  }
}

/** An uploaded SVG badge beyond what the service renders: `limit` names the limit it exceeds (see the README). */
export class ImageTooComplexError extends AppError {
  constructor(detail: string, limit: string) {
    super('image-too-complex', 422, 'The image is too costly to render', detail, { field: 'Content-Type', extensions: { limit } });
  }
}

/** A mentor assessment link that no longer opens the grid: `reason` says why (the page says whom to ask). */
export class MentorLinkClosedError extends AppError {
  constructor(readonly reason: 'expired' | 'answered' | 'revoked') {
    super('mentor-link-closed', 410, 'This assessment link is closed', {
      expired: 'This assessment link has expired: ask the school for a new one',
      answered: 'The assessment was already submitted through this link',
      revoked: 'The school has withdrawn this assessment link',
    }[reason], { extensions: { reason } });
  }
}
