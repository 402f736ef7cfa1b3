import { NotAuthorizedException } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { captureOutput, type CapturedOutput } from '@file-sla/test-support';
import {
  ACCESS_TOKEN,
  CLIENT_SECRET,
  ID_TOKEN,
  NEW_PASSWORD,
  PASSWORD,
  REFRESH_TOKEN,
  SECRET_HASH,
  SESSION,
  loginResult,
  refreshResult,
} from '../support/cognito.js';
import { VALID_ENV } from '../support/env.js';
import { loadHandler, type LoadedHandler } from '../support/handler.js';

/** Every value that must never reach a log line, and the parts of each token on their own. */
const SECRETS: Record<string, string> = {
  password: PASSWORD,
  newPassword: NEW_PASSWORD,
  session: SESSION,
  clientSecret: CLIENT_SECRET,
  secretHash: SECRET_HASH,
  accessToken: ACCESS_TOKEN,
  idToken: ID_TOKEN,
  refreshToken: REFRESH_TOKEN,
};
for (const [name, token] of Object.entries({ accessToken: ACCESS_TOKEN, idToken: ID_TOKEN, refreshToken: REFRESH_TOKEN })) {
  token.split('.').forEach((part, index) => {
    SECRETS[`${name} part ${index}`] = part;
  });
}

const expectNoSecret = (output: CapturedOutput): void => {
  const lines = output.lines();
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    for (const [name, value] of Object.entries(SECRETS)) {
      if (line.includes(value)) throw new Error(`The ${name} appears in the log line: ${line}`);
    }
  }
};

/** Runs every flow once, each with the log captured. */
const runFlows = async (h: LoadedHandler): Promise<CapturedOutput> => {
  const output = captureOutput();
  const { InitiateAuthCommand, RespondToAuthChallengeCommand } = h.sdk;
  const invoke = async (body: unknown, raw = false) => (await h.invoke({ body, raw })).statusCode;

  // Password login → tokens.
  h.cognito.reset().on(InitiateAuthCommand).resolves({ AuthenticationResult: loginResult });
  expect(await invoke({ username: 'svc-job', password: PASSWORD })).toBe(200);

  // Password login → NEW_PASSWORD_REQUIRED (the session is in the answer, not in the log).
  h.cognito.reset().on(InitiateAuthCommand).resolves({ ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: SESSION, ChallengeParameters: {} });
  expect(await invoke({ username: 'svc-job', password: PASSWORD })).toBe(401);

  // The new password → tokens.
  h.cognito.reset().on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: loginResult });
  expect(await invoke({ username: 'svc-job', newPassword: NEW_PASSWORD, session: SESSION })).toBe(200);

  // Refresh → tokens.
  h.cognito.reset().on(InitiateAuthCommand).resolves({ AuthenticationResult: refreshResult });
  expect(await invoke({ username: 'svc-job', refreshToken: REFRESH_TOKEN })).toBe(200);

  // Credential failures: 401, their causes hold the secrets.
  h.cognito.reset().on(InitiateAuthCommand).rejects(new NotAuthorizedException({ message: `Incorrect password ${PASSWORD}`, $metadata: {} }));
  expect(await invoke({ username: 'svc-job', password: PASSWORD })).toBe(401);
  h.cognito.reset().on(RespondToAuthChallengeCommand).rejects(new NotAuthorizedException({ message: `Invalid session ${SESSION}`, $metadata: {} }));
  expect(await invoke({ username: 'svc-job', newPassword: NEW_PASSWORD, session: SESSION })).toBe(401);

  // 500s whose errors carry the secrets, bare and as key/value pairs: the cause is logged.
  h.cognito.reset().on(InitiateAuthCommand).rejects(new Error(`socket hang up while sending ${PASSWORD} for svc-job`));
  expect(await invoke({ username: 'svc-job', password: PASSWORD })).toBe(500);
  h.cognito.reset().on(InitiateAuthCommand).rejects(
    Object.assign(new Error(`Failed to serialize {"AuthParameters":{"PASSWORD":"${PASSWORD}","SECRET_HASH":"${SECRET_HASH}"}}`), {
      name: 'SerializationError',
    }),
  );
  expect(await invoke({ username: 'svc-job', password: PASSWORD })).toBe(500);
  h.cognito.reset().on(InitiateAuthCommand).rejects(
    Object.assign(new Error(`Failed: SECRET_HASH ${SECRET_HASH} secret ${CLIENT_SECRET}`, { cause: new Error(`while sending ${PASSWORD}`) }), { name: 'TimeoutError' }),
  );
  expect(await invoke({ username: 'svc-job', password: PASSWORD })).toBe(500);
  h.cognito.reset().on(InitiateAuthCommand).rejects(new Error(`Unexpected refresh token ${REFRESH_TOKEN}`));
  expect(await invoke({ username: 'svc-job', refreshToken: REFRESH_TOKEN })).toBe(500);
  h.cognito.reset().on(RespondToAuthChallengeCommand).rejects(new Error(`Cannot answer ${SESSION} with ${NEW_PASSWORD}`));
  expect(await invoke({ username: 'svc-job', newPassword: NEW_PASSWORD, session: SESSION })).toBe(500);

  // Refused bodies that hold a password.
  expect(await invoke(`{"username":"svc-job","password":"${PASSWORD}"`, true)).toBe(400);
  expect(await invoke({ username: 'svc job', password: PASSWORD, refreshToken: REFRESH_TOKEN })).toBe(400);
  expect(await invoke({ username: 'svc-job', password: PASSWORD, refreshToken: REFRESH_TOKEN })).toBe(400);
  return output;
};

