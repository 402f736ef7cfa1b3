import { STATUS_CODES } from 'node:http';
import type middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { HttpContext } from '../http-types.js';
import { HttpProblem, InternalError, PROBLEM_TYPE_BASE } from '../errors.js';

/** The shape `@middy/http-error-handler` renders: status, exposed message (our JSON), headers. */
interface RenderableError {
  statusCode: number;
  expose: true;
  message: string;
  headers: Record<string, string>;
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

const INTERNAL_TYPE = `${PROBLEM_TYPE_BASE}internal-error`;

/** Turns any thrown value into the {@link HttpProblem} the caller will see. */
export const toProblem = (error: unknown): HttpProblem => {
  if (error instanceof HttpProblem) return error;
  const exposed = asExposedHttpError(error);
  if (exposed) {
    // `createError(400, '')` or an unknown code leaves the message empty; a problem always has a title.
    const title = exposed.message.trim() || STATUS_CODES[exposed.statusCode] || 'Client error';
    return new HttpProblem(exposed.statusCode, { type: `http-${exposed.statusCode}`, title, cause: error });
  }
  return new InternalError('Unhandled error', error);
};

/**
 * The RFC 9457 body of a problem. 5xx bodies carry only "Internal server error", the request id
 * and the extension members the code set on purpose — never the error's own text.
 */
export const problemBody = (problem: HttpProblem, requestId: string): Record<string, unknown> =>
  problem.statusCode >= 500
    ? {
        type: INTERNAL_TYPE,
        title: 'Internal server error',
        status: problem.statusCode,
        detail: 'Internal server error',
        requestId,
        // Only what the code chose to expose (e.g. which items of a batch were written).
        ...withoutCoreMembers(problem.extensions),
      }
    : {
        type: problem.type,
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

/**
 * Error mapping, placed just before `@middy/http-error-handler`: every error becomes an
 * `application/problem+json` body that the handler renders. A 4xx is logged as one line without
 * its cause (it may hold the caller's raw body); a 5xx is logged with its cause (redacted by the
 * logger) and answered with "Internal server error" and the request id only.
 */
export const problemDetails = (logger: Logger): middy.MiddlewareObj<unknown, unknown, Error, HttpContext> => ({
  onError: (request) => {
    if (request.response !== undefined) return;
    const problem = toProblem(request.error);
    const requestId = request.context.requestId ?? request.context.awsRequestId ?? 'unknown';
    if (problem.statusCode >= 500) {
      logFault(logger, problem instanceof InternalError ? problem.logMessage : problem.title, requestId, problem.cause);
    } else {
      logger.info('Request refused', { requestId, status: problem.statusCode, type: problem.type, detail: problem.detail });
    }
    const rendered: RenderableError = {
      statusCode: problem.statusCode,
      expose: true,
      message: JSON.stringify(problemBody(problem, requestId)),
      headers: { ...problem.headers, 'Content-Type': 'application/problem+json' },
    };
    request.error = rendered as unknown as Error;
  },
});
