import {
  InternalErrorException,
  InvalidParameterException,
  InvalidPasswordException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  ResourceNotFoundException,
  TooManyRequestsException,
  UserNotConfirmedException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { HttpResponse } from '@file-sla/shared-middleware';
import { captureOutput, type CapturedOutput } from '@file-sla/test-support';
import {
  ACCESS_TOKEN,
  ID_TOKEN,
  NEW_PASSWORD,
  PASSWORD,
  REFRESH_TOKEN,
  SECRET_HASH,
  SESSION,
  expectedSecretHash,
  loginResult,
  refreshResult,
} from '../support/cognito.js';
import { VALID_ENV } from '../support/env.js';
import { REQUEST_ID, jsonOf } from '../support/events.js';
import { loadHandler, type LoadedHandler } from '../support/handler.js';

const PROBLEMS = 'https://file-sla-errors.dev/problems/';
const $metadata = { httpStatusCode: 400, requestId: 'aws-request-0c2f6c4e' };

const loginBody = { username: 'svc-job', password: PASSWORD };
const refreshBody = { username: 'svc-job', refreshToken: REFRESH_TOKEN };
const newPasswordBody = { username: 'svc-job', newPassword: NEW_PASSWORD, session: SESSION };

/** The one 401 of every credential failure, byte for byte. */
const INVALID_CREDENTIALS_BODY = JSON.stringify({
  type: `${PROBLEMS}invalid-credentials`,
  title: 'Unauthorized',
  status: 401,
  detail: 'Incorrect username or password.',
  requestId: REQUEST_ID,
});

/** Every 5xx body: nothing but "Internal server error" and the request id. */
const INTERNAL_ERROR_BODY = { type: `${PROBLEMS}internal-error`, title: 'Internal server error', status: 500, detail: 'Internal server error', requestId: REQUEST_ID };

const expectCommonHeaders = (response: HttpResponse): void => {
  for (const name of Object.keys(response.headers)) expect(name).toBe(name.toLowerCase());
  expect(response.headers).toMatchObject({
    'x-request-id': REQUEST_ID,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'strict-transport-security': expect.stringContaining('max-age='),
  });
};

const expectProblem = (response: HttpResponse, status: number, type: string): Record<string, unknown> => {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json');
  expectCommonHeaders(response);
  const body = jsonOf(response);
  expect(body).toMatchObject({ type: `${PROBLEMS}${type}`, status, requestId: REQUEST_ID });
  return body;
};

describe('handler (app client with a secret)', () => {
  let h: LoadedHandler;
  let output: CapturedOutput;

  beforeAll(async () => {
    h = await loadHandler({ ...VALID_ENV });
  });
  afterAll(() => h.dispose());
  beforeEach(() => {
    h.cognito.reset();
    output = captureOutput();
  });

  const initiateAuthInput = () => h.cognito.commandCalls(h.sdk.InitiateAuthCommand)[0]!.args[0].input;
  const respondInput = () => h.cognito.commandCalls(h.sdk.RespondToAuthChallengeCommand)[0]!.args[0].input;

  describe('password login', () => {
    it('answers 200 with the tokens', async () => {
      h.cognito.on(h.sdk.InitiateAuthCommand).resolves({ AuthenticationResult: loginResult, ChallengeParameters: {} });

      const response = await h.invoke({ body: loginBody });

      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expectCommonHeaders(response);
      expect(jsonOf(response)).toEqual({ accessToken: ACCESS_TOKEN, idToken: ID_TOKEN, refreshToken: REFRESH_TOKEN, expiresIn: 3600, tokenType: 'Bearer' });
      expect(Object.keys(jsonOf(response))).toEqual(['accessToken', 'idToken', 'refreshToken', 'expiresIn', 'tokenType']);
    });

    it('sends USER_PASSWORD_AUTH with SECRET_HASH = Base64(HMAC-SHA256(secret, username + clientId))', async () => {
      h.cognito.on(h.sdk.InitiateAuthCommand).resolves({ AuthenticationResult: loginResult });

      await h.invoke({ body: loginBody });

      expect(h.cognito.calls()).toHaveLength(1);
      const input = initiateAuthInput();
      expect(input).toEqual({
        ClientId: 'client123',
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'svc-job', PASSWORD: PASSWORD, SECRET_HASH: '2iTfsQrPL3zdaROiSjl6rqLGg6VTMVbOxir86yXADVA=' },
      });
      expect(input.AuthParameters?.SECRET_HASH).toBe(expectedSecretHash('s3cr3t', 'svc-job', 'client123'));
    });
  });

  describe('refresh', () => {
    it('sends REFRESH_TOKEN_AUTH with SECRET_HASH and answers the tokens without a refreshToken', async () => {
      h.cognito.on(h.sdk.InitiateAuthCommand).resolves({ AuthenticationResult: refreshResult });

      const response = await h.invoke({ body: refreshBody });

      expect(response.statusCode).toBe(200);
      expect(jsonOf(response)).toEqual({ accessToken: ACCESS_TOKEN, idToken: ID_TOKEN, expiresIn: 3600, tokenType: 'Bearer' });
      expect(initiateAuthInput()).toEqual({
        ClientId: 'client123',
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { USERNAME: 'svc-job', REFRESH_TOKEN: REFRESH_TOKEN, SECRET_HASH: SECRET_HASH },
      });
    });
  });

  describe('challenges', () => {
    it('NEW_PASSWORD_REQUIRED → 401 new-password-required with challengeName and session', async () => {
      h.cognito.on(h.sdk.InitiateAuthCommand).resolves({
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: SESSION,
        ChallengeParameters: { USER_ID_FOR_SRP: 'svc-job', requiredAttributes: '[]', userAttributes: '{"email_verified":"true"}' },
      });

      const response = await h.invoke({ body: loginBody });

      const body = expectProblem(response, 401, 'new-password-required');
      expect(String(body.type).endsWith('new-password-required')).toBe(true);
      expect(body).toEqual({
        type: `${PROBLEMS}new-password-required`,
        title: 'New password required',
        status: 401,
        detail: expect.stringContaining('"username","newPassword","session"'),
        requestId: REQUEST_ID,
        challengeName: 'NEW_PASSWORD_REQUIRED',
        session: SESSION,
      });
    });

    it('completing it: RespondToAuthChallenge NEW_PASSWORD_REQUIRED with SECRET_HASH → 200 tokens', async () => {
      h.cognito.on(h.sdk.RespondToAuthChallengeCommand).resolves({ AuthenticationResult: loginResult, ChallengeParameters: {} });

      const response = await h.invoke({ body: newPasswordBody });

      expect(response.statusCode).toBe(200);
      expect(jsonOf(response)).toEqual({ accessToken: ACCESS_TOKEN, idToken: ID_TOKEN, refreshToken: REFRESH_TOKEN, expiresIn: 3600, tokenType: 'Bearer' });
      expect(h.cognito.commandCalls(h.sdk.InitiateAuthCommand)).toHaveLength(0);
      expect(respondInput()).toEqual({
        ClientId: 'client123',
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: SESSION,
        ChallengeResponses: { USERNAME: 'svc-job', NEW_PASSWORD: NEW_PASSWORD, SECRET_HASH: SECRET_HASH },
      });
    });

    it('another challenge (SOFTWARE_TOKEN_MFA) → 401 with its challengeName and no session', async () => {
      h.cognito.on(h.sdk.InitiateAuthCommand).resolves({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: SESSION, ChallengeParameters: {} });

      const response = await h.invoke({ body: loginBody });

      const body = expectProblem(response, 401, 'challenge-required');
      expect(body.challengeName).toBe('SOFTWARE_TOKEN_MFA');
      expect(body).not.toHaveProperty('session');
      expect(response.body).not.toContain(SESSION);
    });
  });

  describe('credential failures: one identical 401, no user enumeration', () => {
    const cases: [string, object, Error][] = [
      ['wrong password', loginBody, new NotAuthorizedException({ message: 'Incorrect username or password.', $metadata })],
      ['disabled user', loginBody, new NotAuthorizedException({ message: 'User is disabled.', $metadata })],
      ['locked out', loginBody, new NotAuthorizedException({ message: 'Password attempts exceeded', $metadata })],
      ['unknown user', loginBody, new UserNotFoundException({ message: 'User does not exist.', $metadata })],
      ['wrong password on the local emulator', loginBody, new InvalidPasswordException({ message: 'Invalid password', $metadata })],
      ['invalid refresh token', refreshBody, new NotAuthorizedException({ message: 'Invalid Refresh Token', $metadata })],
      ['invalid session', newPasswordBody, new NotAuthorizedException({ message: 'Invalid session for the user.', $metadata })],
      ['unknown user on the new-password flow', newPasswordBody, new UserNotFoundException({ message: 'User does not exist.', $metadata })],
    ];

    it.each(cases)('%s → 401 "Incorrect username or password."', async (_label, body, error) => {
      h.cognito.on(h.sdk.InitiateAuthCommand).rejects(error).on(h.sdk.RespondToAuthChallengeCommand).rejects(error);
      const response = await h.invoke({ body });
      expectProblem(response, 401, 'invalid-credentials');
      expect(response.body).toBe(INVALID_CREDENTIALS_BODY);
    });

    it('every one of them answers byte-identical status, headers and body', async () => {
      const responses: HttpResponse[] = [];
      for (const [, body, error] of cases) {
        h.cognito.reset();
        h.cognito.on(h.sdk.InitiateAuthCommand).rejects(error).on(h.sdk.RespondToAuthChallengeCommand).rejects(error);
        responses.push(await h.invoke({ body }));
      }
      const [first, ...rest] = responses;
      expect(first!.statusCode).toBe(401);
      for (const response of rest) {
        expect(response.statusCode).toBe(first!.statusCode);
        expect(response.headers).toEqual(first!.headers);
        expect(response.body).toBe(first!.body);
      }
    });
  });

  describe('account state', () => {
    it('UserNotConfirmedException → 403 user-not-confirmed', async () => {
      h.cognito.on(h.sdk.InitiateAuthCommand).rejects(new UserNotConfirmedException({ message: 'User is not confirmed.', $metadata }));
      const body = expectProblem(await h.invoke({ body: loginBody }), 403, 'user-not-confirmed');
      expect(body.title).toBe('User not confirmed');
    });

    it('PasswordResetRequiredException → 403 password-reset-required', async () => {
      h.cognito.on(h.sdk.InitiateAuthCommand).rejects(new PasswordResetRequiredException({ message: 'Password reset required for the user', $metadata }));
      const body = expectProblem(await h.invoke({ body: loginBody }), 403, 'password-reset-required');
      expect(body.title).toBe('Password reset required');
    });

    it('InvalidPasswordException on the new-password flow → 400 invalid-new-password', async () => {
      h.cognito
        .on(h.sdk.RespondToAuthChallengeCommand)
        .rejects(new InvalidPasswordException({ message: 'Password does not conform to policy: Password must have symbol characters', $metadata }));
      const response = await h.invoke({ body: newPasswordBody });
      const body = expectProblem(response, 400, 'invalid-new-password');
      expect(body.detail).toContain('password policy');
      expect(response.body).not.toContain('conform');
    });

    it('TooManyRequestsException → 429 with Retry-After', async () => {
      h.cognito.on(h.sdk.InitiateAuthCommand).rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata }));
      const response = await h.invoke({ body: loginBody });
      expectProblem(response, 429, 'too-many-requests');
      expect(response.headers['retry-after']).toMatch(/^[1-9]\d*$/);
      expect(response.body).not.toContain('Rate exceeded');
    });
  });

  describe('our fault, or Cognito down: 500 with "Internal server error" and nothing else', () => {
    const timeout = Object.assign(new Error('Connection timed out after 3000 ms'), { name: 'TimeoutError' });
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.3.17:443'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' });
    const cases: [string, Error, string][] = [
      ['ResourceNotFoundException', new ResourceNotFoundException({ message: 'User pool client client123 does not exist.', $metadata }), 'does not exist'],
      [
        'InvalidParameterException (flow not enabled)',
        new InvalidParameterException({ message: 'USER_PASSWORD_AUTH flow not enabled for this client', $metadata }),
        'flow not enabled',
      ],
      [
        'NotAuthorizedException "Unable to verify secret hash for client …"',
        new NotAuthorizedException({ message: 'Unable to verify secret hash for client client123', $metadata }),
        'secret hash',
      ],
      ['InternalErrorException', new InternalErrorException({ message: 'An internal error occurred in Cognito', $metadata }), 'internal error occurred'],
      ['a network timeout (TimeoutError)', timeout, 'timed out'],
      ['a refused connection (ECONNREFUSED)', refused, 'ECONNREFUSED'],
    ];

    it.each(cases)('%s', async (_label, error, awsText) => {
      h.cognito.on(h.sdk.InitiateAuthCommand).rejects(error);

      const response = await h.invoke({ body: loginBody });

      expect(response.statusCode).toBe(500);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expectCommonHeaders(response);
      expect(JSON.parse(response.body)).toEqual(INTERNAL_ERROR_BODY);
      expect(Object.keys(JSON.parse(response.body))).toEqual(['type', 'title', 'status', 'detail', 'requestId']);
      expect(response.body).not.toContain(awsText);
      expect(response.body).not.toContain(error.name === 'Error' ? 'ECONNREFUSED' : error.name);
      expect(response.body).not.toMatch(/\bat\s.*:\d+:\d+/);
      // The cause goes to the log instead.
      expect(output.text()).toContain(awsText);
    });

    it('a Cognito answer with neither tokens nor a challenge → 500', async () => {
      h.cognito.on(h.sdk.InitiateAuthCommand).resolves({});
      const response = await h.invoke({ body: loginBody });
      expect(response.statusCode).toBe(500);
      expect(JSON.parse(response.body)).toEqual(INTERNAL_ERROR_BODY);
    });
  });

  describe('body rules', () => {
    it('matches field names case-insensitively (Username/Password)', async () => {
      h.cognito.on(h.sdk.InitiateAuthCommand).resolves({ AuthenticationResult: loginResult });
      const response = await h.invoke({ body: { Username: 'svc-job', Password: PASSWORD } });
      expect(response.statusCode).toBe(200);
      expect(initiateAuthInput().AuthParameters).toEqual({ USERNAME: 'svc-job', PASSWORD: PASSWORD, SECRET_HASH: SECRET_HASH });
    });

    it('matches field names case-insensitively (USERNAME/PASSWORD, RefreshToken, NEWPASSWORD/Session)', async () => {
      h.cognito.on(h.sdk.InitiateAuthCommand).resolves({ AuthenticationResult: loginResult });
      h.cognito.on(h.sdk.RespondToAuthChallengeCommand).resolves({ AuthenticationResult: loginResult });
      expect((await h.invoke({ body: { USERNAME: 'svc-job', PASSWORD: PASSWORD } })).statusCode).toBe(200);
      expect((await h.invoke({ body: { username: 'svc-job', RefreshToken: REFRESH_TOKEN } })).statusCode).toBe(200);
      expect((await h.invoke({ body: { UserName: 'svc-job', NEWPASSWORD: NEW_PASSWORD, Session: SESSION } })).statusCode).toBe(200);
      const initiate = h.cognito.commandCalls(h.sdk.InitiateAuthCommand).map((call) => call.args[0].input);
      expect(initiate.map((input) => input.AuthFlow)).toEqual(['USER_PASSWORD_AUTH', 'REFRESH_TOKEN_AUTH']);
      expect(initiate[0]!.AuthParameters?.PASSWORD).toBe(PASSWORD);
      expect(initiate[1]!.AuthParameters?.REFRESH_TOKEN).toBe(REFRESH_TOKEN);
      expect(respondInput()).toMatchObject({ Session: SESSION, ChallengeResponses: { USERNAME: 'svc-job', NEW_PASSWORD: NEW_PASSWORD } });
    });

    it('trims the username (and hashes the trimmed one), not the password', async () => {
      h.cognito.on(h.sdk.InitiateAuthCommand).resolves({ AuthenticationResult: loginResult });
      const response = await h.invoke({ body: { username: '  svc-job\t', password: ` ${PASSWORD} ` } });
      expect(response.statusCode).toBe(200);
      expect(initiateAuthInput().AuthParameters).toEqual({ USERNAME: 'svc-job', PASSWORD: ` ${PASSWORD} `, SECRET_HASH: SECRET_HASH });
    });

    it('accepts the maximum sizes: username 128, password 256', async () => {
      h.cognito.on(h.sdk.InitiateAuthCommand).resolves({ AuthenticationResult: loginResult });
      const response = await h.invoke({ body: { username: 'u'.repeat(128), password: 'p'.repeat(256) } });
      expect(response.statusCode).toBe(200);
    });

    it('accepts the maximum sizes: refresh token 4096, session 4096', async () => {
      h.cognito.on(h.sdk.InitiateAuthCommand).resolves({ AuthenticationResult: refreshResult });
      h.cognito.on(h.sdk.RespondToAuthChallengeCommand).resolves({ AuthenticationResult: loginResult });
      expect((await h.invoke({ body: { username: 'svc-job', refreshToken: 'r'.repeat(4096) } })).statusCode).toBe(200);
      expect((await h.invoke({ body: { username: 'svc-job', newPassword: 'n'.repeat(256), session: 's'.repeat(4096) } })).statusCode).toBe(200);
    });

    it.each([
      ['username > 128', { username: 'u'.repeat(129), password: PASSWORD }, '/username', 'must NOT have more than 128 characters'],
      ['password > 256', { username: 'svc-job', password: 'p'.repeat(257) }, '/password', 'must NOT have more than 256 characters'],
      ['refresh token > 4096', { username: 'svc-job', refreshToken: 'r'.repeat(4097) }, '/refreshToken', 'must NOT have more than 4096 characters'],
      ['session > 4096', { username: 'svc-job', newPassword: NEW_PASSWORD, session: 's'.repeat(4097) }, '/session', 'must NOT have more than 4096 characters'],
      ['newPassword > 256', { username: 'svc-job', newPassword: 'n'.repeat(257), session: SESSION }, '/newPassword', 'must NOT have more than 256 characters'],
      ['empty username after trimming', { username: '   ', password: PASSWORD }, '/username', 'must NOT have fewer than 1 characters'],
      ['username with a space inside', { username: 'svc job', password: PASSWORD }, '/username', 'must match pattern "^\\S+$"'],
      ['username not a string', { username: 42, password: PASSWORD }, '/username', 'must be of type string (no conversion is done)'],
      ['no username', { password: PASSWORD }, '/username', 'is required'],
    ])('%s → 400 with the JSON-pointer path', async (_label, body, path, message) => {
      const response = await h.invoke({ body });
      const problem = expectProblem(response, 400, 'validation-error');
      const errors = problem.errors as { path: string; message: string }[];
      expect(errors).toContainEqual({ path, message });
      for (const error of errors) expect(error.path).toBe(path);
      expect(h.cognito.calls()).toHaveLength(0);
    });

    it('lists every oversized field at once', async () => {
      const response = await h.invoke({ body: { username: 'u'.repeat(129), password: 'p'.repeat(257) } });
      const problem = expectProblem(response, 400, 'validation-error');
      expect(problem.errors).toEqual([
        { path: '/username', message: 'must NOT have more than 128 characters' },
        { path: '/password', message: 'must NOT have more than 256 characters' },
      ]);
      expect(response.body).not.toContain('p'.repeat(257));
    });

    it('unknown fields → 400 naming each of them', async () => {
      const response = await h.invoke({ body: { username: 'svc-job', password: PASSWORD, Pasword: 'typo', clientId: 'client123' } });
      const problem = expectProblem(response, 400, 'validation-error');
      expect(problem.errors).toEqual([
        { path: '/Pasword', message: expect.stringContaining('"Pasword"') },
        { path: '/clientId', message: expect.stringContaining('"clientId"') },
      ]);
      expect(response.body).not.toContain(PASSWORD);
      expect(h.cognito.calls()).toHaveLength(0);
    });

    it.each([
      ['password + refreshToken', { username: 'svc-job', password: PASSWORD, refreshToken: REFRESH_TOKEN }, /^Several credentials given\./],
      ['password + newPassword + session', { username: 'svc-job', password: PASSWORD, newPassword: NEW_PASSWORD, session: SESSION }, /^Several credentials given\./],
      ['no credential', { username: 'svc-job' }, /^No credential given\./],
      ['newPassword without session', { username: 'svc-job', newPassword: NEW_PASSWORD }, /"newPassword" and "session" go together/],
      ['session without newPassword', { username: 'svc-job', session: SESSION }, /"newPassword" and "session" go together/],
    ])('%s → 400', async (_label, body, detail) => {
      const response = await h.invoke({ body });
      const problem = expectProblem(response, 400, 'bad-request');
      expect(problem.detail).toMatch(detail);
      expect(response.body).not.toContain(PASSWORD);
      expect(response.body).not.toContain(SESSION);
      expect(h.cognito.calls()).toHaveLength(0);
    });

    it('the same field twice in different case → 400', async () => {
      const response = await h.invoke({ body: { username: 'svc-job', Password: PASSWORD, PASSWORD: 'other' } });
      expect(response.statusCode).toBe(400);
      expect(h.cognito.calls()).toHaveLength(0);
    });

    it.each([
      ['an array', [loginBody]],
      ['a string', 'svc-job'],
      ['a number', 42],
      ['null', null],
      ['a boolean', true],
    ])('a non-object body (%s) → 400', async (_label, body) => {
      const problem = expectProblem(await h.invoke({ body }), 400, 'validation-error');
      expect(problem.errors).toEqual([{ path: '', message: 'must be of type object (no conversion is done)' }]);
      expect(h.cognito.calls()).toHaveLength(0);
    });

    it('malformed JSON → 400 that does not echo the body', async () => {
      const response = await h.invoke({ body: `{"username":"svc-job","password":"${PASSWORD}"`, raw: true });
      expectProblem(response, 400, 'malformed-json');
      expect(response.body).not.toContain(PASSWORD);
    });

    it('no body → 400', async () => {
      expectProblem(await h.invoke({}), 400, 'empty-body');
    });

    it('a JSON body sent as a form (Windows PowerShell 5.1 without -ContentType) is accepted', async () => {
      h.cognito.on(h.sdk.InitiateAuthCommand).resolves({ AuthenticationResult: loginResult });
      const response = await h.invoke({ body: loginBody, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(response.statusCode).toBe(200);
    });

    it('a body that is not JSON → 415', async () => {
      const response = await h.invoke({ body: `username=svc-job&password=${PASSWORD}`, raw: true, headers: { 'content-type': 'text/plain' } });
      expectProblem(response, 415, 'unsupported-media-type');
      expect(h.cognito.calls()).toHaveLength(0);
    });
  });

  describe('duplicate property names', () => {
    it.each([
      ['{"username":"svc-job","username":"svc-other","password":"x"}', '/username'],
      ['{"username":"svc-job","password":"a","password":"b"}', '/password'],
      ['{"username":"svc-job","Password":"a","password":"b"}', '/password'],
    ])('%s → 400 naming it, Cognito not asked', async (raw, path) => {
      const response = await h.invoke({ body: raw, raw: true });
      const problem = expectProblem(response, 400, 'bad-request');
      expect(problem.errors).toEqual([{ path, message: expect.stringMatching(/^appears more than once/) }]);
      expect(response.body).not.toContain('"a"');
      expect(h.cognito.calls()).toHaveLength(0);
    });
  });

  describe('routing', () => {
    it('GET /auth → 405 with allow: POST', async () => {
      const response = await h.invoke({ method: 'GET', headers: {} });
      expectProblem(response, 405, 'method-not-allowed');
      expect(response.headers.allow).toBe('POST');
      expect(h.cognito.calls()).toHaveLength(0);
    });

    it('PUT /auth → 405 with allow: POST', async () => {
      const response = await h.invoke({ method: 'PUT', body: loginBody });
      expect(response.statusCode).toBe(405);
      expect(response.headers.allow).toBe('POST');
    });

    it.each([
      ['PATCH', '{}'],
      ['PUT', ''],
      ['DELETE', '{'],
      ['GET', 'x'.repeat(300 * 1024)],
    ])('%s /auth → 405 with allow: POST, whatever the body', async (method, raw) => {
      const response = await h.invoke({ method, body: raw, raw: true, headers: { 'content-type': 'text/plain' } });
      expectProblem(response, 405, 'method-not-allowed');
      expect(response.headers.allow).toBe('POST');
      expect(h.cognito.calls()).toHaveLength(0);
    });

    it.each([
      ['POST', '/login'],
      ['POST', '/auth/token'],
      ['GET', '/'],
    ])('%s %s → 404', async (method, path) => {
      const response = await h.invoke({ method, path, body: method === 'POST' ? loginBody : undefined });
      expectProblem(response, 404, 'not-found');
      expect(h.cognito.calls()).toHaveLength(0);
    });
  });
});

