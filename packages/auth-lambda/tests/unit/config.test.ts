import { describe, expect, it } from '@jest/globals';
import type { ConfigResult } from '@file-sla/shared-middleware';
import { readAuthConfig, type AuthConfig } from '../../src/config.js';
import { VALID_ENV } from '../support/env.js';

const loadConfig = async (env: Record<string, string>): Promise<ConfigResult<AuthConfig>> => readAuthConfig(env);

const problemsOf = (config: ConfigResult<AuthConfig>): readonly string[] => {
  if (config.ok) throw new Error('expected an invalid configuration');
  return config.error.problems;
};

describe('config', () => {
  it('reads a valid environment', async () => {
    expect(await loadConfig({ ...VALID_ENV })).toEqual({
      ok: true,
      value: { region: 'eu-west-1', userPoolId: 'eu-west-1_AbC123', clientId: 'client123', clientSecret: 's3cr3t', cognitoEndpoint: undefined },
    });
  });

  it('has no client secret when COGNITO_CLIENT_SECRET is absent or blank', async () => {
    const { COGNITO_CLIENT_SECRET: _secret, ...withoutSecret } = VALID_ENV;
    const absent = await loadConfig(withoutSecret);
    expect(absent.ok && absent.value.clientSecret).toBeUndefined();
    const blank = await loadConfig({ ...VALID_ENV, COGNITO_CLIENT_SECRET: '   ' });
    expect(blank.ok && blank.value.clientSecret).toBeUndefined();
  });

  it('falls back to AWS_DEFAULT_REGION, and trims values', async () => {
    const { AWS_REGION: _region, ...rest } = VALID_ENV;
    const config = await loadConfig({ ...rest, AWS_DEFAULT_REGION: 'eu-central-1', COGNITO_CLIENT_ID: ' client123 ' });
    expect(config.ok && config.value).toMatchObject({ region: 'eu-central-1', clientId: 'client123' });
  });

  it('accepts an http(s) COGNITO_ENDPOINT (local emulator)', async () => {
    const config = await loadConfig({ ...VALID_ENV, COGNITO_ENDPOINT: 'http://127.0.0.1:9229' });
    expect(config.ok && config.value.cognitoEndpoint).toBe('http://127.0.0.1:9229');
  });

  it('reports every missing variable at once', async () => {
    const problems = problemsOf(await loadConfig({}));
    expect(problems).toEqual([
      'AWS_REGION (or AWS_DEFAULT_REGION) is required',
      'COGNITO_USER_POOL_ID is required',
      'COGNITO_CLIENT_ID is required',
    ]);
  });

  it.each([
    ['COGNITO_USER_POOL_ID', { COGNITO_USER_POOL_ID: '' }, 'COGNITO_USER_POOL_ID is required'],
    ['COGNITO_CLIENT_ID', { COGNITO_CLIENT_ID: '  ' }, 'COGNITO_CLIENT_ID is required'],
    ['a malformed pool id', { COGNITO_USER_POOL_ID: 'AbC123' }, 'COGNITO_USER_POOL_ID must look like <region>_<id> (got "AbC123")'],
    ['a pool id with a bad id part', { COGNITO_USER_POOL_ID: 'eu-west-1_Ab/C' }, 'COGNITO_USER_POOL_ID must look like'],
    ['an invalid COGNITO_ENDPOINT', { COGNITO_ENDPOINT: 'localhost:9229' }, 'COGNITO_ENDPOINT must be an'],
    ['a non-http COGNITO_ENDPOINT', { COGNITO_ENDPOINT: 'ftp://127.0.0.1' }, 'COGNITO_ENDPOINT must be an http(s) URL'],
  ])('%s → invalid', async (_label, override, problem) => {
    const problems = problemsOf(await loadConfig({ ...VALID_ENV, ...override }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(problem);
  });

  it('never puts the client secret in its error', async () => {
    const config = await loadConfig({ ...VALID_ENV, COGNITO_CLIENT_ID: '', COGNITO_CLIENT_SECRET: 'sup3r-s3cr3t-value' });
    expect(config.ok).toBe(false);
    expect(config.ok ? '' : config.error.message).not.toContain('sup3r-s3cr3t-value');
  });
});
