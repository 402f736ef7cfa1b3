import { loadConfig, type ConfigResult } from '@file-sla/shared-middleware';

/** What the auth function needs to know, read once at cold start. */
export interface AuthConfig {
  region: string;
  userPoolId: string;
  clientId: string;
  /** The app client's secret, when it has one: every Cognito call then carries `SECRET_HASH`. */
  clientSecret: string | undefined;
  /** Local emulator only: where Cognito answers. */
  cognitoEndpoint: string | undefined;
}

const USER_POOL_ID = /^[\w-]+_[0-9A-Za-z]+$/;

/**
 * Reads the configuration of the auth function from an environment (`process.env` by default,
 * read once at cold start by `defaultDependencies`); every problem is collected, nothing throws.
 */
export const readAuthConfig = (environment: Record<string, string | undefined> = process.env): ConfigResult<AuthConfig> =>
  loadConfig<AuthConfig>((env) => {
    const region = env.optional('AWS_REGION') ?? env.optional('AWS_DEFAULT_REGION');
    if (region === undefined) env.problem('AWS_REGION (or AWS_DEFAULT_REGION) is required');
    const userPoolId = env.required('COGNITO_USER_POOL_ID');
    if (userPoolId !== '' && !USER_POOL_ID.test(userPoolId)) {
      env.problem(`COGNITO_USER_POOL_ID must look like <region>_<id> (got "${userPoolId}")`);
    }
    return {
      region: region ?? '',
      userPoolId,
      clientId: env.required('COGNITO_CLIENT_ID'),
      clientSecret: env.optional('COGNITO_CLIENT_SECRET'),
      cognitoEndpoint: env.url('COGNITO_ENDPOINT', { allowHttp: true }),
    };
  }, environment);
