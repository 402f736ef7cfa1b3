import createError from 'http-errors';

/**
 * One offending field of a request, as listed in a problem's `errors` member.
 *
 * @example
 * ```ts
 * const problem: FieldProblem = { path: '/0/slaDeadline', message: 'must be a date-time' };
 * ```
 */
export interface FieldProblem {
  /** JSON Pointer to the field, e.g. `/1/slaDeadline`; `""` for the whole body. */
  path: string;
  /** What is wrong and what to send instead. */
  message: string;
}

/**
 * The RFC 9457 members of a problem, for {@link httpProblem}.
 *
 * @example
 * ```ts
 * throw httpProblem(409, { type: 'conflict', title: 'Conflict', detail: 'Already closed.', extensions: { closedAt } });
 * ```
 */
export interface ProblemFields {
  /**
   * The problem type: a URI reference, usually relative (`validation-error`), resolved against the
   * function's `problems.typeBase` when the answer is written.
   */
  type: string;
  /** Short, fixed summary of the problem type. */
  title: string;
  /** What happened in this occurrence and how the caller can fix it. */
  detail?: string | undefined;
  /** Every offending field, for validation problems. */
  errors?: FieldProblem[] | undefined;
  /** Extra response headers (e.g. `WWW-Authenticate`, `Retry-After`). */
  headers?: Record<string, string> | undefined;
  /** Extension members added to the problem body (RFC 9457 §3.2). */
  extensions?: Record<string, unknown> | undefined;
  /** The underlying error: logged with a 5xx, never sent to the caller. */
  cause?: unknown;
}

/**
 * An `http-errors` error (`status`, `statusCode`, `expose`, `headers`) that carries the members of
 * an RFC 9457 problem; `@middy/http-error-handler` renders it as `application/problem+json`.
 *
 * @example
 * ```ts
 * const problem: HttpProblem = notFound('No such order.'); // problem.statusCode === 404, problem.type === 'not-found'
 * ```
 */
export interface HttpProblem extends createError.HttpError {
  type: string;
  title: string;
  detail: string | undefined;
  errors: FieldProblem[] | undefined;
  headers: Record<string, string>;
  extensions: Record<string, unknown>;
}

/**
 * The base class of every `http-errors` error: `error instanceof HttpError` holds for what
 * {@link httpProblem} and every factory of this module return, and for {@link InternalError}.
 *
 * @example
 * ```ts
 * if (error instanceof HttpError && error.expose) console.log(error.statusCode);
 * ```
 */
export const HttpError = createError.HttpError;

/**
 * Creates the `http-errors` error for a status (`createError`) with the problem members on it.
 * Its `message` is the `detail` (or the `title`).
 *
 * @example
 * ```ts
 * throw httpProblem(409, { type: 'conflict', title: 'Conflict', detail: 'The report was already closed.' });
 * ```
 */
export const httpProblem = (status: number, fields: ProblemFields): HttpProblem =>
  createError(status, fields.detail ?? fields.title, {
    type: fields.type,
    title: fields.title,
    detail: fields.detail,
    errors: fields.errors,
    headers: fields.headers ?? {},
    extensions: fields.extensions ?? {},
    ...(fields.cause === undefined ? {} : { cause: fields.cause }),
  }) as HttpProblem;

/**
 * True for an error that carries problem members (made by {@link httpProblem}, a factory of this
 * module, or {@link InternalError}).
 *
 * @example
 * ```ts
 * expect(isHttpProblem(error) && error.type).toBe('not-found');
 * ```
 */
export const isHttpProblem = (value: unknown): value is HttpProblem =>
  createError.isHttpError(value) && typeof value.type === 'string' && typeof value.title === 'string';

/**
 * `400`: the request cannot be processed as sent.
 *
 * @example
 * ```ts
 * throw badRequest('"from" must be before "to".', [{ path: '/from', message: 'is after "to"' }]);
 * ```
 */
export const badRequest = (detail: string, errors?: FieldProblem[], type = 'bad-request'): HttpProblem =>
  httpProblem(400, { type, title: 'Bad request', detail, errors });

/**
 * `400` with the list of every invalid field.
 *
 * @example
 * ```ts
 * throw validationProblem([{ path: '/fileName', message: 'is required' }]);
 * ```
 */
export const validationProblem = (errors: FieldProblem[]): HttpProblem =>
  httpProblem(400, {
    type: 'validation-error',
    title: 'Request body failed validation',
    detail: `${errors.length} problem${errors.length === 1 ? '' : 's'} found; see "errors".`,
    errors,
  });

