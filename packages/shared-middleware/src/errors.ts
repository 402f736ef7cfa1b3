/** One offending field of a request, as listed in a problem's `errors` member. */
export interface FieldProblem {
  /** JSON Pointer to the field, e.g. `/1/slaDeadline`; `""` for the whole body. */
  path: string;
  /** What is wrong and what to send instead. */
  message: string;
}

/** Base URI of every problem `type` this service emits. */
export const PROBLEM_TYPE_BASE = 'https://file-sla-errors.dev/problems/';

/** Options for {@link HttpProblem}. */
export interface HttpProblemOptions {
  /** Last segment of the problem `type` URI (e.g. `validation-error`). */
  type: string;
  /** Short, fixed summary of the problem type. */
  title: string;
  /** What happened in this occurrence and how the caller can fix it. */
  detail?: string;
  /** Every offending field, for validation problems. */
  errors?: FieldProblem[];
  /** Extra response headers (e.g. `WWW-Authenticate`, `Retry-After`). */
  headers?: Record<string, string>;
  /** Extension members added to the problem body (RFC 9457 §3.2). */
  extensions?: Record<string, unknown>;
  /** The underlying error, logged but never sent to the caller. */
  cause?: unknown;
}

/**
 * An error that becomes an RFC 9457 `application/problem+json` response.
 *
 * It carries `statusCode` and `expose` so that `@middy/http-error-handler` treats it as an HTTP error.
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly statusCode: number;
  readonly expose: boolean;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldProblem[] | undefined;
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(statusCode: number, options: HttpProblemOptions) {
    super(options.detail ?? options.title, { cause: options.cause });
    this.statusCode = statusCode;
    this.expose = statusCode < 500;
    this.type = PROBLEM_TYPE_BASE + options.type;
    this.title = options.title;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }
}

/** `400`: the request cannot be processed as sent. */
export const badRequest = (detail: string, errors?: FieldProblem[], type = 'bad-request'): HttpProblem =>
  new HttpProblem(400, { type, title: 'Bad request', detail, errors });

/** `400` with the list of every invalid field. */
export const validationProblem = (errors: FieldProblem[]): HttpProblem =>
  new HttpProblem(400, {
    type: 'validation-error',
    title: 'Request body failed validation',
    detail: `${errors.length} problem${errors.length === 1 ? '' : 's'} found; see "errors".`,
    errors,
  });

/**
 * `401` with `WWW-Authenticate: Bearer`. When a token was presented the challenge says
 * `error="invalid_token"`; when none was, it carries no error code (RFC 6750 §3.1).
 */
export const unauthorized = (
  detail = 'A valid access token is required: send "Authorization: Bearer <accessToken>".',
  cause?: unknown,
  tokenPresented = true,
): HttpProblem =>
  new HttpProblem(401, {
    type: 'unauthorized',
    title: 'Unauthorized',
    detail,
    headers: { 'WWW-Authenticate': tokenPresented ? 'Bearer error="invalid_token"' : 'Bearer' },
    cause,
  });

/** `403`: authenticated, but not allowed. */
export const forbidden = (detail: string, cause?: unknown): HttpProblem =>
  new HttpProblem(403, { type: 'forbidden', title: 'Forbidden', detail, cause });

/** `403` for a valid token that lacks a required group, with the RFC 6750 §3.1 challenge. */
export const missingGroup = (group: string, cause?: unknown): HttpProblem =>
  new HttpProblem(403, {
    type: 'forbidden',
    title: 'Forbidden',
    detail: `The account is not in the group "${group}" that this operation requires.`,
    headers: { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' },
    cause,
  });

/** `404`: no such resource or route. */
export const notFound = (detail: string): HttpProblem =>
  new HttpProblem(404, { type: 'not-found', title: 'Not found', detail });

/** `405` with the `Allow` header. */
export const methodNotAllowed = (allowed: readonly string[]): HttpProblem =>
  new HttpProblem(405, {
    type: 'method-not-allowed',
    title: 'Method not allowed',
    detail: `Allowed methods: ${allowed.join(', ')}.`,
    headers: { Allow: allowed.join(', ') },
  });

/** `413`: the body is over the size limit. */
export const payloadTooLarge = (limitBytes: number): HttpProblem =>
  new HttpProblem(413, {
    type: 'payload-too-large',
    title: 'Payload too large',
    detail: `The request body must be at most ${limitBytes} bytes; split a large batch into several requests.`,
  });

/** `415`: the body is not JSON. */
export const unsupportedMediaType = (contentType: string): HttpProblem =>
  new HttpProblem(415, {
    type: 'unsupported-media-type',
    title: 'Unsupported media type',
    detail: `Content-Type "${contentType.slice(0, 100)}" is not accepted; send JSON with "Content-Type: application/json; charset=utf-8".`,
  });

/**
 * `500`: a fault of ours. The body says only "Internal server error" and the request id;
 * `logMessage` and the cause go to the log.
 */
export class InternalError extends HttpProblem {
  /** What the log line says about this fault (e.g. "JWKS endpoint unreachable"). */
  readonly logMessage: string;

  constructor(logMessage: string, cause?: unknown) {
    super(500, { type: 'internal-error', title: 'Internal server error', detail: 'Internal server error', cause });
    this.logMessage = logMessage;
  }
}

/** The service configuration (environment) is invalid; every request answers `500`. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** One message per invalid variable. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.problems = problems;
  }
}