describe('logging: no password, token, session or client secret in any log line', () => {
  describe('at LOG_LEVEL=DEBUG', () => {
    let h: LoadedHandler;
    beforeAll(async () => {
      captureOutput();
      h = await loadHandler({ ...VALID_ENV, LOG_LEVEL: 'DEBUG' });
    });
    afterAll(() => h.dispose());

    it('login, challenge, new password, refresh, failures and 500s', async () => {
      const output = await runFlows(h);
      expectNoSecret(output);
      // The log is not empty: the 500s are there with their request id.
      const text = output.text();
      expect(text).toContain('Cognito call failed');
      expect(text).toContain('"requestId":"req-1"');
      expect(text).toContain('socket hang up');
    });
  });

  describe('with the whole event logged (POWERTOOLS_LOGGER_LOG_EVENT=true)', () => {
    let h: LoadedHandler;
    beforeAll(async () => {
      captureOutput();
      h = await loadHandler({ ...VALID_ENV, POWERTOOLS_LOGGER_LOG_EVENT: 'true' });
    });
    afterAll(() => h.dispose());

    it('the request bodies are redacted too', async () => {
      const output = await runFlows(h);
      expectNoSecret(output);
      // The events are in the log, usernames included, their secrets not.
      expect(output.text()).toContain('"rawPath":"/auth"');
      expect(output.text()).toContain('svc-job');
    });
  });
});

describe('logging: what the service writes reaches the log as written', () => {
  let h: LoadedHandler;
  beforeAll(async () => {
    captureOutput();
    h = await loadHandler({ ...VALID_ENV });
  });
  afterAll(() => h.dispose());

  it.each([
    ['NotAuthorizedException', { username: 'svc-job', password: 'session: the token' }],
    ['UserNotConfirmedException', { username: 'svc-job', password: PASSWORD }],
    ['PasswordResetRequiredException', { username: 'svc-job', password: PASSWORD }],
    ['InvalidPasswordException', { username: 'svc-job', newPassword: 'Bearer x', session: SESSION }],
    ['TooManyRequestsException', { username: 'svc-job', refreshToken: REFRESH_TOKEN }],
  ])('the detail of the answer to %s is the detail of its log line, verbatim', async (name, body) => {
    const output = captureOutput();
    const error = Object.assign(new Error(`Cognito says ${name}`), { name, $fault: 'client', $metadata: {} });
    h.cognito.reset().on(h.sdk.InitiateAuthCommand).rejects(error).on(h.sdk.RespondToAuthChallengeCommand).rejects(error);
    const response = await h.invoke({ body });
    const { detail } = JSON.parse(response.body) as { detail: string };
    expect(detail.length).toBeGreaterThan(10);
    expect(output.entries().find((entry) => entry.message === 'Request refused')).toMatchObject({ detail });
  });

  it.each([
    ['a challenge that needs a new password', { ChallengeName: 'NEW_PASSWORD_REQUIRED' as const, Session: SESSION }],
    ['a challenge this API does not complete', { ChallengeName: 'SOFTWARE_TOKEN_MFA' as const, Session: SESSION }],
  ])('%s: its detail verbatim', async (_label, answer) => {
    const output = captureOutput();
    h.cognito.reset().on(h.sdk.InitiateAuthCommand).resolves(answer);
    const response = await h.invoke({ body: { username: 'svc-job', password: PASSWORD } });
    const { detail } = JSON.parse(response.body) as { detail: string };
    expect(output.entries().find((entry) => entry.message === 'Request refused')).toMatchObject({ detail });
    expect(output.text()).not.toContain(SESSION);
  });

  it('the refusals of the request itself: their details verbatim', async () => {
    for (const body of [{ username: 'svc-job' }, { username: 'svc-job', password: PASSWORD, session: SESSION }, { username: 'svc-job', newPassword: NEW_PASSWORD }]) {
      const output = captureOutput();
      const response = await h.invoke({ body });
      expect(response.statusCode).toBe(400);
      const { detail } = JSON.parse(response.body) as { detail: string };
      expect(output.entries().find((entry) => entry.message === 'Request refused')).toMatchObject({ detail });
    }
  });
});
