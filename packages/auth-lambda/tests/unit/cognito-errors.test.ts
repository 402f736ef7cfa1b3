import {
  CodeMismatchException,
  ExpiredCodeException,
  InternalErrorException,
  InvalidParameterException,
  InvalidPasswordException,
  LimitExceededException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  ResourceNotFoundException,
  TooManyRequestsException,
  UserNotConfirmedException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from '@jest/globals';
import { HttpError, InternalError } from '@file-sla/shared-middleware';
import type { AuthRequest } from '../../src/auth-request.js';
import { RETRY_AFTER_SECONDS, mapCognitoError } from '../../src/cognito-errors.js';

const $metadata = { httpStatusCode: 400, requestId: '0c2f6c4e-aws-request' };
const FLOWS: AuthRequest['flow'][] = ['password', 'refresh', 'new-password'];

/** A network failure as the SDK's HTTP handler surfaces it. */
const networkError = (name: string, message: string, code?: string): Error =>
  Object.assign(new Error(message), { name, ...(code ? { code } : {}) });

describe('mapCognitoError', () => {
  describe('credential failures: one 401 "Incorrect username or password."', () => {
    const cases: [string, unknown][] = [
      ['wrong password', new NotAuthorizedException({ message: 'Incorrect username or password.', $metadata })],
      ['disabled user', new NotAuthorizedException({ message: 'User is disabled.', $metadata })],
      ['locked out', new NotAuthorizedException({ message: 'Password attempts exceeded', $metadata })],
      ['invalid refresh token', new NotAuthorizedException({ message: 'Invalid Refresh Token', $metadata })],
      ['revoked refresh token', new NotAuthorizedException({ message: 'Refresh Token has been revoked', $metadata })],
      ['invalid session', new NotAuthorizedException({ message: 'Invalid session for the user.', $metadata })],
      ['expired session', new NotAuthorizedException({ message: 'Invalid session for the user, session is expired.', $metadata })],
      ['unknown user', new UserNotFoundException({ message: 'User does not exist.', $metadata })],
      ['code mismatch', new CodeMismatchException({ message: 'Invalid code received for user', $metadata })],
      ['expired code', new ExpiredCodeException({ message: 'Invalid code provided, please request a code again.', $metadata })],
      ['plain object named like the SDK error', { name: 'NotAuthorizedException', message: 'Incorrect username or password.' }],
    ];
    it.each(cases)('%s', (_label, error) => {
      for (const flow of FLOWS) {
        const problem = mapCognitoError(error, flow);
        expect(problem).not.toBeInstanceOf(InternalError);
        expect(problem).toMatchObject({
          statusCode: 401,
          type: 'invalid-credentials',
          title: 'Unauthorized',
          detail: 'Incorrect username or password.',
          headers: {},
          extensions: {},
        });
        expect(problem.cause).toBe(error);
      }
    });
  });

  it('InvalidPasswordException: 400 on the new-password flow, the shared 401 at login (local emulator)', () => {
    const error = new InvalidPasswordException({ message: 'Password does not conform to policy: Password not long enough', $metadata });
    expect(mapCognitoError(error, 'new-password')).toMatchObject({ statusCode: 400, type: 'invalid-new-password' });
    expect(mapCognitoError(error, 'password')).toMatchObject({ statusCode: 401, type: 'invalid-credentials' });
    expect(mapCognitoError(error, 'refresh')).toMatchObject({ statusCode: 401, type: 'invalid-credentials' });
  });

  it('UserNotConfirmedException: 403 user-not-confirmed', () => {
    const problem = mapCognitoError(new UserNotConfirmedException({ message: 'User is not confirmed.', $metadata }), 'password');
    expect(problem).toMatchObject({ statusCode: 403, type: 'user-not-confirmed' });
  });

  it('PasswordResetRequiredException: 403 password-reset-required (a type distinct from not-confirmed)', () => {
    const problem = mapCognitoError(new PasswordResetRequiredException({ message: 'Password reset required for the user', $metadata }), 'password');
    expect(problem).toMatchObject({ statusCode: 403, type: 'password-reset-required' });
  });

  it.each([
    ['TooManyRequestsException', new TooManyRequestsException({ message: 'Rate exceeded', $metadata })],
    ['LimitExceededException', new LimitExceededException({ message: 'Attempt limit exceeded, please try after some time.', $metadata })],
  ])('%s: 429 with Retry-After', (_name, error) => {
    const problem = mapCognitoError(error, 'password');
    expect(RETRY_AFTER_SECONDS).toBeGreaterThan(0);
    expect(problem).toMatchObject({
      statusCode: 429,
      type: 'too-many-requests',
      headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    });
  });

  describe('our configuration is wrong, or Cognito is down: 500', () => {
    const cases: [string, unknown, string][] = [
      ['ResourceNotFoundException', new ResourceNotFoundException({ message: 'User pool client client123 does not exist.', $metadata }), 'ResourceNotFoundException'],
      [
        'InvalidParameterException (flow not enabled)',
        new InvalidParameterException({ message: 'USER_PASSWORD_AUTH flow not enabled for this client', $metadata }),
        'InvalidParameterException',
      ],
      ['InternalErrorException', new InternalErrorException({ message: 'Internal error', $metadata }), 'InternalErrorException'],
      ['TimeoutError', networkError('TimeoutError', 'Connection timed out after 1000 ms'), 'TimeoutError'],
      ['ECONNREFUSED', networkError('Error', 'connect ECONNREFUSED 10.0.3.17:443', 'ECONNREFUSED'), 'Error'],
      ['a thrown string', 'socket hang up', 'unknown error'],
      ['null', null, 'unknown error'],
    ];
    it.each(cases)('%s', (_label, error, inLog) => {
      const problem = mapCognitoError(error, 'password');
      expect(problem).toBeInstanceOf(InternalError);
      expect(problem).toMatchObject({ statusCode: 500, expose: false, detail: 'Internal server error' });
      expect((problem as InternalError).logMessage).toContain(inLog);
      expect(problem.cause).toBe(error);
    });

    it.each([
      'Unable to verify secret hash for client client123',
      'Client client123 is configured for secret but secret was not received',
      'Auth flow not enabled for this client',
      'USER_PASSWORD_AUTH flow not supported for this client',
    ])('NotAuthorizedException "%s"', (message) => {
      const error = new NotAuthorizedException({ message, $metadata });
      for (const flow of FLOWS) {
        const problem = mapCognitoError(error, flow);
        expect(problem).toBeInstanceOf(InternalError);
        expect(problem.statusCode).toBe(500);
        expect((problem as InternalError).logMessage).not.toContain(message);
      }
    });
  });

  it('always returns an HttpProblem, never throws', () => {
    for (const error of [undefined, 0, {}, [], new Error(), { name: 42 }, Symbol('x')]) {
      expect(mapCognitoError(error, 'refresh')).toBeInstanceOf(HttpError);
    }
  });
});
