import type middy from '@middy/core';
import type { HttpContext, HttpRequest } from '../http-types.js';
import type { AccessTokenClaims, AccessTokenVerifier } from '../jwt/access-token-verifier.js';
import { mapVerificationError } from '../jwt/verification-errors.js';
import { missingGroup, unauthorized } from '../errors.js';

/** Options for {@link jwtAuth}. */
export interface JwtAuthOptions {
  /** Returns the container's one verifier (called on first use, then kept). */
  verifier: () => AccessTokenVerifier;
  /** The group the token's `cognito:groups` must contain (`403` otherwise); none = any valid token. */
  requiredGroup?: string | undefined;
  /** Largest `Authorization` header read at all. Default 8 KiB. */
  maxHeaderBytes?: number;
  /** How a caller obtains an access token (e.g. `POST /auth`), named in the `401` answers. */
  login?: string | undefined;
}

const BEARER = /^bearer\s+/i;

/**
 * Extracts the token from `Authorization: Bearer <token>` (scheme case-insensitive; a bare token
 * works too), verifies it, and puts the verified claims on `context.auth`. Every failure is `401`
 * with `WWW-Authenticate: Bearer`; an oversized header is refused without being parsed.
 */
export const jwtAuth = (options: JwtAuthOptions): middy.MiddlewareObj<HttpRequest, unknown, Error, HttpContext> => {
  const maxHeaderBytes = options.maxHeaderBytes ?? 8 * 1024;
  let verifier: AccessTokenVerifier | undefined;

  return {
    before: async (request) => {
      const header = request.event.headers.authorization ?? '';
      const trimmed = header.trim();
      if (trimmed === '') {
        throw unauthorized(
          `Missing access token: send "Authorization: Bearer <accessToken>"${options.login ? ` (log in with ${options.login})` : ''}.`,
          undefined,
          false,
        );
      }
      if (Buffer.byteLength(header, 'utf8') > maxHeaderBytes) throw unauthorized('The Authorization header is too large.');
      const token = trimmed.replace(BEARER, '');
      if (token === '' || /\s/.test(token) || /^bearer$/i.test(token)) {
        throw unauthorized('Malformed Authorization header: expected "Bearer <accessToken>".');
      }
      request.context.secrets?.add(token);
      verifier ??= options.verifier();
      let claims: AccessTokenClaims;
      try {
        claims = await verifier.verify(token);
      } catch (error) {
        throw mapVerificationError(error, options.requiredGroup, options.login);
      }
      const group = options.requiredGroup;
      const groups = claims['cognito:groups'];
      if (group && !(Array.isArray(groups) && groups.includes(group))) throw missingGroup(group);
      request.context.auth = claims;
    },
  };
};
