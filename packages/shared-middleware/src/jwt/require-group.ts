import type { HttpContext } from '../http-types.js';
import { missingGroup, unauthorized } from '../errors.js';
import type { AccessTokenClaims } from './access-token-verifier.js';

/**
 * The verified claims of the request, checked for `group` when one is configured: `403` when the
 * token's `cognito:groups` lacks it. For routes of one function that need different groups.
 */
export const requireGroup = (context: HttpContext, group: string | undefined): AccessTokenClaims => {
  const claims = context.auth;
  if (!claims) throw unauthorized('A valid access token is required: send "Authorization: Bearer <accessToken>".', undefined, false);
  const groups = claims['cognito:groups'];
  if (group && !(Array.isArray(groups) && groups.includes(group))) {
    throw missingGroup(group);
  }
  return claims;
};
