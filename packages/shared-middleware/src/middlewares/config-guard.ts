import type middy from '@middy/core';
import type { HttpContext } from '../http-types.js';
import type { ConfigResult } from '../config.js';
import { InternalError } from '../errors.js';

/**
 * Answers `500` to every request while the configuration read at cold start is invalid, so a bad
 * deployment is visible without crash-looping the container.
 */
export const configGuard = (config: ConfigResult<unknown>): middy.MiddlewareObj<unknown, unknown, Error, HttpContext> => ({
  before: () => {
    if (!config.ok) throw new InternalError('Invalid configuration', config.error);
  },
});