/**
 * `401` with `WWW-Authenticate: Bearer`. When a token was presented the challenge says
 * `error="invalid_token"`; when none was, it carries no error code (RFC 6750 §3.1).
 *
 * @example
 * ```ts
 * throw unauthorized('The access token has expired.', verifyError);
 * ```
 */
export const unauthorized = (
  detail = 'A valid access token is required: send "Authorization: Bearer <accessToken>".',
  cause?: unknown,
  tokenPresented = true,
): HttpProblem =>
  httpProblem(401, {
    type: 'unauthorized',
    title: 'Unauthorized',
    detail,
    headers: { 'WWW-Authenticate': tokenPresented ? 'Bearer error="invalid_token"' : 'Bearer' },
    cause,
  });

/**
 * `403`: authenticated, but not allowed.
 *
 * @example
 * ```ts
 * throw forbidden('Only the submitter may withdraw a report.');
 * ```
 */
export const forbidden = (detail: string, cause?: unknown): HttpProblem =>
  httpProblem(403, { type: 'forbidden', title: 'Forbidden', detail, cause });

/**
 * `403` for a valid token that lacks a required group, with the RFC 6750 §3.1 challenge.
 *
 * @example
 * ```ts
 * if (!groups.includes('writers')) throw missingGroup('writers');
 * ```
 */
export const missingGroup = (group: string, cause?: unknown): HttpProblem =>
  httpProblem(403, {
    type: 'forbidden',
    title: 'Forbidden',
    detail: `The account is not in the group "${group}" that this operation requires.`,
    headers: { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' },
    cause,
  });

/**
 * `404`: no such resource or route.
 *
 * @example
 * ```ts
 * if (!item) throw notFound(`No order with id "${id}".`);
 * ```
 */
export const notFound = (detail: string): HttpProblem => httpProblem(404, { type: 'not-found', title: 'Not found', detail });

/**
 * `405` with the `Allow` header.
 *
 * @example
 * ```ts
 * throw methodNotAllowed(['GET', 'POST']);
 * ```
 */
export const methodNotAllowed = (allowed: readonly string[]): HttpProblem =>
  httpProblem(405, {
    type: 'method-not-allowed',
    title: 'Method not allowed',
    detail: `Allowed methods: ${allowed.join(', ')}.`,
    headers: { Allow: allowed.join(', ') },
  });

/**
 * `413`: the body is over the size limit.
 *
 * @example
 * ```ts
 * if (bytes > limit) throw payloadTooLarge(limit);
 * ```
 */
export const payloadTooLarge = (limitBytes: number): HttpProblem =>
  httpProblem(413, {
    type: 'payload-too-large',
    title: 'Payload too large',
    detail: `The request body must be at most ${limitBytes} bytes; split a large batch into several requests.`,
  });

/**
 * `415`: the body is not JSON.
 *
 * @example
 * ```ts
 * throw unsupportedMediaType(request.headers['content-type'] ?? '');
 * ```
 */
export const unsupportedMediaType = (contentType: string): HttpProblem =>
  httpProblem(415, {
    type: 'unsupported-media-type',
    title: 'Unsupported media type',
    detail: `Content-Type "${contentType.slice(0, 100)}" is not accepted; send JSON with "Content-Type: application/json; charset=utf-8".`,
  });

/**
 * `500`: a fault of ours — the `http-errors` `InternalServerError`, with what the log line says
 * about it. The answer says only "Internal server error" and the request id; `logMessage` and the
 * cause go to the log.
 *
 * @example
 * ```ts
 * throw new InternalError('DynamoDB PutItem failed (ResourceNotFoundException)', sdkError);
 * ```
 */
export class InternalError extends createError.InternalServerError implements HttpProblem {
  override name = 'InternalError';
  /** What the log line says about this fault (e.g. "JWKS endpoint unreachable"). */
  readonly logMessage: string;
  type = 'internal-error';
  title = 'Internal server error';
  detail: string | undefined = 'Internal server error';
  errors: FieldProblem[] | undefined = undefined;
  override headers: Record<string, string> = {};
  extensions: Record<string, unknown> = {};
  [key: string]: unknown;

  constructor(logMessage: string, cause?: unknown) {
    super('Internal server error');
    // The http-errors constructor returns an error of its own class; make it this (sub)class.
    Object.setPrototypeOf(this, new.target.prototype);
    this.logMessage = logMessage;
    if (cause !== undefined) this.cause = cause;
  }
}

/**
 * The configuration (environment) is invalid; every request answers `500`.
 *
 * @example
 * ```ts
 * const result: ConfigResult<never> = { ok: false, error: new ConfigError(['TABLE is required']) };
 * ```
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** One message per invalid variable. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.problems = problems;
  }
}
