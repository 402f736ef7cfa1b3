import { STATUS_CODES } from 'node:http';
import type middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { HttpContext } from '../http-types.js';
import type { ErrorObject } from 'ajv';
import createError from 'http-errors';
import { InternalError, httpProblem, isHttpProblem, validationProblem, type HttpProblem } from '../errors.js';
import { toFieldProblems } from './validate-body.js';

/**
 * What a function's answers say about their problems.
 *
 * @example
 * ```ts
 * httpHandler(manifest, { config, logger, routes, problems: { typeBase: 'https://example.com/problems/', login: 'POST /auth' } });
 * ```
 */
export interface ProblemOptions {
  /**
   * The base URI a relative problem `type` is resolved against, e.g.
   * `https://example.com/problems/` (`not-found` → `https://example.com/problems/not-found`).
   * Without it, `type` is written as it is (a relative URI reference).
   */
  typeBase?: string;
  /** How a caller obtains an access token, named in the `401` answers, e.g. `POST /auth`. */
  login?: string;
}

/** Middy's `createError` and similar: an HTTP status the error means to expose. */
const asExposedHttpError = (error: unknown): { statusCode: number; message: string } | undefined => {
  const candidate = error as { statusCode?: unknown; expose?: unknown; message?: unknown } | null;
  const status = candidate?.statusCode;
  // Anything but a whole 4xx number (404.5 would reach the gateway as is: a 502) is a fault of ours.
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status >= 500) return undefined;
  if (candidate?.expose === false) return undefined;
  return { statusCode: status, message: typeof candidate?.message === 'string' ? candidate.message : '' };
};

/** `@middy/validator`'s own error for an event that failed its `eventSchema`: Ajv's errors are its `cause.data`. */
const validatorErrors = (error: unknown): ErrorObject[] | undefined => {
  const cause = (error as { cause?: { package?: unknown; data?: unknown } } | null)?.cause;
  return cause?.package === '@middy/validator' && Array.isArray(cause.data) ? (cause.data as ErrorObject[]) : undefined;
};

const classify = (error: unknown): HttpProblem => {
  if (isHttpProblem(error)) return error;
  const ajvErrors = validatorErrors(error);
  if (ajvErrors) {
    const problems = toFieldProblems(ajvErrors);
    if (problems.length > 0) return validationProblem(problems);
  }
  const exposed = asExposedHttpError(error);
  if (exposed) {
    // `createError(400, '')` or an unknown code leaves the message empty; a problem always has a title.
    const title = exposed.message.trim() || STATUS_CODES[exposed.statusCode] || 'Client error';
    return httpProblem(exposed.statusCode, { type: `http-${exposed.statusCode}`, title, cause: error });
  }
  return new InternalError('Unhandled error', error);
};

/**
 * Turns any thrown value into the problem the caller will see: a problem as it is; the error of
 * `@middy/validator` as the `400` listing every invalid field (JSON Pointers); another exposed 4xx
 * HTTP error as a problem of type `http-<status>`; anything else (a value whose members cannot even
 * be read included) as an {@link InternalError}.
 *
 * @example
 * ```ts
 * const problem = toProblem(request.error); // problem.statusCode, problem.type, …
 * ```
 */
export const toProblem = (error: unknown): HttpProblem => {
  try {
    return classify(error);
  } catch (unreadable) {
    return new InternalError('Unhandled error (its members cannot be read)', unreadable);
  }
};

/** A problem `type` as written: a relative reference resolved against `typeBase`. */
const typeUri = (type: string, typeBase: string | undefined): string =>
  typeBase === undefined || /^[a-z][a-z\d+.-]*:/i.test(type) ? type : typeBase + type;

/**
 * The RFC 9457 body of a problem. 5xx bodies carry only "Internal server error", the request id
 * and the extension members the code set on purpose — never the error's own text.
 *
 * @example
 * ```ts
 * const body = problemBody(notFound('No such order.'), 'req-1', { typeBase: 'https://example.com/problems/' });
 * ```
 */
