import type middy from '@middy/core';
import type { HttpContext, HttpRequest } from '../http-types.js';

/**
 * Reshapes the parsed body before validation with `normalize` (e.g. case-insensitive property
 * names, trimming). Use it after the body parser and before the validator.
 *
 * @example
 * ```ts
 * middy().use(jsonBody()).use(normalizeBody((body) => trimStrings(body))).use(validateBody(validate));
 * ```
 */
export const normalizeBody = (normalize: (body: unknown) => unknown): middy.MiddlewareObj<HttpRequest, unknown, Error, HttpContext> => {
  const normalizeBodyBefore = (request: middy.Request<HttpRequest, unknown, Error, HttpContext>): void => {
    request.event.body = normalize(request.event.body);
  };
  return { before: normalizeBodyBefore };
};
