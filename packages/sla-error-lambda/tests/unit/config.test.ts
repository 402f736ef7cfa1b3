import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { ConfigResult } from '@file-sla/shared-middleware';
import type { SlaConfig } from '../../src/config.js';
import { captureOutput } from '@file-sla/test-support';
import { BASE_ENV, setEnv, type Env } from '../support/env.js';

/** A JWKS as Cognito publishes it (two RSA signing keys). */
const JWKS = {
  keys: ['key-a', 'key-b'].map((kid) => ({
    ...(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }) as { kty: string; n: string; e: string }),
    kid,
    alg: 'RS256',
    use: 'sig',
  })),
};

/** `config.ts` reads the environment when it is imported (cold start): import it afresh. */
const loadConfig = async (env: Env): Promise<ConfigResult<SlaConfig>> => {
  restore = setEnv(env);
  jest.resetModules();
  const module = await import('../../src/config.js');
  return module.config;
};

let restore = (): void => undefined;
afterEach(() => restore());

const valueOf = (config: ConfigResult<SlaConfig>): SlaConfig => {
  if (!config.ok) throw new Error(`expected a valid configuration: ${config.error.message}`);
  return config.value;
};
const problemsOf = (config: ConfigResult<SlaConfig>): readonly string[] => {
  if (config.ok) throw new Error('expected an invalid configuration');
  return config.error.problems;
};

