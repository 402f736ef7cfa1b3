import { describe, expect, it } from '@jest/globals';
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidGroupError,
  CognitoJwtInvalidTokenUseError,
  FetchError,
  JwkInvalidKtyError,
  JwkValidationError,
  JwksNotAvailableInCacheError,
  JwksValidationError,
  JwtExpiredError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  NonRetryableFetchError,
  ParameterValidationError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import { HttpError, type HttpProblem, InternalError } from '../../../src/errors.js';
import { mapVerificationError } from '../../../src/jwt/verification-errors.js';

const expectUnauthorized = (problem: HttpProblem): void => {
  expect(problem).toBeInstanceOf(HttpError);
  expect(problem.statusCode).toBe(401);
  expect(problem.expose).toBe(true);
  expect(problem.type).toBe('unauthorized');
  expect(problem.headers['WWW-Authenticate']).toMatch(/^Bearer\b/);
};

const expectInternal = (problem: HttpProblem): InternalError => {
  expect(problem).toBeInstanceOf(InternalError);
  expect(problem.statusCode).toBe(500);
  expect(problem.expose).toBe(false);
  expect(problem.detail).toBe('Internal server error');
  expect(problem.headers['WWW-Authenticate']).toBeUndefined();
  return problem as InternalError;
};

describe('mapVerificationError', () => {
  describe('500 for what is about our side', () => {
    it('maps a FetchError (JWKS unreachable) to InternalError "JWKS endpoint unreachable"', () => {
      const cause = new FetchError('http://127.0.0.1:1/jwks.json', 'connect ECONNREFUSED');
      const problem = expectInternal(mapVerificationError(cause));
      expect(problem.logMessage).toBe('JWKS endpoint unreachable');
      expect(problem.cause).toBe(cause);
    });

    it('maps a NonRetryableFetchError (JWKS answered 500) to the same InternalError', () => {
      const problem = expectInternal(mapVerificationError(new NonRetryableFetchError('http://x/jwks.json', 'Status code is 500, expected 200')));
      expect(problem.logMessage).toBe('JWKS endpoint unreachable');
    });

    it.each([
      ['JwksValidationError', new JwksValidationError('JWKS does not include keys')],
      ['JwkValidationError', new JwkValidationError('JWK kty should be a string')],
      ['ParameterValidationError', new ParameterValidationError('issuer must be provided')],
      ['JwksNotAvailableInCacheError', new JwksNotAvailableInCacheError('not cached')],
      ['a plain Error', new TypeError('boom')],
      ['a non-Error value', 'just a string'],
      ['undefined', undefined],
    ])('maps %s to InternalError', (_name, cause) => {
      const problem = expectInternal(mapVerificationError(cause));
      expect(problem.logMessage).toBe('Access token verification failed on our side');
      expect(problem.cause).toBe(cause);
    });
  });

  describe('403 for a missing group', () => {
    it('maps CognitoJwtInvalidGroupError to 403 naming the group, with the insufficient_scope challenge', () => {
      const cause = new CognitoJwtInvalidGroupError('Missing Cognito group', undefined, ['sla-writers']);
      const problem = mapVerificationError(cause, 'sla-writers');
      expect(problem.statusCode).toBe(403);
      expect(problem.type).toBe('forbidden');
      expect(problem.detail).toContain('"sla-writers"');
      expect(problem.headers['WWW-Authenticate']).toBe('Bearer error="insufficient_scope"');
      expect(problem.cause).toBe(cause);
    });
  });

  describe('401 with WWW-Authenticate: Bearer for anything about the token', () => {
    it('names where to log in again, when told', () => {
      expect(mapVerificationError(new JwtExpiredError('Token expired', 1), undefined, 'POST /auth').detail).toBe(
        'The access token has expired; log in again (POST /auth) and resend.',
      );
      expect(mapVerificationError(new JwtExpiredError('Token expired', 1)).detail).toBe('The access token has expired; log in again and resend.');
    });

    it('says an expired token has expired', () => {
      const problem = mapVerificationError(new JwtExpiredError('Token expired', 1));
      expectUnauthorized(problem);
      expect(problem.detail).toMatch(/expired/);
    });

    it('says an id token is the wrong token', () => {
      const problem = mapVerificationError(new CognitoJwtInvalidTokenUseError('Token use not allowed: id', 'id', 'access'));
      expectUnauthorized(problem);
      expect(problem.detail).toMatch(/not the id token/);
    });

    it('says a token of another client is for another client', () => {
      const problem = mapVerificationError(new CognitoJwtInvalidClientIdError('Client ID not allowed', 'x', 'y'));
      expectUnauthorized(problem);
      expect(problem.detail).toMatch(/another app client/);
    });

    it.each([
      ['JwtParseError', new JwtParseError('JWT string does not consist of exactly 3 parts')],
      ['JwtInvalidSignatureError', new JwtInvalidSignatureError('Invalid signature')],
      ['JwtInvalidSignatureAlgorithmError', new JwtInvalidSignatureAlgorithmError('alg not allowed: HS256', 'HS256', 'RS256')],
      ['JwtInvalidIssuerError', new JwtInvalidIssuerError('Issuer not allowed', 'a', 'b')],
      ['JwtNotBeforeError', new JwtNotBeforeError('Token can\'t be used before', 1)],
      ['JwtWithoutValidKidError', new JwtWithoutValidKidError('no kid')],
      ['KidNotFoundInJwksError', new KidNotFoundInJwksError('kid not found')],
      ['WaitPeriodNotYetEndedJwkError', new WaitPeriodNotYetEndedJwkError('penalty box')],
      ['JwkInvalidKtyError', new JwkInvalidKtyError('kty not allowed', 'oct', 'RSA')],
    ])('maps %s to "The access token is invalid."', (_name, cause) => {
      const problem = mapVerificationError(cause);
      expectUnauthorized(problem);
      expect(problem.detail).toBe('The access token is invalid.');
      expect(problem.cause).toBe(cause);
    });
  });
});