describe('handler (app client without a secret)', () => {
  let h: LoadedHandler;
  beforeAll(async () => {
    captureOutput();
    const { COGNITO_CLIENT_SECRET: _secret, ...env } = VALID_ENV;
    h = await loadHandler(env);
  });
  afterAll(() => h.dispose());
  beforeEach(() => {
    h.cognito.reset();
    captureOutput();
  });

  it('sends no SECRET_HASH on login, refresh or new password', async () => {
    h.cognito.on(h.sdk.InitiateAuthCommand).resolves({ AuthenticationResult: loginResult });
    h.cognito.on(h.sdk.RespondToAuthChallengeCommand).resolves({ AuthenticationResult: loginResult });

    expect((await h.invoke({ body: loginBody })).statusCode).toBe(200);
    expect((await h.invoke({ body: refreshBody })).statusCode).toBe(200);
    expect((await h.invoke({ body: newPasswordBody })).statusCode).toBe(200);

    const [login, refresh] = h.cognito.commandCalls(h.sdk.InitiateAuthCommand).map((call) => call.args[0].input);
    expect(login).toEqual({ ClientId: 'client123', AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'svc-job', PASSWORD: PASSWORD } });
    expect(refresh).toEqual({ ClientId: 'client123', AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { USERNAME: 'svc-job', REFRESH_TOKEN: REFRESH_TOKEN } });
    expect(h.cognito.commandCalls(h.sdk.RespondToAuthChallengeCommand)[0]!.args[0].input).toEqual({
      ClientId: 'client123',
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: SESSION,
      ChallengeResponses: { USERNAME: 'svc-job', NEW_PASSWORD: NEW_PASSWORD },
    });
  });
});