describe('config', () => {
  it('reads a minimal environment, with the defaults of docs/architecture.md (Configuration)', async () => {
    expect(valueOf(await loadConfig({ ...BASE_ENV }))).toEqual({
      region: 'eu-central-1',
      userPoolId: 'local_TestPool1',
      clientId: 'test-client-id',
      tableName: 'FileSlaErrors',
      retentionDays: 400,
      writerGroup: undefined,
      readerGroup: undefined,
      dynamodbEndpoint: undefined,
      localCredentials: false,
      jwtIssuer: undefined,
      jwksUri: undefined,
      jwks: undefined,
    });
  });

  it('DYNAMODB_TABLE defaults to FileSlaErrors (also when blank), else is taken as given', async () => {
    expect(valueOf(await loadConfig({ ...BASE_ENV })).tableName).toBe('FileSlaErrors');
    expect(valueOf(await loadConfig({ ...BASE_ENV, DYNAMODB_TABLE: '  ' })).tableName).toBe('FileSlaErrors');
    expect(valueOf(await loadConfig({ ...BASE_ENV, DYNAMODB_TABLE: 'sla-errors.prod_v2' })).tableName).toBe('sla-errors.prod_v2');
  });

  it('reads every optional variable', async () => {
    const value = valueOf(
      await loadConfig({
        ...BASE_ENV,
        RETENTION_DAYS: '0',
        WRITER_GROUP: 'sla-writers',
        READER_GROUP: 'sla-readers',
        DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
        JWT_ISSUER: 'http://localhost:9229/local_TestPool1',
        JWKS_URI: 'http://localhost:9229/local_TestPool1/.well-known/jwks.json',
      }),
    );
    expect(value).toMatchObject({
      retentionDays: 0,
      writerGroup: 'sla-writers',
      readerGroup: 'sla-readers',
      dynamodbEndpoint: 'http://127.0.0.1:8000',
      jwtIssuer: 'http://localhost:9229/local_TestPool1',
      jwksUri: 'http://localhost:9229/local_TestPool1/.well-known/jwks.json',
    });
  });

  it('RETENTION_DAYS: 0 to 36500', async () => {
    expect(valueOf(await loadConfig({ ...BASE_ENV, RETENTION_DAYS: '36500' })).retentionDays).toBe(36_500);
    expect(valueOf(await loadConfig({ ...BASE_ENV, RETENTION_DAYS: ' 30 ' })).retentionDays).toBe(30);
  });

  it('falls back to AWS_DEFAULT_REGION', async () => {
    const { AWS_REGION: _region, ...rest } = BASE_ENV;
    expect(valueOf(await loadConfig({ ...rest, AWS_DEFAULT_REGION: 'eu-west-1' })).region).toBe('eu-west-1');
  });

  it('local credentials only with DYNAMODB_ENDPOINT and no AWS_ACCESS_KEY_ID', async () => {
    const { AWS_ACCESS_KEY_ID: _key, AWS_SECRET_ACCESS_KEY: _secret, ...noKeys } = BASE_ENV;
    expect(valueOf(await loadConfig({ ...noKeys, DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' })).localCredentials).toBe(true);
    expect(valueOf(await loadConfig({ ...BASE_ENV, DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' })).localCredentials).toBe(false);
    expect(valueOf(await loadConfig({ ...noKeys })).localCredentials).toBe(false);
  });

  it('reports every missing variable at once', async () => {
    expect(problemsOf(await loadConfig({}))).toEqual([
      'AWS_REGION (or AWS_DEFAULT_REGION) is required',
      'COGNITO_USER_POOL_ID is required',
      'COGNITO_CLIENT_ID is required',
    ]);
  });

  it.each([
    ['RETENTION_DAYS not a number', { RETENTION_DAYS: 'forever' }, 'RETENTION_DAYS must be an integer from 0 to 36500 (got "forever")'],
    ['RETENTION_DAYS negative', { RETENTION_DAYS: '-1' }, 'RETENTION_DAYS must be an integer from 0 to 36500 (got "-1")'],
    ['RETENTION_DAYS fractional', { RETENTION_DAYS: '1.5' }, 'RETENTION_DAYS must be an integer from 0 to 36500 (got "1.5")'],
    ['RETENTION_DAYS too large', { RETENTION_DAYS: '36501' }, 'RETENTION_DAYS must be an integer from 0 to 36500 (got "36501")'],
    ['JWT_ISSUER without JWKS_URI', { JWT_ISSUER: 'http://localhost:9229/local_TestPool1' }, 'JWT_ISSUER and JWKS_URI go together (local stack only)'],
    ['JWKS_URI without JWT_ISSUER', { JWKS_URI: 'http://localhost:9229/p/.well-known/jwks.json' }, 'JWT_ISSUER and JWKS_URI go together (local stack only)'],
    ['DYNAMODB_ENDPOINT not http(s)', { DYNAMODB_ENDPOINT: 'ftp://127.0.0.1' }, 'DYNAMODB_ENDPOINT must be an http(s) URL (got "ftp://127.0.0.1")'],
    ['DYNAMODB_TABLE too short', { DYNAMODB_TABLE: 'ab' }, 'DYNAMODB_TABLE is not a valid table name (got "ab")'],
    ['DYNAMODB_TABLE with a slash', { DYNAMODB_TABLE: 'a/b/c' }, 'DYNAMODB_TABLE is not a valid table name (got "a/b/c")'],
    ['a malformed pool id', { COGNITO_USER_POOL_ID: 'TestPool1' }, 'COGNITO_USER_POOL_ID must look like <region>_<id> (got "TestPool1")'],
  ] as const)('%s → invalid, one clear problem', async (_label, override, problem) => {
    const problems = problemsOf(await loadConfig({ ...BASE_ENV, ...override }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(problem);
  });

  it('an invalid JWKS_URI is named first', async () => {
    const problems = problemsOf(await loadConfig({ ...BASE_ENV, JWT_ISSUER: 'http://localhost:9229/p', JWKS_URI: 'localhost:9229/jwks' }));
    expect(problems[0]).toBe('JWKS_URI must be an http(s) URL (got "localhost:9229/jwks")');
  });

  describe('COGNITO_JWKS (the user pool JWKS, preloaded into the verifier)', () => {
    it('is read as a JWKS, silently', async () => {
      const output = captureOutput();
      const config = valueOf(await loadConfig({ ...BASE_ENV, COGNITO_JWKS: JSON.stringify(JWKS) }));
      expect(config.jwks).toEqual(JWKS);
      expect(output.lines()).toEqual([]);
    });

    it.each([
      ['not JSON', '{"keys": [', /COGNITO_JWKS ignored, the JWKS will be fetched on first use: not JSON/],
      ['not a JWKS', '{"kid":"a"}', /COGNITO_JWKS ignored, the JWKS will be fetched on first use: not a JWKS/],
      ['a JWKS without keys', '{"keys":[]}', /COGNITO_JWKS ignored, the JWKS will be fetched on first use: a JWKS without keys/],
      ['a damaged key', JSON.stringify({ keys: [{ ...JWKS.keys[0], n: JWKS.keys[0]!.n.slice(0, 100) }] }), /key 0 \(kid "key-a"\) is not a usable public key/],
    ])('%s: a warning in the log, no JWKS — and the configuration stays valid (no 500s)', async (_what, raw, message) => {
      const output = captureOutput();
      const config = valueOf(await loadConfig({ ...BASE_ENV, COGNITO_JWKS: raw }));
      expect(config.jwks).toBeUndefined();
      const warnings = output.entries().filter((entry) => entry.level === 'WARN');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ service: 'sla-error-lambda' });
      expect(String(warnings[0]!.message)).toMatch(message);
    });

    it('blank is unset: no JWKS, no warning', async () => {
      const output = captureOutput();
      expect(valueOf(await loadConfig({ ...BASE_ENV, COGNITO_JWKS: '  ' })).jwks).toBeUndefined();
      expect(output.lines()).toEqual([]);
    });
  });
});
