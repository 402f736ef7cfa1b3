/** Every variable that changes how the auth function or its logger behaves. */
const VARIABLES = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'COGNITO_USER_POOL_ID',
  'COGNITO_CLIENT_ID',
  'COGNITO_CLIENT_SECRET',
  'COGNITO_ENDPOINT',
  'LOG_LEVEL',
  'POWERTOOLS_LOG_LEVEL',
  'POWERTOOLS_DEV',
  'POWERTOOLS_LOGGER_LOG_EVENT',
] as const;

/** The configuration of the fixture deployment: an app client with a secret. */
export const VALID_ENV = {
  AWS_REGION: 'eu-west-1',
  COGNITO_USER_POOL_ID: 'eu-west-1_AbC123',
  COGNITO_CLIENT_ID: 'client123',
  COGNITO_CLIENT_SECRET: 's3cr3t',
} as const;

/**
 * Replaces the variables the function reads with `values` (others are removed) and returns a
 * function that puts the previous values back.
 */
export const setEnv = (values: Partial<Record<(typeof VARIABLES)[number], string>>): (() => void) => {
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
