import { describe, expect, it } from '@jest/globals';
import { createLogger, type AccessTokenClaims, type AccessTokenVerifier } from '@file-sla/shared-middleware';
import { httpApiEvent, lambdaContext } from '@file-sla/local-stack';
import { readSlaNotifierConfig } from '../../src/config.js';
import { createHandler } from '../../src/handler.js';

// The handler on its dependencies: a verifier that knows one token stands in for Cognito's.

const ENV = { AWS_REGION: 'eu-west-1', COGNITO_USER_POOL_ID: 'eu-west-1_Example1', COGNITO_CLIENT_ID: 'client-1', LOG_LEVEL: 'ERROR' };
const TOKEN = 'valid-token';
const claims = { sub: 's', username: 'svc-job', client_id: 'client-1', token_use: 'access', iss: 'i', exp: 0, iat: 0 } as AccessTokenClaims;
// (Tokens the real verifier refuses are the integration test's: tests/integration/bundle.test.ts.)
const verifier: AccessTokenVerifier = { verify: async (token) => (token === TOKEN ? claims : Promise.reject(new Error(`unexpected token ${token}`))) };

const handlerWith = (env: Record<string, string> = ENV) =>
  createHandler({ config: readSlaNotifierConfig(env), logger: createLogger({ serviceName: 'test', logLevel: 'SILENT' }), verifier: () => verifier });

const call = async (request: { method?: string; path?: string; token?: string; body?: unknown }, handler = handlerWith()) => {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(request.token ? { authorization: `Bearer ${request.token}` } : {}) };
  const event = httpApiEvent({ method: request.method ?? 'POST', path: request.path ?? '/sla-notifier', headers, ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }) });
  const response = await handler(event, lambdaContext('sla-notifier-lambda'));
  return { ...response, json: JSON.parse(response.body) as Record<string, unknown> };
};

describe('POST /sla-notifier', () => {
  it('answers 200 with the trimmed message and who sent it', async () => {
    const response = await call({ token: TOKEN, body: { message: '  hello  ' } });
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ message: 'hello', receivedBy: 'svc-job' });
  });

  it('answers 401 without a token, before it looks at the body', async () => {
    expect((await call({ body: { message: 'hi' } })).statusCode).toBe(401);
    expect((await call({ body: { message: 42 } })).statusCode).toBe(401);
  });

  it('answers 400 naming the field for a body the schema refuses, 422 for a blank message', async () => {
    const invalid = await call({ token: TOKEN, body: { message: 42 } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json.errors).toEqual([expect.objectContaining({ path: '/message' })]);
    expect((await call({ token: TOKEN, body: { message: '   ' } })).statusCode).toBe(422);
  });

  it('answers 405 with Allow for another method, 404 for another path, whatever the body', async () => {
    const wrongMethod = await call({ method: 'PUT', token: TOKEN, body: { message: 42 } });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers.allow ?? wrongMethod.headers.Allow).toBe('POST');
    expect((await call({ path: '/sla-notifier/x', token: TOKEN, body: {} })).statusCode).toBe(404);
  });

  it('answers 500 while the configuration is invalid', async () => {
    const response = await call({ token: TOKEN, body: { message: 'hi' } }, handlerWith({ AWS_REGION: 'eu-west-1', LOG_LEVEL: 'ERROR' } as Record<string, string>));
    expect(response.statusCode).toBe(500);
  });
});
