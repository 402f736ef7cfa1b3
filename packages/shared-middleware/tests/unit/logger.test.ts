import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/logger.js';
import { captureOutput } from '@file-sla/test-support';

describe('createLogger', () => {
  const saved = { dev: process.env.POWERTOOLS_DEV, level: process.env.LOG_LEVEL };
  beforeEach(() => {
    // Dev mode would log through Jest's console instead of the process streams.
    delete process.env.POWERTOOLS_DEV;
    delete process.env.LOG_LEVEL;
  });
  afterEach(() => {
    if (saved.dev !== undefined) process.env.POWERTOOLS_DEV = saved.dev;
    if (saved.level !== undefined) process.env.LOG_LEVEL = saved.level;
  });

  it('writes one JSON line per entry with the service name', () => {
    const output = captureOutput();
    createLogger({ serviceName: 'auth-api' }).info('Login succeeded', { username: 'svc-filewatch' });
    const entries = output.entries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ level: 'INFO', message: 'Login succeeded', service: 'auth-api', username: 'svc-filewatch' });
  });

  it('never writes a secret: error causes holding a raw body, secret-named properties', () => {
    const output = captureOutput();
    const logger = createLogger({ serviceName: 'auth-api', logLevel: 'debug' });
    const rawBody = '{"username":"svc-filewatch","password":"P@ss"}';
    const parseError = new Error(`Unexpected token in JSON: ${rawBody}`, {
      cause: { package: '@middy/http-json-body-parser', data: rawBody },
    });
    const wrapped = new Error('Cognito call failed', { cause: parseError });
    logger.error('Login failed', {
      error: wrapped,
      request: {
        headers: { authorization: 'Bearer eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl' },
        refreshToken: 'opaque-refresh-token-value',
        clientSecret: 'client-secret-value-123',
        username: 'svc-filewatch',
      },
    });
    logger.debug({ message: 'Cognito request', authorization: 'Basic dXNlcjpwYXNz', body: rawBody });

    const text = output.text();
    const entries = output.entries();
    expect(entries).toHaveLength(2);
    for (const secret of [
      'P@ss',
      'eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0',
      'c2lnbmF0dXJl',
      'opaque-refresh-token-value',
      'client-secret-value-123',
      'dXNlcjpwYXNz',
    ]) {
      expect(text).not.toContain(secret);
    }
    // What is not a secret is still there.
    expect(text).toContain('svc-filewatch');
    expect(entries[0]).toMatchObject({ level: 'ERROR', message: 'Login failed', error: { name: 'Error', message: 'Cognito call failed' } });
    expect(JSON.stringify(entries[0])).toContain('@middy/http-json-body-parser');
  });

  it('honours logLevel', () => {
    const output = captureOutput();
    const logger = createLogger({ serviceName: 'auth-api', logLevel: 'warn' });
    logger.info('hidden');
    logger.warn('shown');
    expect(output.entries().map((entry) => entry.message)).toEqual(['shown']);
  });
});
