import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { manifest } from '../../src/lambda.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  awsJsonErrorAnswer,
  captureProcessOutput,
  createAdminClient,
  ensureCognitoSetup,
  ensureServiceAccount,
  startOnFreePort,
  httpApiEvent,
  importLambdaBundle,
  lambdaContext,
  startCognitoEmulator,
  startFaultProxy,
  type CognitoEmulator,
  type CognitoSetup,
  type FaultProxy,
  type LambdaHandler,
  type OutputCapture,
} from '@file-sla/local-stack';

// Injected faults between the built auth function (dist/auth-lambda.zip) and cognito-local, through
// a fault proxy the test switches: Cognito down (refused, reset), failing (5xx), throttling (every
// attempt, or once), hanging. docs/architecture.md (HTTP contract): throttling is 429 with Retry-After, anything else that
// means Cognito is down 500 — with a log line naming the cause and never a password, token or the
// client secret — and logging in works again as soon as Cognito does.

const ACCOUNT = { username: 'svc-auth-faults', password: 'Faults-Passw0rd!1' } as const;
/** The auth function's time-out in AWS (its manifest's `timeoutSeconds`): its Lambda context here. */
const AUTH_FUNCTION_TIMEOUT_MS = manifest.timeoutSeconds * 1000;

let capture: OutputCapture;
let dataDir: string;
let emulator: CognitoEmulator;
let setup: CognitoSetup;
let proxy: FaultProxy;
let handler: LambdaHandler;
let refreshToken: string;
const secrets = new Set<string>([ACCOUNT.password]);
const notes: string[] = [];

interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  json: Record<string, unknown>;
  ms: number;
}

const post = async (body: unknown): Promise<Answer> => {
  const started = Date.now();
  const response = await handler(
    httpApiEvent({ method: 'POST', path: '/auth', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    lambdaContext('auth-lambda', AUTH_FUNCTION_TIMEOUT_MS),
  );
  return { statusCode: response.statusCode, headers: response.headers, json: JSON.parse(response.body) as Record<string, unknown>, ms: Date.now() - started };
};

const login = async (): Promise<Answer> => {
  const answer = await post(ACCOUNT);
  for (const name of ['accessToken', 'idToken', 'refreshToken']) if (typeof answer.json[name] === 'string') secrets.add(answer.json[name] as string);
  return answer;
};

const initiateAuthCalls = (): number => proxy.requests.filter((request) => request.headers['x-amz-target'] === 'AWSCognitoIdentityProviderService.InitiateAuth').length;

const errorsSince = (mark: number): Array<{ message: string; error?: { name?: string; message?: string } }> =>
  capture
    .lines()
    .slice(mark)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    })
    .filter((entry) => entry.level === 'ERROR') as never;

const expectInternalError = (answer: Answer): void => {
  expect(answer.statusCode).toBe(500);
  expect(answer.headers['content-type']).toBe('application/problem+json');
  expect(answer.json).toEqual({
    type: 'https://file-sla-errors.dev/problems/internal-error',
    title: 'Internal server error',
    status: 500,
    detail: 'Internal server error',
    requestId: expect.any(String),
  });
};

beforeAll(async () => {
  capture = captureProcessOutput();
  dataDir = await mkdtemp(join(tmpdir(), 'auth-faults-'));
  emulator = await startOnFreePort((port) => startCognitoEmulator({ port, dataDir }));
  const admin = createAdminClient(emulator.endpoint);
  setup = await ensureCognitoSetup(admin, emulator.endpoint, { poolName: 'auth-faults', clientName: 'auth-faults-client', groups: [] });
  await ensureServiceAccount(admin, setup.userPoolId, { ...ACCOUNT, permanent: true });
  admin.destroy();
  secrets.add(setup.clientSecret);
  proxy = await startFaultProxy({ target: emulator.endpoint });
  Object.assign(process.env, {
    AWS_REGION: 'local',
    COGNITO_USER_POOL_ID: setup.userPoolId,
    COGNITO_CLIENT_ID: setup.clientId,
    COGNITO_CLIENT_SECRET: setup.clientSecret,
    COGNITO_ENDPOINT: proxy.url,
    LOG_LEVEL: 'DEBUG',
    POWERTOOLS_LOGGER_LOG_EVENT: 'true',
  });
  handler = await importLambdaBundle('auth-lambda', { fresh: true });
  const first = await login();
  expect(first.statusCode).toBe(200);
  refreshToken = first.json.refreshToken as string;
}, 60_000);

