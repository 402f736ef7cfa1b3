import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAdminClient,
  ensureCognitoSetup,
  ensureServiceAccount,
  startOnFreePort,
  httpApiEvent,
  importLambdaBundle,
  lambdaContext,
  startCognitoEmulator,
  type CognitoEmulator,
  type CognitoSetup,
  type LambdaHandler,
} from '@file-sla/local-stack';
import { createAccessTokenVerifier } from '@file-sla/shared-middleware';

// The login flow through the built bundle (dist/auth-lambda/index.mjs) against a real
// cognito-local on a free port: challenge → new password → tokens → refresh, and failures.

const USERNAME = 'svc-file-watch';
const TEMPORARY_PASSWORD = 'Temporary-Passw0rd!';
const NEW_PASSWORD = 'Brand-New-Passw0rd!';

let dataDir: string;
let emulator: CognitoEmulator;
let setup: CognitoSetup;
let handler: LambdaHandler;
const logLines: string[] = [];
const originalStdoutWrite = process.stdout.write;
const originalStderrWrite = process.stderr.write;

const post = async (body: unknown) => {
  const response = await handler(
    httpApiEvent({ method: 'POST', path: '/auth', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) }),
    lambdaContext('auth-lambda'),
  );
  return { ...response, json: JSON.parse(response.body) as Record<string, unknown> };
};

const withoutRequestId = (json: Record<string, unknown>) => ({ ...json, requestId: undefined });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'auth-it-'));
  emulator = await startOnFreePort((port) => startCognitoEmulator({ port, dataDir }));
  const admin = createAdminClient(emulator.endpoint);
  setup = await ensureCognitoSetup(admin, emulator.endpoint, { poolName: 'auth-it', clientName: 'auth-it-client', groups: [] });
  await ensureServiceAccount(admin, setup.userPoolId, { username: USERNAME, password: TEMPORARY_PASSWORD, permanent: false });
  Object.assign(process.env, {
    AWS_REGION: 'local',
    COGNITO_USER_POOL_ID: setup.userPoolId,
    COGNITO_CLIENT_ID: setup.clientId,
    COGNITO_CLIENT_SECRET: setup.clientSecret,
    COGNITO_ENDPOINT: emulator.endpoint,
  });
  // Installed by hand, not with jest.spyOn: the Jest config restores spies before each test.
  const capture = ((chunk: unknown): boolean => {
    logLines.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  handler = await importLambdaBundle('auth-lambda');
}, 60_000);

afterAll(async () => {
  process.stdout.write = originalStdoutWrite;
  process.stderr.write = originalStderrWrite;
  await emulator?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('POST /auth against cognito-local, through the built bundle', () => {
  const secrets: string[] = [TEMPORARY_PASSWORD, NEW_PASSWORD];

  it('walks the whole first-login flow: challenge, new password, tokens, refresh', async () => {
    expect(setup.clientSecret).not.toBe('');
    secrets.push(setup.clientSecret);

    const challenge = await post({ Username: USERNAME, Password: TEMPORARY_PASSWORD });
    expect(challenge.statusCode).toBe(401);
    expect(challenge.headers['content-type']).toBe('application/problem+json');
    expect(challenge.json.type).toMatch(/new-password-required$/);
    expect(challenge.json.challengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(typeof challenge.json.session).toBe('string');
    secrets.push(challenge.json.session as string);

    const tokens = await post({ username: USERNAME, newPassword: NEW_PASSWORD, session: challenge.json.session });
    expect(tokens.statusCode).toBe(200);
    expect(tokens.json).toMatchObject({ tokenType: 'Bearer', expiresIn: expect.any(Number) });
    const { accessToken, idToken, refreshToken } = tokens.json as Record<string, string>;
    for (const token of [accessToken, idToken, refreshToken]) expect(typeof token).toBe('string');
    secrets.push(accessToken!, idToken!, refreshToken!);

    const verifier = createAccessTokenVerifier({
      userPoolId: setup.userPoolId,
      clientId: setup.clientId,
      issuer: setup.issuer,
      jwksUri: setup.jwksUri,
    });
    const claims = await verifier.verify(accessToken!);
    expect(claims.username).toBe(USERNAME);
    expect(claims.client_id).toBe(setup.clientId);

    // cognito-local keeps only the refresh tokens of password logins; refresh with that one.
    const login = await post({ username: USERNAME, password: NEW_PASSWORD });
    expect(login.statusCode).toBe(200);
    const loginTokens = login.json as Record<string, string>;
    secrets.push(loginTokens.accessToken!, loginTokens.idToken!, loginTokens.refreshToken!);

    const refreshed = await post({ username: USERNAME, refreshToken: loginTokens.refreshToken });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json.refreshToken).toBeUndefined();
    expect(refreshed.json.accessToken).toEqual(expect.any(String));
    secrets.push(refreshed.json.accessToken as string, refreshed.json.idToken as string);
    const refreshedClaims = await verifier.verify(refreshed.json.accessToken as string);
    expect(refreshedClaims.username).toBe(USERNAME);
  });

  it('answers every credential failure with one identical 401', async () => {
    const wrongPassword = await post({ username: USERNAME, password: 'Wrong-Passw0rd!' });
    const unknownUser = await post({ username: 'nobody-here', password: 'Wrong-Passw0rd!' });
    const badRefresh = await post({ username: USERNAME, refreshToken: 'not-a-refresh-token' });
    secrets.push('Wrong-Passw0rd!', 'not-a-refresh-token');
    // cognito-local lets disabled users in and does not check challenge sessions: those two
    // rows of the mapping are covered by the unit tests with Cognito's real answers.
    for (const response of [wrongPassword, unknownUser, badRefresh]) {
      expect(response.statusCode).toBe(401);
      expect(withoutRequestId(response.json)).toEqual(withoutRequestId(wrongPassword.json));
    }
    expect(wrongPassword.json.detail).toBe('Incorrect username or password.');
  });

  it('never writes a password, token, session or the client secret to the log', () => {
    expect(logLines.length).toBeGreaterThan(0);
    const log = logLines.join('');
    for (const secret of secrets) expect(log).not.toContain(secret);
  });
});
