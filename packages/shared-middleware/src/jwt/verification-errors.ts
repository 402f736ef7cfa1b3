import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidGroupError,
  CognitoJwtInvalidTokenUseError,
  FetchError,
  JwkValidationError,
  JwksNotAvailableInCacheError,
  JwksValidationError,
  JwtBaseError,
  JwtExpiredError,
  ParameterValidationError,
} from 'aws-jwt-verify/error';
import { type HttpProblem, InternalError, missingGroup, unauthorized } from '../errors.js';

/**
 * Maps what aws-jwt-verify threw to the HTTP answer: anything about the token is `401`
 * (`WWW-Authenticate: Bearer`), a missing group `403`, and what is about our side — JWKS
 * unreachable or malformed, bad verifier parameters, or a non-library error — `500`.
 */
export const mapVerificationError = (error: unknown, requiredGroup?: string, login?: string): HttpProblem => {
  if (error instanceof FetchError) return new InternalError('JWKS endpoint unreachable', error);
  if (
    error instanceof JwksValidationError ||
    error instanceof JwkValidationError ||
    error instanceof ParameterValidationError ||
    error instanceof JwksNotAvailableInCacheError ||
    !(error instanceof JwtBaseError)
  ) {
    return new InternalError('Access token verification failed on our side', error);
  }
  if (error instanceof CognitoJwtInvalidGroupError) {
    return missingGroup(requiredGroup ?? '', error);
  }
  if (error instanceof JwtExpiredError) {
    return unauthorized(`The access token has expired; log in again${login ? ` (${login})` : ''} and resend.`, error);
  }
  if (error instanceof CognitoJwtInvalidTokenUseError) {
    return unauthorized('Send the access token (accessToken), not the id token.', error);
  }
  if (error instanceof CognitoJwtInvalidClientIdError) {
    return unauthorized('The access token was issued to another app client.', error);
  }
  return unauthorized('The access token is invalid.', error);
};
