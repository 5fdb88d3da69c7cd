/**
 * Errors a client can act on. Each has a stable `code` from PROBLEMS, the one catalogue of them; the HTTP
 * layer turns it into RFC 9457 problem+json with `type` = PROBLEM_TYPE_BASE + code. Anything that is not an
 * AppError is a bug and is answered as a bare 500 without details. The README's Errors table and
 * openapi.yaml list the same codes (test/unit/problem-catalogue.test.ts checks it).
 */
export const PROBLEM_TYPE_BASE = 'urn:mobicred:problem:';

/** Every problem code the service answers, with its HTTP status and title. */
export const PROBLEMS = {
  'validation-failed': { status: 400, title: 'The request is not valid' },
  'malformed-request': { status: 400, title: 'The request body cannot be read' },
  'invalid-cohort-file': { status: 400, title: 'The cohort file cannot be used' },
  'invalid-image': { status: 400, title: 'The image cannot be used as a badge' },
  'invalid-seal': { status: 400, title: 'The certificate and key cannot be used as a seal' },
  'unreadable-badge-image': { status: 400, title: 'No credential can be read from this image' },
  'credential-link-elsewhere': { status: 422, title: 'A link to a credential hosted elsewhere is not followed' },
  unauthorized: { status: 401, title: 'Authentication required' },
  'sign-in-refused': { status: 401, title: 'Sign-in refused' },
  'csrf-token-invalid': { status: 403, title: 'The form has expired' },
  'sso-refused': { status: 403, title: 'Single sign-on refused' },
  forbidden: { status: 403, title: 'Not allowed for this API key' },
  'not-found': { status: 404, title: 'Not found' },
  'not-acceptable': { status: 406, title: 'No acceptable representation' },
  conflict: { status: 409, title: 'Conflict with the current state' },
  'status-change-refused': { status: 409, title: 'This status change is not possible' },
  'credential-not-active': { status: 409, title: 'The credential is not active' },
  'claim-link-expired': { status: 410, title: 'This claim link has expired' },
  'endorsement-link-expired': { status: 410, title: 'This endorsement link has expired' },
  'endorsement-link-used': { status: 410, title: 'This endorsement link has been used' },
  'link-not-usable': { status: 410, title: 'This link can no longer be used' },
  'mentor-link-closed': { status: 410, title: 'This assessment link is closed' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'rule-violated': { status: 422, title: 'The request breaks a rule' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency-Key already used for another request' },
  'document-too-complex': { status: 422, title: 'The document is too complex to verify here' },
  'image-too-complex': { status: 422, title: 'The image is too costly to render' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  'email-not-sent': { status: 502, title: 'The email could not be sent' },
  'service-unavailable': { status: 503, title: 'Service unavailable' },
  'verifier-busy': { status: 503, title: 'The verifier is busy' },
  'not-ready': { status: 503, title: 'Not ready' },
} as const satisfies Record<string, { status: number; title: string }>;

type ProblemCode = keyof typeof PROBLEMS;

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

  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: ProblemCode,
    detail: string,
    options: { field?: string; errors?: FieldError[]; extensions?: Record<string, unknown>; retryAfterSeconds?: number } = {},
  ) {
    super(detail);
    this.name = new.target.name;
    this.status = PROBLEMS[code].status;
    this.title = PROBLEMS[code].title;
    this.errors = options.errors ?? [];
    this.field = options.field ?? this.errors[0]?.field;
    this.extensions = options.extensions ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A well-formed request that breaks a business rule (a rule of the programme, of the UFM…): 422. */
export class RuleViolationError extends AppError {
  constructor(violations: { rule: string; field: string; message: string }[]) {
    super('rule-violated', violations.map((violation) => violation.message).join('; '), {
      errors: violations.map(({ field, message }) => ({ field, message })),
      extensions: { rule: violations[0]?.rule, rules: violations.map((violation) => violation.rule) },
    });
  }
}

export class ValidationError extends AppError {
  constructor(detail: string, errors: FieldError[]) {
    super('validation-failed', detail, { errors });
  }
}

export class MalformedRequestError extends AppError {
  constructor(detail: string) {
    super('malformed-request', detail);
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = 'A valid API key is required: send "Authorization: Bearer <key>"') {
    super('unauthorized', detail, { field: 'Authorization' });
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, field?: string) {
    super('not-found', `${what} was not found`, field ? { field } : {});
  }
}

export class NotAcceptableError extends AppError {
  constructor(available: string[]) {
    super('not-acceptable', `Available media types: ${available.join(', ')}`, {
      field: 'Accept',
    });
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limit: string) {
    super('payload-too-large', `The limit is ${limit}`);
  }
}

/**
 * A submitted document that would cost more to verify than a public endpoint spends on one request: too
 * many contexts or values, nested too deep, or past its proof thread's time or memory budget.
 */
export class DocumentTooComplexError extends AppError {
  constructor(detail: string, field?: string) {
    super('document-too-complex', detail, field === undefined ? {} : { field });
  }
}

/** Every thread that verifies submitted documents is busy: the client may try again shortly. */
export class VerifierBusyError extends AppError {
  constructor() {
    super('verifier-busy', 'Every verification thread is busy; try again in a moment', { retryAfterSeconds: 1 });
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(expected: string) {
    super('unsupported-media-type', `Send the body as ${expected}`, {
      field: 'Content-Type',
    });
  }
}

export class IdempotencyKeyReusedError extends AppError {
  constructor() {
    super('idempotency-key-reused',
      'This Idempotency-Key was used with a different request body; use a new key for a new request',
      { field: 'Idempotency-Key' },
    );
  }
}

/** A revoked or suspended credential: what was shared stays checkable, but no new way of sharing it is made. */
export class CredentialNotActiveError extends AppError {
  constructor(state: string) {
    super('credential-not-active', `The credential is ${state}: it cannot be exported or shared again`, { field: 'id' });
  }
}

export class ConflictError extends AppError {
  constructor(detail: string, field?: string) {
    super('conflict', detail, field ? { field } : {});
  }
}

/** The database cannot be reached (an outage, a restart, a full connection pool): the client may retry. */
export class ServiceUnavailableError extends AppError {
  constructor(retryAfterSeconds: number) {
    super('service-unavailable', `The database cannot be reached; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
  }
}

/** Node's codes for a server that cannot be reached or that dropped the connection. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
/** SQLSTATEs of a server that is going away or cannot take the connection: class 08, shutdowns, too many connections. */
const UNAVAILABLE_STATES = /^(08|57P0[123]$|53300$)/;
/** What pg, its pool, PGlite and Kysely say when the connection is gone or the store is closed. */
const UNAVAILABLE_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end|PGlite is clos|driver has already been destroyed)/;

/**
 * Whether an error means the database cannot be reached now (pg or PGlite), rather than a fault of the
 * query: such a request may succeed later, and is answered ServiceUnavailableError (503 with Retry-After)
 * instead of 500. Here, beside that error, so that the HTTP layer needs nothing from storage.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; cause && depth < 5; cause = cause.cause as typeof cause, depth += 1) {
    if (typeof cause.code === 'string' && (UNREACHABLE_CODES.has(cause.code) || UNAVAILABLE_STATES.test(cause.code))) return true;
    if (typeof cause.message === 'string' && UNAVAILABLE_MESSAGES.test(cause.message)) return true;
  }
  return false;
}

/** An uploaded badge image that cannot be used: unreadable, or an SVG with something that runs or loads. */
export class InvalidImageError extends AppError {
  constructor(detail: string) {
    super('invalid-image', detail, { field: 'Content-Type' });
  }
}

/** An uploaded SVG badge beyond what the service renders: `limit` names the limit it exceeds (see the README). */
export class ImageTooComplexError extends AppError {
  constructor(detail: string, limit: string) {
    super('image-too-complex', detail, { field: 'Content-Type', extensions: { limit } });
  }
}

export class ForbiddenError extends AppError {
  constructor(detail: string, field?: string) {
    super('forbidden', detail, field ? { field } : {});
  }
}

export class StatusChangeRefusedError extends AppError {
  constructor(detail: string) {
    super('status-change-refused', detail);
  }
}

export class InvalidCohortFileError extends AppError {
  constructor(detail: string, field: string) {
    super('invalid-cohort-file', detail, { field });
  }
}

export class UnreadableBadgeImageError extends AppError {
  constructor(detail: string) {
    super('unreadable-badge-image', detail);
  }
}

/** A person pasted a credential's link from another site: the verifier fetches nothing a visitor names. */
export class CredentialLinkElsewhereError extends AppError {
  constructor(link: string) {
    super('credential-link-elsewhere', `${link} is not a credential of this service: open it, or bring the credential (JSON, JWT or badge image) it offers`, { field: '/credential' });
  }
}

export class TooManyRequestsError extends AppError {
  constructor() {
    super('too-many-requests', 'Slow down: this endpoint is rate limited per client');
  }
}

export class ClaimLinkExpiredError extends AppError {
  constructor() {
    super('claim-link-expired', 'Ask your school for a new link');
  }
}

export class EmailNotSentError extends AppError {
  constructor(reason: string) {
    super('email-not-sent', `The mail server refused or could not be reached (${reason}); the link in this answer can be passed on by hand`);
  }
}

export class EndorsementLinkClosedError extends AppError {
  constructor(reason: 'expired' | 'used') {
    super(`endorsement-link-${reason}`, reason === 'used' ? 'An endorsement was already signed through this link' : 'Ask the school for a new link');
  }
}

/** The readiness probe: the database cannot be reached, so this instance should get no traffic. */
export class NotReadyError extends AppError {
  constructor() {
    super('not-ready', 'The database is not reachable');
  }
}

/** The school console: an email and password (or TOTP code) that do not sign anyone in. Which part was wrong is not said. */
export class SignInRefusedError extends AppError {
  constructor(detail = 'This email address and password do not match an account', field = 'password') {
    super('sign-in-refused', detail, { field });
  }
}

/** Too many refused sign-ins for this account or from this address: wait before trying again. */
export class TooManySignInAttemptsError extends AppError {
  constructor(retryAfterSeconds: number) {
    super('too-many-requests', 'Too many refused sign-ins for this account or from this address; try again later', { retryAfterSeconds });
  }
}

/** A console form posted without the CSRF token of its session (or with another session's). */
export class CsrfTokenInvalidError extends AppError {
  constructor() {
    super('csrf-token-invalid', 'The form did not carry this session\'s token: reload the page and send it again', { field: '_csrf' });
  }
}

/** A password-reset or invitation link that is unknown, already used or expired. */
export class LinkNotUsableError extends AppError {
  constructor() {
    super('link-not-usable', 'The link is unknown, was already used, or has expired: ask for a new one');
  }
}

/** Single sign-on worked at the school's provider, but the address it gave has no role in the console (never auto-created). */
export class SsoRefusedError extends AppError {
  constructor(detail: string) {
    super('sso-refused', detail);
  }
}

/** A seal certificate and key that cannot seal: unreadable, not matching, not a chain, or not valid now. */
export class InvalidSealError extends AppError {
  constructor(detail: string, field: string) {
    super('invalid-seal', detail, { field });
  }
}

/** A mentor assessment link that no longer opens the grid: `reason` says why (the page says whom to ask). */
export class MentorLinkClosedError extends AppError {
  constructor(readonly reason: 'expired' | 'answered' | 'revoked') {
    super('mentor-link-closed', {
      expired: 'This assessment link has expired: ask the school for a new one',
      answered: 'The assessment was already submitted through this link',
      revoked: 'The school has withdrawn this assessment link',
    }[reason], { extensions: { reason } });
  }
}