describe('handler with an invalid configuration', () => {
  it.each([
    ['COGNITO_USER_POOL_ID missing', 'COGNITO_USER_POOL_ID', 'COGNITO_USER_POOL_ID is required'],
    ['COGNITO_CLIENT_ID missing', 'COGNITO_CLIENT_ID', 'COGNITO_CLIENT_ID is required'],
    ['AWS_REGION missing', 'AWS_REGION', 'AWS_REGION (or AWS_DEFAULT_REGION) is required'],
  ] as const)('%s → every request 500, Cognito never called, the cause logged', async (_label, missing, logged) => {
    const output = captureOutput();
    const env: Record<string, string> = { ...VALID_ENV };
    delete env[missing];
    const h = await loadHandler(env);
    try {
      h.cognito.on(h.sdk.InitiateAuthCommand).resolves({ AuthenticationResult: loginResult });
      const responses = [
        await h.invoke({ body: loginBody }),
        await h.invoke({ body: refreshBody }),
        await h.invoke({ body: { bogus: true } }),
        await h.invoke({ method: 'GET', headers: {} }),
        await h.invoke({ method: 'GET', path: '/nowhere', headers: {} }),
      ];
      for (const response of responses) {
        expect(response.statusCode).toBe(500);
        expectCommonHeaders(response);
        expect(JSON.parse(response.body)).toEqual(INTERNAL_ERROR_BODY);
      }
      expect(h.cognito.calls()).toHaveLength(0);
      // One clear line at cold start, before any request.
      expect(output.lines()[0]).toContain(logged);
      expect(output.text()).not.toContain('s3cr3t');
    } finally {
      h.dispose();
    }
  });
});
