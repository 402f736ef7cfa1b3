import { InternalError, type HttpProblem } from '@file-sla/shared-middleware';
import {
  invalidCredentials,
  newPasswordRejected,
  passwordResetRequired,
  tooManyRequests,
  userNotConfirmed,
} from './errors.js';
import type { AuthRequest } from './auth-request.js';

/** Seconds a throttled caller is told to wait. */
export const RETRY_AFTER_SECONDS = 5;

/** NotAuthorizedException texts that mean our configuration is wrong, not the caller's credentials. */
const OUR_FAULT = /secret hash|client.*secret|not enabled|not supported|Auth flow/i;

type Answer = (error: unknown, flow: AuthRequest['flow'], message: string) => HttpProblem;

/**
 * The answer to each Cognito exception, by its name. Credential failures of every kind share one
 * `401`; not confirmed / reset required are `403`; a policy-breaking new password `400`;
 * throttling `429`.
 */
const ANSWERS: Readonly<Record<string, Answer>> = {
  NotAuthorizedException: (error, _flow, message) =>
    OUR_FAULT.test(message) ? new InternalError('Cognito refused our app client settings', error) : invalidCredentials(error),
  UserNotFoundException: (error) => invalidCredentials(error),
  CodeMismatchException: (error) => invalidCredentials(error),
  ExpiredCodeException: (error) => invalidCredentials(error),
  // Real Cognito raises it for a new password that breaks the policy; the local emulator raises
  // it for a wrong password at login.
  InvalidPasswordException: (error, flow) => (flow === 'new-password' ? newPasswordRejected(error) : invalidCredentials(error)),
  UserNotConfirmedException: (error) => userNotConfirmed(error),
  PasswordResetRequiredException: (error) => passwordResetRequired(error),
  TooManyRequestsException: (error) => tooManyRequests(RETRY_AFTER_SECONDS, error),
  LimitExceededException: (error) => tooManyRequests(RETRY_AFTER_SECONDS, error),
};

/** The names of the Cognito exceptions that have an answer of their own (every other one is `500`). */
export const KNOWN_COGNITO_ERRORS: readonly string[] = Object.keys(ANSWERS);

/**
 * Maps a Cognito failure to its answer by the exception's own `name` (and, for
 * `NotAuthorizedException`, its message), read from the error exactly as the SDK threw it;
 * anything that means our configuration is wrong, or Cognito is down, is `500`.
 */
export const mapCognitoError = (error: unknown, flow: AuthRequest['flow']): HttpProblem => {
  const name = (error as { name?: unknown } | null)?.name;
  const message = String((error as { message?: unknown } | null)?.message ?? '');
  const answer = typeof name === 'string' && Object.hasOwn(ANSWERS, name) ? ANSWERS[name] : undefined;
  return answer ? answer(error, flow, message) : new InternalError(`Cognito call failed (${typeof name === 'string' ? name : 'unknown error'})`, error);
};
