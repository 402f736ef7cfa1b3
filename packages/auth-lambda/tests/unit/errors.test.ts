import { describe, expect, it } from '@jest/globals';
import { HttpError } from '@file-sla/shared-middleware';
import {
  challengeRequired,
  invalidCredentials,
  newPasswordRejected,
  passwordResetRequired,
  tooManyRequests,
  userNotConfirmed,
} from '../../src/errors.js';

describe('auth problems', () => {
  it('invalidCredentials: 401 "Incorrect username or password.", cause kept for the log only', () => {
    const cause = new Error('User is disabled.');
    const problem = invalidCredentials(cause);
    expect(problem).toBeInstanceOf(HttpError);
    expect(problem).toMatchObject({
      statusCode: 401,
      expose: true,
      type: 'invalid-credentials',
      title: 'Unauthorized',
      detail: 'Incorrect username or password.',
      headers: {},
      extensions: {},
    });
    expect(problem.cause).toBe(cause);
  });

  it('challengeRequired(NEW_PASSWORD_REQUIRED): 401 new-password-required with challengeName and session', () => {
    const problem = challengeRequired('NEW_PASSWORD_REQUIRED', 'opaque-session');
    expect(problem.statusCode).toBe(401);
    expect(problem.type).toBe('new-password-required');
    expect(problem.type.endsWith('new-password-required')).toBe(true);
    expect(problem.extensions).toEqual({ challengeName: 'NEW_PASSWORD_REQUIRED', session: 'opaque-session' });
    expect(problem.detail).toContain('newPassword');
  });

  it('challengeRequired(other): 401 challenge-required naming the challenge, no session', () => {
    const problem = challengeRequired('SOFTWARE_TOKEN_MFA', 'opaque-session');
    expect(problem.statusCode).toBe(401);
    expect(problem.type).toBe('challenge-required');
    expect(problem.extensions).toEqual({ challengeName: 'SOFTWARE_TOKEN_MFA' });
    expect(problem.detail).toContain('SOFTWARE_TOKEN_MFA');
  });

  it('userNotConfirmed and passwordResetRequired: 403 with distinct types', () => {
    const notConfirmed = userNotConfirmed();
    const reset = passwordResetRequired();
    expect(notConfirmed.statusCode).toBe(403);
    expect(reset.statusCode).toBe(403);
    expect(notConfirmed.type).toBe('user-not-confirmed');
    expect(reset.type).toBe('password-reset-required');
  });

  it('newPasswordRejected: 400 invalid-new-password', () => {
    expect(newPasswordRejected()).toMatchObject({ statusCode: 400, type: 'invalid-new-password' });
  });

  it('tooManyRequests: 429 with Retry-After in seconds', () => {
    const problem = tooManyRequests(7);
    expect(problem).toMatchObject({ statusCode: 429, type: 'too-many-requests', headers: { 'Retry-After': '7' } });
    expect(problem.detail).toContain('7 seconds');
  });
});