afterEach(async () => {
  await proxy.set({ kind: 'pass' });
  proxy.clear();
});

afterAll(async () => {
  capture?.restore();
  // The observed outcomes, for the test output (after the capture, which would swallow them).
  // eslint-disable-next-line no-console
  for (const note of notes) console.log(note);
  await proxy?.stop();
  await emulator?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('POST /auth with Cognito down or failing', () => {
  it.each([
    ['refusing connections', { kind: 'refuse' } as const],
    ['closing connections without an answer', { kind: 'reset' } as const],
    ['answering 500 InternalErrorException', { kind: 'answer', answer: awsJsonErrorAnswer('InternalErrorException', 'Internal error', { status: 500 }) } as const],
    ['answering 503 from a load balancer', { kind: 'answer', answer: { status: 503, headers: { 'content-type': 'text/html' }, body: '<html>Service Unavailable</html>' } } as const],
  ])('Cognito %s: 500 for a password and a refresh login, the cause logged; then 200 again', async (how, fault) => {
    await proxy.set(fault);
    const mark = capture.lines().length;
    const password = await login();
    const refresh = await post({ username: ACCOUNT.username, refreshToken });
    expectInternalError(password);
    expectInternalError(refresh);
    const logged = errorsSince(mark);
    expect(logged.map((entry) => entry.message)).toEqual([expect.stringMatching(/^Cognito call failed \(/), expect.stringMatching(/^Cognito call failed \(/)]);
    notes.push(`Cognito ${how}: 500 after ${password.ms} ms; log "${logged[0]!.message}" (${logged[0]!.error?.message ?? ''})`);

    await proxy.set({ kind: 'pass' });
    expect((await login()).statusCode).toBe(200);
  }, 30_000);

  it('Cognito slower than the client time-out: 500 before the function times out, the cause logged; then 200 again', async () => {
    // Held past the function's own time-out: only the client's time-outs can end the wait in time.
    await proxy.set({ kind: 'delay', ms: AUTH_FUNCTION_TIMEOUT_MS + 2_000 });
    const mark = capture.lines().length;
    const answer = await login();
    expectInternalError(answer);
    expect(answer.ms).toBeLessThan(AUTH_FUNCTION_TIMEOUT_MS - 1_000);
    const logged = errorsSince(mark);
    expect(logged.map((entry) => entry.message)).toEqual(['Cognito call failed (TimeoutError)']);
    notes.push(`Cognito hanging: 500 after ${answer.ms} ms (${initiateAuthCalls()} attempts); log "${logged[0]!.message}"`);

    await proxy.set({ kind: 'pass' });
    expect((await login()).statusCode).toBe(200);
  }, 30_000);
});

describe('POST /auth with Cognito throttling', () => {
  it('every attempt: 429 with Retry-After after the SDK’s three attempts', async () => {
    await proxy.set({ kind: 'answer', answer: awsJsonErrorAnswer('TooManyRequestsException', 'Too many requests') });
    const answer = await login();
    expect(answer.statusCode).toBe(429);
    expect(answer.headers['retry-after']).toBe('5');
    expect(answer.json).toMatchObject({ status: 429, type: expect.stringMatching(/too-many-requests$/) });
    expect(initiateAuthCalls()).toBe(3);
    notes.push(`Cognito throttling every attempt: ${answer.statusCode}, Retry-After ${answer.headers['retry-after']}, after ${initiateAuthCalls()} attempts`);

    await proxy.set({ kind: 'pass' });
    expect((await login()).statusCode).toBe(200);
  }, 30_000);

  it('once: the SDK’s retry absorbs it, 200', async () => {
    let throttled = 0;
    await proxy.set({ kind: 'answer', answer: awsJsonErrorAnswer('TooManyRequestsException', 'Too many requests'), when: () => (throttled += 1) === 1 });
    const answer = await login();
    expect(answer.statusCode).toBe(200);
    expect(initiateAuthCalls()).toBe(2);
  }, 30_000);
});

describe('the log of all of the above', () => {
  it('names every cause but holds no password, token or client secret', () => {
    const log = capture.text();
    expect(log).toContain('Cognito call failed');
    for (const secret of secrets) expect(log.includes(secret)).toBe(false);
    expect(log).not.toMatch(/eyJ[\w-]{8,}\.eyJ[\w-]{8,}/);
  });
});