export const problemBody = (problem: HttpProblem, requestId: string, options: ProblemOptions = {}): Record<string, unknown> =>
  problem.statusCode >= 500
    ? {
        type: typeUri('internal-error', options.typeBase),
        title: 'Internal server error',
        status: problem.statusCode,
        detail: 'Internal server error',
        requestId,
        // Only what the code chose to expose (e.g. which items of a batch were written).
        ...withoutCoreMembers(problem.extensions),
      }
    : {
        type: typeUri(problem.type, options.typeBase),
        title: problem.title,
        status: problem.statusCode,
        ...(problem.detail === undefined ? {} : { detail: problem.detail }),
        requestId,
        ...withoutCoreMembers(problem.extensions),
        ...(problem.errors ? { errors: problem.errors } : {}),
      };

const CORE_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'requestId', 'errors']);

/** Extension members never replace the standard ones. */
const withoutCoreMembers = (extensions: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(extensions).filter(([key]) => !CORE_MEMBERS.has(key)));

/** A member of a thrown value, as text; a getter that throws says so instead. */
const readMember = (value: object, name: string): string => {
  try {
    return String((value as Record<string, unknown>)[name]);
  } catch {
    return `[unreadable ${name}]`;
  }
};

/** An error as plain data: name, message, stack and a few levels of causes (so cycles end). */
const plainError = (error: unknown, depth = 0): unknown => {
  if (typeof error !== 'object' || error === null) return error;
  if (!(error instanceof Error)) return '[object]';
  let cause: unknown;
  try {
    cause = depth < 4 ? error.cause : undefined;
  } catch {
    cause = '[unreadable cause]';
  }
  return {
    name: readMember(error, 'name'),
    message: readMember(error, 'message'),
    stack: readMember(error, 'stack'),
    ...(cause === undefined ? {} : { cause: plainError(cause, depth + 1) }),
  };
};

/**
 * Logs a 5xx with its cause. Powertools' error formatting recurses without end on an error that
 * leads back to itself (a cyclic `cause`, or any property pointing back), and the line would be
 * lost: then the cause is logged again as plain data.
 */
const logFault = (logger: Logger, message: string, requestId: string, cause: unknown): void => {
  try {
    logger.error(message, { requestId, error: cause });
  } catch {
    logger.error(message, { requestId, error: plainError(cause) });
  }
};

/** Options for {@link problemDetails}. */
export interface ProblemDetailsOptions extends ProblemOptions {
  /** Where refusals (4xx, one line without the cause) and faults (5xx, with the cause) are logged. */
  logger: Logger;
}

type Request = middy.Request<unknown, unknown, Error, HttpContext>;

/**
 * Error mapping, placed just before `@middy/http-error-handler`: every error becomes the
 * `http-errors` error whose message is the `application/problem+json` body that handler renders.
 * A 4xx is logged as one line without its cause (it may hold the caller's raw body); a 5xx is
 * logged with its cause (the logger redacts it) and answered with "Internal server error" and the
 * request id only.
 *
 * @example
 * ```ts
 * middy().use(httpErrorHandler({ logger: false })).use(problemDetails({ logger, typeBase: 'https://example.com/problems/' }));
 * ```
 */
export const problemDetails = (opts: ProblemDetailsOptions): middy.MiddlewareObj<unknown, unknown, Error, HttpContext> => {
  const { logger, ...problemOptions } = opts;

  const problemDetailsOnError = (request: Request): void => {
    if (request.response !== undefined) return;
    const problem = toProblem(request.error);
    const requestId = request.context.requestId ?? request.context.awsRequestId ?? 'unknown';
    const body = problemBody(problem, requestId, problemOptions);
    if (problem.statusCode >= 500) {
      logFault(logger, problem instanceof InternalError ? problem.logMessage : problem.title, requestId, problem.cause);
    } else {
      logger.info('Request refused', { requestId, status: problem.statusCode, type: body.type, detail: problem.detail });
    }
    request.error = createError(problem.statusCode, JSON.stringify(body), {
      expose: true,
      headers: { ...problem.headers, 'Content-Type': 'application/problem+json' },
    });
  };

  return { onError: problemDetailsOnError };
};
