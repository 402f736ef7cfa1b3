import type middy from '@middy/core';
import type { HttpContext, HttpResponse, HttpResult } from '../http-types.js';

/**
 * The security headers that mean something for a JSON API (the HTML-only ones are left out): no
 * content may load or frame an answer, no MIME sniffing, HTTPS only, no referrer.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
  'x-content-type-options': 'nosniff',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/**
 * Finishes every response, success or error: serialises a non-string body as JSON, adds the
 * {@link SECURITY_HEADERS}, `x-request-id`, `cache-control: no-store` and a JSON content type, and
 * lower-cases every header name so that no header appears twice in different cases. Use it first
 * so it runs last.
 */
export const responseHeaders = (): middy.MiddlewareObj<unknown, unknown, Error, HttpContext> => {
  const finish = (request: middy.Request<unknown, unknown, Error, HttpContext>): void => {
    const result = (request.response ?? { statusCode: 500 }) as HttpResult;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
    const body = result.body === undefined ? '' : typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
    Object.assign(headers, SECURITY_HEADERS);
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
