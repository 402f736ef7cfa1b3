import type middy from '@middy/core';
import { caseInsensitiveDuplicateIn } from '../duplicate-names.js';
import type { HttpContext, HttpRequest } from '../http-types.js';

/**
 * Refuses (`400`, naming it) a body with two property names in one object that differ only in
 * case (`fileName` and `FileName`), at any depth — for APIs whose clients treat names
 * case-insensitively (PowerShell hashtables). Use it after the body parser and any normaliser.
 *
 * @example
 * ```ts
 * middy().use(jsonBody()).use(caseInsensitiveNames()).use(validateBody(validate));
 * ```
 */
export const caseInsensitiveNames = (): middy.MiddlewareObj<HttpRequest, unknown, Error, HttpContext> => {
  const caseInsensitiveNamesBefore = (request: middy.Request<HttpRequest, unknown, Error, HttpContext>): void => {
    const duplicate = caseInsensitiveDuplicateIn(request.event.body);
    if (duplicate) throw duplicate;
  };
  return { before: caseInsensitiveNamesBefore };
};
