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

/**
 * Maps a Cognito failure to the answer of DESIGN §4.2. Credential failures of every kind share one
 * `401`; not confirmed / reset required are `403`; a policy-breaking new password `400`;
 * throttling `429`; everything that means our configuration is wrong, or Cognito is down, `500`.
 */
export const mapCognitoError = (error: unknown, flow: AuthRequest['flow']): HttpProblem => {
  const name = (error as { name?: unknown } | null)?.name;
  const message = String((error as { message?: unknown } | null)?.message ?? '');
  switch (name) {
    case 'NotAuthorizedException':
      return OUR_FAULT.test(message) ? new InternalError('Cognito refused our app client settings', error) : invalidCredentials(error);
    case 'UserNotFoundException':
    case 'CodeMismatchException':
    case 'ExpiredCodeException':
      return invalidCredentials(error);
    case 'InvalidPasswordException':
      // Real Cognito raises it for a new password that breaks the policy; the local emulator
      // raises it for a wrong password at login.
      return flow === 'new-password' ? newPasswordRejected(error) : invalidCredentials(error);
    case 'UserNotConfirmedException':
      return userNotConfirmed(error);
    case 'PasswordResetRequiredException':
      return passwordResetRequired(error);
    case 'TooManyRequestsException':
    case 'LimitExceededException':
      return tooManyRequests(RETRY_AFTER_SECONDS, error);
    default:
      return new InternalError(`Cognito call failed (${typeof name === 'string' ? name : 'unknown error'})`, error);
  }
};
