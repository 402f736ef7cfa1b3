import type middy from '@middy/core';
import type { HttpContext, HttpResponse, HttpResult } from '../http-types.js';

/**
 * Finishes every response, success or error: serialises a non-string body as JSON, adds
 * `x-request-id`, `cache-control: no-store` and a JSON content type, and lower-cases every header
 * name so that no header appears twice in different cases. Use it first so it runs last.
 */
export const responseHeaders = (): middy.MiddlewareObj<unknown, unknown, Error, HttpContext> => {
  const finish = (request: middy.Request<unknown, unknown, Error, HttpContext>): void => {
    const result = (request.response ?? { statusCode: 500 }) as HttpResult;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
    const body = result.body === undefined ? '' : typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
    headers['cache-control'] = 'no-store';
    headers['x-request-id'] = request.context.requestId ?? request.context.awsRequestId ?? 'unknown';
    const response: HttpResponse = { statusCode: result.statusCode, headers, body };
    request.response = response;
  };
  return {
    after: finish,
    onError: (request) => {
      if (request.response !== undefined) finish(request);
    },
  };
};
