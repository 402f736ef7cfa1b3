import { describe, expect, it } from '@jest/globals';
import { loadConfig, type EnvReader } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';

const problemsOf = <T>(read: (env: EnvReader) => T, env: Record<string, string | undefined>): readonly string[] => {
  const result = loadConfig(read, env);
  if (result.ok) throw new Error('expected an invalid configuration');
  expect(result.error).toBeInstanceOf(ConfigError);
  return result.error.problems;
};

describe('loadConfig', () => {
  it('returns the typed value when every variable is valid', () => {
    const result = loadConfig(
      (env) => ({
        userPoolId: env.required('COGNITO_USER_POOL_ID'),
        table: env.optional('DYNAMODB_TABLE', 'FileSlaErrors'),
        writerGroup: env.optional('WRITER_GROUP'),
        retentionDays: env.integer('RETENTION_DAYS', { fallback: 400, min: 0, max: 3650 }),
        jwksUri: env.url('JWKS_URI', { allowHttp: true }),
        logLevel: env.oneOf('LOG_LEVEL', ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const, 'INFO'),
      }),
      {
        COGNITO_USER_POOL_ID: '  eu-central-1_AbCdEf123 ',
        RETENTION_DAYS: '30',
        JWKS_URI: 'http://localhost:9229/eu-central-1_AbCdEf123/.well-known/jwks.json',
        LOG_LEVEL: 'debug',
        WRITER_GROUP: '',
      },
    );
    expect(result).toEqual({
      ok: true,
      value: {
        userPoolId: 'eu-central-1_AbCdEf123',
        table: 'FileSlaErrors',
        writerGroup: undefined,
        retentionDays: 30,
        jwksUri: 'http://localhost:9229/eu-central-1_AbCdEf123/.well-known/jwks.json',
        logLevel: 'DEBUG',
      },
    });
  });

  it('reads process.env by default', () => {
    process.env.SHARED_MIDDLEWARE_TEST_VAR = 'from-process-env';
    try {
      expect(loadConfig((env) => env.required('SHARED_MIDDLEWARE_TEST_VAR'))).toEqual({ ok: true, value: 'from-process-env' });
    } finally {
      delete process.env.SHARED_MIDDLEWARE_TEST_VAR;
    }
  });

  describe('required', () => {
    it.each([
      ['absent', {}],
      ['empty', { COGNITO_CLIENT_ID: '' }],
      ['blank', { COGNITO_CLIENT_ID: '   ' }],
    ])('is a problem when %s', (_, env) => {
      expect(problemsOf((reader) => reader.required('COGNITO_CLIENT_ID'), env)).toEqual(['COGNITO_CLIENT_ID is required']);
    });
  });

  describe('integer', () => {
    const read = (env: EnvReader): number => env.integer('RETENTION_DAYS', { fallback: 400, min: 0, max: 3650 });

    it('uses the fallback when absent and accepts both bounds', () => {
      expect(loadConfig(read, {})).toEqual({ ok: true, value: 400 });
      expect(loadConfig(read, { RETENTION_DAYS: '0' })).toEqual({ ok: true, value: 0 });
      expect(loadConfig(read, { RETENTION_DAYS: '3650' })).toEqual({ ok: true, value: 3650 });
    });

    it.each(['-1', '3651', '99999999999999999999'])('refuses %s as out of range', (raw) => {
      expect(problemsOf(read, { RETENTION_DAYS: raw })).toEqual([`RETENTION_DAYS must be an integer from 0 to 3650 (got "${raw}")`]);
    });

    it.each(['12.5', '1e3', 'abc', '0x10', '+5', '30 days'])('refuses %s as not an integer', (raw) => {
      expect(problemsOf(read, { RETENTION_DAYS: raw })).toEqual([`RETENTION_DAYS must be an integer from 0 to 3650 (got "${raw}")`]);
    });
  });

  describe('url', () => {
    it('is undefined when absent, without a problem', () => {
      expect(loadConfig((env) => env.url('JWKS_URI'), {})).toEqual({ ok: true, value: undefined });
    });

    it('accepts https always', () => {
      const value = 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_AbCdEf123/.well-known/jwks.json';
      expect(loadConfig((env) => env.url('JWKS_URI'), { JWKS_URI: value })).toEqual({ ok: true, value });
    });

    it('refuses http unless allowHttp', () => {
      const value = 'http://localhost:9229/eu-central-1_AbCdEf123';
      expect(problemsOf((env) => env.url('JWT_ISSUER'), { JWT_ISSUER: value })).toEqual([
        `JWT_ISSUER must be an https URL (got "${value}")`,
      ]);
      expect(loadConfig((env) => env.url('JWT_ISSUER', { allowHttp: true }), { JWT_ISSUER: value })).toEqual({ ok: true, value });
    });

    it('refuses other schemes even with allowHttp, and relative or broken URLs', () => {
      expect(problemsOf((env) => env.url('JWKS_URI', { allowHttp: true }), { JWKS_URI: 'ftp://example.com/jwks' })).toEqual([
        'JWKS_URI must be an http(s) URL (got "ftp://example.com/jwks")',
      ]);
      expect(problemsOf((env) => env.url('JWKS_URI'), { JWKS_URI: '/jwks.json' })).toEqual([
        'JWKS_URI must be an absolute URL (got "/jwks.json")',
      ]);
    });
  });

  describe('oneOf', () => {
    const read = (env: EnvReader): string => env.oneOf('LOG_LEVEL', ['DEBUG', 'INFO', 'WARN'] as const, 'INFO');

    it('matches case-insensitively and returns the value as listed', () => {
      expect(loadConfig(read, { LOG_LEVEL: 'warn' })).toEqual({ ok: true, value: 'WARN' });
      expect(loadConfig(read, {})).toEqual({ ok: true, value: 'INFO' });
    });

    it('lists the allowed values when the value is not one of them', () => {
      expect(problemsOf(read, { LOG_LEVEL: 'verbose' })).toEqual(['LOG_LEVEL must be one of DEBUG, INFO, WARN (got "verbose")']);
    });
  });

  it('collects every problem into one ConfigError message', () => {
    const result = loadConfig(
      (env) => {
        const config = {
          userPoolId: env.required('COGNITO_USER_POOL_ID'),
          clientId: env.required('COGNITO_CLIENT_ID'),
          retentionDays: env.integer('RETENTION_DAYS', { fallback: 400, min: 0, max: 3650 }),
          jwksUri: env.url('JWKS_URI'),
          logLevel: env.oneOf('LOG_LEVEL', ['INFO', 'DEBUG'] as const, 'INFO'),
        };
        if (env.optional('JWT_ISSUER') && !config.jwksUri) env.problem('JWT_ISSUER needs JWKS_URI');
        return config;
      },
      { RETENTION_DAYS: 'forever', JWKS_URI: 'http://emulator/jwks', LOG_LEVEL: 'loud', JWT_ISSUER: 'http://emulator' },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.name).toBe('ConfigError');
    expect(result.error.problems).toEqual([
      'COGNITO_USER_POOL_ID is required',
      'COGNITO_CLIENT_ID is required',
      'RETENTION_DAYS must be an integer from 0 to 3650 (got "forever")',
      'JWKS_URI must be an https URL (got "http://emulator/jwks")',
      'LOG_LEVEL must be one of INFO, DEBUG (got "loud")',
      'JWT_ISSUER needs JWKS_URI',
    ]);
    expect(result.error.message).toBe(`Invalid configuration: ${result.error.problems.join('; ')}`);
  });

  it('never throws: an exception in the reader becomes a problem too', () => {
    const run = (): unknown =>
      loadConfig(
        (env) => {
          env.required('COGNITO_USER_POOL_ID');
          throw new Error('DYNAMODB_TABLE and DYNAMODB_ENDPOINT disagree');
        },
        {},
      );
    expect(run).not.toThrow();
    expect(run()).toMatchObject({
      ok: false,
      error: { problems: ['COGNITO_USER_POOL_ID is required', 'DYNAMODB_TABLE and DYNAMODB_ENDPOINT disagree'] },
    });
    expect(
      loadConfig(() => {
        throw 'a string';
      }, {}),
    ).toMatchObject({ ok: false, error: { problems: ['a string'] } });
  });
});
