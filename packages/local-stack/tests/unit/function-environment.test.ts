import { describe, expect, it } from '@jest/globals';
import { resolveEnvironment, type LocalPlatform } from '../../src/function-environment.ts';
import type { FunctionDescription } from '../../src/functions.ts';

const fn = (environment: FunctionDescription['environment']): FunctionDescription => ({
  kind: 'http',
  name: 'some-lambda',
  description: '',
  memoryMb: 384,
  timeoutSeconds: 5,
  environment,
  routes: [],
  packageDir: 'packages/some-lambda',
  zip: 'dist/some-lambda.zip',
  sha256: '',
});

const platform: LocalPlatform = {
  refs: { 'table-name': 'T', 'group-name:writers': 'w', 'group-name:off': '', 'user-pool-jwks': '{"keys":[]}' },
  local: { 'dynamodb-endpoint': 'http://127.0.0.1:1' },
  parameters: { LogLevel: 'DEBUG' },
};

describe('resolveEnvironment', () => {
  it('resolves every source: value, parameter (set or default), ref, local; adds the runtime variables and nothing else', () => {
    const env = resolveEnvironment(
      fn({
        FIXED: { value: 'v' },
        LOG_LEVEL: { parameter: 'LogLevel', default: 'INFO', description: '', allowedValues: ['DEBUG', 'INFO'] },
        DAYS: { parameter: 'RetentionDays', default: '400', description: '' },
        TABLE: { ref: 'table-name' },
        GROUP: { ref: 'group-name:writers' },
        OFF: { ref: 'group-name:off' },
        JWKS: { ref: 'user-pool-jwks' },
        ENDPOINT: { local: 'dynamodb-endpoint' },
      }),
      platform,
    );
    expect(env).toEqual({
      FIXED: 'v',
      LOG_LEVEL: 'DEBUG',
      DAYS: '400',
      TABLE: 'T',
      GROUP: 'w',
      OFF: '',
      JWKS: '{"keys":[]}',
      ENDPOINT: 'http://127.0.0.1:1',
      AWS_REGION: 'local',
      AWS_DEFAULT_REGION: 'local',
      AWS_LAMBDA_FUNCTION_NAME: 'some-lambda',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '384',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    });
  });

  it('refuses a reference the stack does not provide, naming the function and the variable', () => {
    expect(() => resolveEnvironment(fn({ TOPIC: { ref: 'topic-arn:alerts' } }), platform)).toThrow(
      'some-lambda: TOPIC needs "topic-arn:alerts", which the local stack does not provide',
    );
    expect(() => resolveEnvironment(fn({ SNS: { local: 'sns-endpoint' } }), platform)).toThrow(/some-lambda: SNS needs the local value "sns-endpoint"/);
  });

  it('refuses a parameter value outside its allowed values', () => {
    const source = { parameter: 'LogLevel', default: 'INFO', description: '', allowedValues: ['INFO', 'WARN'] };
    expect(() => resolveEnvironment(fn({ LOG_LEVEL: source }), platform)).toThrow('some-lambda: LOG_LEVEL: parameter LogLevel must be one of INFO, WARN (got "DEBUG")');
  });
});
