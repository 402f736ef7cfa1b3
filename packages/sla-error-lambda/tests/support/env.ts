/** Every variable that changes how the SLA error function, its SDK client or its logger behaves. */
const VARIABLES = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'COGNITO_USER_POOL_ID',
  'COGNITO_CLIENT_ID',
  'COGNITO_CLIENT_SECRET',
  'DYNAMODB_TABLE',
  'DYNAMODB_ENDPOINT',
  'RETENTION_DAYS',
  'WRITER_GROUP',
  'READER_GROUP',
  'JWT_ISSUER',
  'JWKS_URI',
  'COGNITO_JWKS',
  'LOG_LEVEL',
  'POWERTOOLS_LOG_LEVEL',
  'POWERTOOLS_DEV',
  'POWERTOOLS_LOGGER_LOG_EVENT',
] as const;

export type EnvName = (typeof VARIABLES)[number];
export type Env = Partial<Record<EnvName, string>>;

/** Pool and app client of the fixture deployment (the tokens of `jwt.ts` are minted for them). */
export const POOL_ID = 'local_TestPool1';
export const CLIENT_ID = 'test-client-id';

/** A valid configuration without the local issuer (add `JWT_ISSUER`/`JWKS_URI` of a test JWKS server). */
export const BASE_ENV = {
  AWS_REGION: 'eu-central-1',
  COGNITO_USER_POOL_ID: POOL_ID,
  COGNITO_CLIENT_ID: CLIENT_ID,
  AWS_ACCESS_KEY_ID: 'AKIDUNITTEST',
  AWS_SECRET_ACCESS_KEY: 'unit-test-secret',
} as const;

/**
 * Replaces the variables the function reads with `values` (others are removed) and returns a
 * function that puts the previous values back.
 */
export const setEnv = (values: Env): (() => void) => {
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, values);
  return () => {
    for (const name of VARIABLES) {
      const value = saved[name];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
};
