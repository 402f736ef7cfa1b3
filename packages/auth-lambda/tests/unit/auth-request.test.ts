import { describe, expect, it } from '@jest/globals';
import { isHttpProblem, type HttpProblem } from '@file-sla/shared-middleware';
import { normalizeAuthBody, toAuthRequest, type AuthRequestBody } from '../../src/auth-request.js';

/** The problem `run` throws. */
const thrown = (run: () => unknown): HttpProblem => {
  try {
    run();
  } catch (error) {
    if (isHttpProblem(error)) return error;
    throw error;
  }
  throw new Error('expected a problem');
};

const problemOf = (body: AuthRequestBody): HttpProblem => thrown(() => toAuthRequest(body));

describe('normalizeAuthBody', () => {
  it('matches property names case-insensitively', () => {
    expect(normalizeAuthBody({ Username: 'svc-job', Password: 'pw' })).toEqual({ username: 'svc-job', password: 'pw' });
    expect(normalizeAuthBody({ USERNAME: 'svc-job', PASSWORD: 'pw' })).toEqual({ username: 'svc-job', password: 'pw' });
    expect(normalizeAuthBody({ username: 'svc-job', REFRESHTOKEN: 'rt' })).toEqual({ username: 'svc-job', refreshToken: 'rt' });
    expect(normalizeAuthBody({ userName: 'svc-job', NewPassword: 'np', SESSION: 's' })).toEqual({
      username: 'svc-job',
      newPassword: 'np',
      session: 's',
    });
  });

  it('trims the username only; secrets are taken exactly as sent', () => {
    expect(normalizeAuthBody({ username: '\t svc-job \n', password: '  pw with spaces  ' })).toEqual({
      username: 'svc-job',
      password: '  pw with spaces  ',
    });
    expect(normalizeAuthBody({ username: 'u', newPassword: ' np ', session: ' s ' })).toEqual({ username: 'u', newPassword: ' np ', session: ' s ' });
  });

  it('keeps unknown properties under their own names, for validation to name them', () => {
    expect(normalizeAuthBody({ Username: 'u', Pasword: 'x', clientId: 'c' })).toEqual({ username: 'u', Pasword: 'x', clientId: 'c' });
  });

  it('refuses two properties that differ only in case: 400', () => {
    expect(thrown(() => normalizeAuthBody({ username: 'a', Username: 'b', password: 'p' }))).toMatchObject({
      statusCode: 400,
      errors: [{ path: '/username' }],
    });
    const problem = thrown(() => normalizeAuthBody({ password: 'a', PASSWORD: 'b', username: 'u' }));
    expect(problem).toMatchObject({ statusCode: 400, errors: [{ path: '/password' }] });
    expect(problem.detail).not.toMatch(/"a"|"b"/);
  });

  it('leaves a non-object as it is, and a non-string username untouched', () => {
    for (const value of [null, 'text', 42, true, ['username']]) expect(normalizeAuthBody(value)).toEqual(value);
    expect(normalizeAuthBody({ username: 42 })).toEqual({ username: 42 });
  });
});

describe('toAuthRequest', () => {
  it('a password → the password flow', () => {
    expect(toAuthRequest({ username: 'svc-job', password: 'pw' })).toEqual({ flow: 'password', username: 'svc-job', password: 'pw' });
  });

  it('a refresh token → the refresh flow', () => {
    expect(toAuthRequest({ username: 'svc-job', refreshToken: 'rt' })).toEqual({ flow: 'refresh', username: 'svc-job', refreshToken: 'rt' });
  });

  it('a new password with the session → the new-password flow', () => {
    expect(toAuthRequest({ username: 'svc-job', newPassword: 'np', session: 's' })).toEqual({
      flow: 'new-password',
      username: 'svc-job',
      newPassword: 'np',
      session: 's',
    });
  });

  it('no credential → 400 that explains the three body forms', () => {
    const problem = problemOf({ username: 'svc-job' });
    expect(problem).toMatchObject({ statusCode: 400, type: 'bad-request' });
    expect(problem.detail).toMatch(/^No credential given\./);
    expect(problem.detail).toContain('{"username","password"}');
  });

  it.each<[string, AuthRequestBody]>([
    ['password + refreshToken', { username: 'u', password: 'p', refreshToken: 'r' }],
    ['password + newPassword + session', { username: 'u', password: 'p', newPassword: 'n', session: 's' }],
    ['password + session', { username: 'u', password: 'p', session: 's' }],
    ['refreshToken + newPassword', { username: 'u', refreshToken: 'r', newPassword: 'n' }],
    ['all of them', { username: 'u', password: 'p', refreshToken: 'r', newPassword: 'n', session: 's' }],
  ])('several credentials (%s) → 400', (_label, body) => {
    const problem = problemOf(body);
    expect(problem.statusCode).toBe(400);
    expect(problem.detail).toMatch(/^Several credentials given\./);
  });

  it.each<[string, AuthRequestBody]>([
    ['newPassword without session', { username: 'u', newPassword: 'n' }],
    ['session without newPassword', { username: 'u', session: 's' }],
  ])('%s → 400', (_label, body) => {
    const problem = problemOf(body);
    expect(problem.statusCode).toBe(400);
    expect(problem.detail).toContain('"newPassword" and "session" go together');
  });

  it('never puts a secret in the problem it throws', () => {
    const problem = problemOf({ username: 'u', password: 'pw-SECRET-1', refreshToken: 'rt-SECRET-2' });
    expect(JSON.stringify({ detail: problem.detail, errors: problem.errors, ext: problem.extensions })).not.toMatch(/SECRET/);
  });
});
