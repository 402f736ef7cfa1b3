import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  InvalidPasswordException,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { HttpError, type HttpProblem, InternalError } from '@file-sla/shared-middleware';
import { mockClient } from 'aws-sdk-client-mock';
import { createAuthenticator, type Authenticator } from '../../src/authenticator.js';
import type { AuthRequest } from '../../src/auth-request.js';
import {
  ACCESS_TOKEN,
  CLIENT_ID,
  CLIENT_SECRET,
  ID_TOKEN,
  NEW_PASSWORD,
  PASSWORD,
  REFRESH_TOKEN,
  SECRET_HASH,
  SESSION,
  USERNAME,
  expectedSecretHash,
  loginResult,
  refreshResult,
} from '../support/cognito.js';

const cognito = mockClient(CognitoIdentityProviderClient);
afterAll(() => cognito.restore());

const client = new CognitoIdentityProviderClient({ region: 'eu-west-1' });
const withSecret = createAuthenticator({ client, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
const withoutSecret = createAuthenticator({ client, clientId: CLIENT_ID, clientSecret: undefined });

const passwordLogin: AuthRequest = { flow: 'password', username: USERNAME, password: PASSWORD };
const refresh: AuthRequest = { flow: 'refresh', username: USERNAME, refreshToken: REFRESH_TOKEN };
const newPassword: AuthRequest = { flow: 'new-password', username: USERNAME, newPassword: NEW_PASSWORD, session: SESSION };

/** What the authenticator threw. */
const rejection = async (authenticate: Authenticator, request: AuthRequest): Promise<HttpProblem> => {
  try {
    await authenticate(request);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    return error as HttpProblem;
  }
  throw new Error('expected the authenticator to throw');
};

beforeEach(() => {
  cognito.reset();
});

describe('createAuthenticator', () => {
  describe('password login', () => {
    it('sends USER_PASSWORD_AUTH with SECRET_HASH and answers the tokens', async () => {
      cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: loginResult, ChallengeParameters: {} });

      const tokens = await withSecret(passwordLogin);

      expect(tokens).toEqual({ accessToken: ACCESS_TOKEN, idToken: ID_TOKEN, refreshToken: REFRESH_TOKEN, expiresIn: 3600, tokenType: 'Bearer' });
      expect(cognito.calls()).toHaveLength(1);
      expect(cognito.commandCalls(InitiateAuthCommand)[0]!.args[0].input).toEqual({
        ClientId: 'client123',
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'svc-job', PASSWORD: PASSWORD, SECRET_HASH: '2iTfsQrPL3zdaROiSjl6rqLGg6VTMVbOxir86yXADVA=' },
      });
      expect(SECRET_HASH).toBe(expectedSecretHash('s3cr3t', 'svc-job', 'client123'));
    });

    it('sends no SECRET_HASH when the app client has no secret', async () => {
      cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: loginResult });
      await withoutSecret(passwordLogin);
      expect(cognito.commandCalls(InitiateAuthCommand)[0]!.args[0].input).toEqual({
        ClientId: 'client123',
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'svc-job', PASSWORD: PASSWORD },
      });
    });

    it('computes SECRET_HASH for the username of the request', async () => {
      cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: loginResult });
      await withSecret({ flow: 'password', username: 'svc-other', password: PASSWORD });
      const input = cognito.commandCalls(InitiateAuthCommand)[0]!.args[0].input;
      expect(input.AuthParameters?.SECRET_HASH).toBe(expectedSecretHash(CLIENT_SECRET, 'svc-other', CLIENT_ID));
      expect(input.AuthParameters?.SECRET_HASH).not.toBe(SECRET_HASH);
    });

    it('defaults expiresIn to one hour when Cognito leaves it out', async () => {
      cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: { AccessToken: ACCESS_TOKEN, IdToken: ID_TOKEN } });
      expect(await withSecret(passwordLogin)).toEqual({ accessToken: ACCESS_TOKEN, idToken: ID_TOKEN, expiresIn: 3600, tokenType: 'Bearer' });
    });

    it('passes on a shorter access-token lifetime', async () => {
      cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: { ...loginResult, ExpiresIn: 900 } });
      expect((await withSecret(passwordLogin)).expiresIn).toBe(900);
    });
  });

  describe('refresh', () => {
    it('sends REFRESH_TOKEN_AUTH with SECRET_HASH and answers the tokens without a refresh token', async () => {
      cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: refreshResult });

      const tokens = await withSecret(refresh);

      expect(tokens).toEqual({ accessToken: ACCESS_TOKEN, idToken: ID_TOKEN, expiresIn: 3600, tokenType: 'Bearer' });
      expect(tokens).not.toHaveProperty('refreshToken');
      expect(cognito.commandCalls(InitiateAuthCommand)[0]!.args[0].input).toEqual({
        ClientId: 'client123',
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { USERNAME: 'svc-job', REFRESH_TOKEN: REFRESH_TOKEN, SECRET_HASH: '2iTfsQrPL3zdaROiSjl6rqLGg6VTMVbOxir86yXADVA=' },
      });
    });

    it('sends no SECRET_HASH without a client secret', async () => {
      cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: refreshResult });
      await withoutSecret(refresh);
      expect(cognito.commandCalls(InitiateAuthCommand)[0]!.args[0].input.AuthParameters).toEqual({ USERNAME: 'svc-job', REFRESH_TOKEN: REFRESH_TOKEN });
    });
  });

  describe('challenges', () => {
    it('NEW_PASSWORD_REQUIRED → 401 new-password-required with challengeName and session', async () => {
      cognito.on(InitiateAuthCommand).resolves({
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: SESSION,
        ChallengeParameters: { USER_ID_FOR_SRP: 'svc-job', requiredAttributes: '[]', userAttributes: '{}' },
      });
      const problem = await rejection(withSecret, passwordLogin);
      expect(problem).toMatchObject({ statusCode: 401, type: 'new-password-required' });
      expect(problem.extensions).toEqual({ challengeName: 'NEW_PASSWORD_REQUIRED', session: SESSION });
    });

    it('another challenge (SOFTWARE_TOKEN_MFA) → 401 with its challengeName and no session', async () => {
      cognito.on(InitiateAuthCommand).resolves({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: SESSION, ChallengeParameters: {} });
      const problem = await rejection(withSecret, passwordLogin);
      expect(problem).toMatchObject({ statusCode: 401, type: 'challenge-required' });
      expect(problem.extensions).toEqual({ challengeName: 'SOFTWARE_TOKEN_MFA' });
    });

    it('completes NEW_PASSWORD_REQUIRED with RespondToAuthChallenge and SECRET_HASH → tokens', async () => {
      cognito.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: loginResult, ChallengeParameters: {} });

      const tokens = await withSecret(newPassword);

      expect(tokens).toEqual({ accessToken: ACCESS_TOKEN, idToken: ID_TOKEN, refreshToken: REFRESH_TOKEN, expiresIn: 3600, tokenType: 'Bearer' });
      expect(cognito.commandCalls(InitiateAuthCommand)).toHaveLength(0);
      expect(cognito.commandCalls(RespondToAuthChallengeCommand)[0]!.args[0].input).toEqual({
        ClientId: 'client123',
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: SESSION,
        ChallengeResponses: { USERNAME: 'svc-job', NEW_PASSWORD: NEW_PASSWORD, SECRET_HASH: '2iTfsQrPL3zdaROiSjl6rqLGg6VTMVbOxir86yXADVA=' },
      });
    });

    it('RespondToAuthChallenge without a client secret sends no SECRET_HASH', async () => {
      cognito.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: loginResult });
      await withoutSecret(newPassword);
      expect(cognito.commandCalls(RespondToAuthChallengeCommand)[0]!.args[0].input.ChallengeResponses).toEqual({
        USERNAME: 'svc-job',
        NEW_PASSWORD: NEW_PASSWORD,
      });
    });

    it('a further challenge after the new password (MFA_SETUP) → 401 challenge-required', async () => {
      cognito.on(RespondToAuthChallengeCommand).resolves({ ChallengeName: 'MFA_SETUP', Session: 'next-session' });
      const problem = await rejection(withSecret, newPassword);
      expect(problem).toMatchObject({ statusCode: 401, type: 'challenge-required', extensions: { challengeName: 'MFA_SETUP' } });
    });
  });

  describe('failures', () => {
    it('maps a Cognito error through mapCognitoError, with the flow (InvalidPasswordException)', async () => {
      const error = new InvalidPasswordException({ message: 'Password does not conform to policy', $metadata: {} });
      cognito.on(RespondToAuthChallengeCommand).rejects(error);
      cognito.on(InitiateAuthCommand).rejects(error);
      expect(await rejection(withSecret, newPassword)).toMatchObject({ statusCode: 400, type: 'invalid-new-password' });
      expect(await rejection(withSecret, passwordLogin)).toMatchObject({ statusCode: 401, type: 'invalid-credentials' });
    });

    it('keeps the SDK error as the cause (for the log), and calls Cognito once', async () => {
      const error = new NotAuthorizedException({ message: 'Incorrect username or password.', $metadata: {} });
      cognito.on(InitiateAuthCommand).rejects(error);
      const problem = await rejection(withSecret, passwordLogin);
      expect(problem.statusCode).toBe(401);
      expect(problem.cause).toBe(error);
      expect(cognito.calls()).toHaveLength(1);
    });

    it('classifies the error exactly as the SDK threw it, secrets and all (the logger cuts them out of what it writes)', async () => {
      const network = Object.assign(new Error(`connect ECONNREFUSED while sending ${PASSWORD}`), { code: 'ECONNREFUSED' });
      const error = Object.assign(new Error(`Failed: PASSWORD ${PASSWORD} SECRET_HASH ${SECRET_HASH} secret ${CLIENT_SECRET}`, { cause: network }), {
        name: 'TimeoutError',
      });
      cognito.on(InitiateAuthCommand).rejects(error);

      const problem = await rejection(withSecret, passwordLogin);

      expect(problem).toBeInstanceOf(InternalError);
      expect((problem as InternalError).logMessage).toBe('Cognito call failed (TimeoutError)');
      expect(problem.cause).toBe(error);
      expect(error.message).toBe(`Failed: PASSWORD ${PASSWORD} SECRET_HASH ${SECRET_HASH} secret ${CLIENT_SECRET}`);
      expect(network.message).toBe(`connect ECONNREFUSED while sending ${PASSWORD}`);
    });

    it('a credential failure whose name or message holds the password still maps to the shared 401', async () => {
      for (const password of [PASSWORD, 'Exception', 'NotAuthorized', 'N', 'e']) {
        const error = new NotAuthorizedException({ message: `Incorrect password ${password}`, $metadata: {} });
        cognito.reset().on(InitiateAuthCommand).rejects(error);
        expect(await rejection(withSecret, { ...passwordLogin, password })).toMatchObject({ statusCode: 401, type: 'invalid-credentials' });
        expect(error.name).toBe('NotAuthorizedException');
      }
    });

    it('a frozen error is classified as it is', async () => {
      const frozen = Object.freeze(new NotAuthorizedException({ message: `Incorrect password ${PASSWORD}`, $metadata: {} }));
      cognito.on(InitiateAuthCommand).rejects(frozen);
      const problem = await rejection(withSecret, passwordLogin);
      expect(problem).toMatchObject({ statusCode: 401, type: 'invalid-credentials' });
      expect(problem.cause).toBe(frozen);
    });

    it('hands the SECRET_HASH it sends to the request secrets (none without a client secret)', async () => {
      cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: loginResult });
      const added: Array<string | undefined> = [];
      await withSecret(passwordLogin, { add: (value) => added.push(value) });
      expect(added).toEqual([SECRET_HASH]);
      added.length = 0;
      await withoutSecret(passwordLogin, { add: (value) => added.push(value) });
      expect(added.filter(Boolean)).toEqual([]);
    });

    it('an answer with neither tokens nor a challenge → 500', async () => {
      cognito.on(InitiateAuthCommand).resolves({});
      const problem = await rejection(withSecret, passwordLogin);
      expect(problem).toBeInstanceOf(InternalError);
      expect(problem.statusCode).toBe(500);
    });

    it.each([
      ['no id token', { AccessToken: ACCESS_TOKEN }],
      ['no access token', { IdToken: ID_TOKEN }],
    ])('tokens missing from the answer (%s) → 500', async (_label, result) => {
      cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: result });
      const problem = await rejection(withSecret, passwordLogin);
      expect(problem).toBeInstanceOf(InternalError);
    });
  });
});
