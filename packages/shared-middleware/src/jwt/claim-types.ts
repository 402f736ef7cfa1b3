import { JwtParseError } from 'aws-jwt-verify/error';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';

/** Claims every Cognito access token carries, and the type the service reads each one as. */
const REQUIRED_CLAIM_TYPES = { sub: 'string', username: 'string', exp: 'number', iat: 'number' } as const;

/**
 * Refuses a signed token whose claims are not shaped like a Cognito access token's — `username`
 * not a string, no `exp` (a token that would never expire) — with the error aws-jwt-verify raises
 * for a payload of the wrong shape (e.g. a string `exp`), so it is the same `401`. Cognito never
 * signs such a token; this keeps the typed claims the handlers get true whatever was signed.
 *
 * @param payload - the claims of a token whose signature was verified
 */
export const assertAccessTokenClaimTypes = (payload: JwtPayload): void => {
  for (const [claim, type] of Object.entries(REQUIRED_CLAIM_TYPES)) {
    const value = payload[claim];
    if (typeof value !== type || (type === 'string' && value === '')) {
      throw new JwtParseError(`Claim ${claim} must be a${type === 'number' ? '' : ' non-empty'} ${type}`);
    }
  }
};
