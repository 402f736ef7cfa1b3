import { httpProblem, type HttpProblem } from '@file-sla/shared-middleware';

/** The one answer to every credential failure, so nobody can tell which part was wrong. */
export const invalidCredentials = (cause?: unknown): HttpProblem =>
  httpProblem(401, {
    type: 'invalid-credentials',
    title: 'Unauthorized',
    detail: 'Incorrect username or password.',
    cause,
  });

/**
 * `401` for a login that ends in a challenge. `NEW_PASSWORD_REQUIRED` (an admin-created account on
 * first use) is completed with `{"username","newPassword","session"}`; other challenges are not
 * completed by this API.
 */
export const challengeRequired = (challengeName: string, session: string | undefined): HttpProblem =>
  challengeName === 'NEW_PASSWORD_REQUIRED'
    ? httpProblem(401, {
        type: 'new-password-required',
        title: 'New password required',
        detail: 'This account must set a new password: send {"username","newPassword","session"} with the session below.',
        extensions: { challengeName, session },
      })
    : httpProblem(401, {
        type: 'challenge-required',
        title: 'Authentication challenge required',
        detail: `Cognito asks for the challenge ${challengeName}, which this API does not complete.`,
        extensions: { challengeName },
      });

/** `403`: the account exists but is not confirmed. */
export const userNotConfirmed = (cause?: unknown): HttpProblem =>
  httpProblem(403, {
    type: 'user-not-confirmed',
    title: 'User not confirmed',
    detail: 'The account is not confirmed; ask an administrator to confirm it.',
    cause,
  });

/** `403`: an administrator reset the password. */
export const passwordResetRequired = (cause?: unknown): HttpProblem =>
  httpProblem(403, {
    type: 'password-reset-required',
    title: 'Password reset required',
    detail: 'The password of this account was reset; ask an administrator for a new temporary password.',
    cause,
  });

/** `400`: the new password breaks the user pool's password policy. */
export const newPasswordRejected = (cause?: unknown): HttpProblem =>
  httpProblem(400, {
    type: 'invalid-new-password',
    title: 'New password rejected',
    detail:
      'The new password does not meet the password policy (length, upper- and lower-case letters, digits, symbols) or was used before; choose another.',
    cause,
  });

/** `429` with `Retry-After`: Cognito throttled us. */
export const tooManyRequests = (retryAfterSeconds: number, cause?: unknown): HttpProblem =>
  httpProblem(429, {
    type: 'too-many-requests',
    title: 'Too many requests',
    detail: `Too many login requests; retry after ${retryAfterSeconds} seconds.`,
    headers: { 'Retry-After': String(retryAfterSeconds) },
    cause,
  });
