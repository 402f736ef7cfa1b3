import { loadConfig, type ConfigResult } from '@file-sla/shared-middleware';

/** What the sla-notifier-lambda function needs to know, read once at cold start. */
export interface SlaNotifierConfig {
  region: string;
  userPoolId: string;
  clientId: string;
  /** Local stack only: the emulator's token issuer and JWKS (http allowed). */
  jwtIssuer: string | undefined;
  jwksUri: string | undefined;
}

const USER_POOL_ID = /^[\w-]+_[0-9A-Za-z]+$/;

/**
 * Reads the configuration from an environment (`process.env` by default, read once at cold start
 * by `defaultDependencies`); every problem is collected, nothing throws.
 *
 * @example
 * ```ts
 * const config = readSlaNotifierConfig({ AWS_REGION: 'eu-west-1', COGNITO_USER_POOL_ID: 'eu-west-1_abc', COGNITO_CLIENT_ID: 'x' });
 * ```
 */
export const readSlaNotifierConfig = (environment: Record<string, string | undefined> = process.env): ConfigResult<SlaNotifierConfig> =>
  loadConfig<SlaNotifierConfig>((env) => {
    const region = env.optional('AWS_REGION') ?? env.optional('AWS_DEFAULT_REGION');
    if (region === undefined) env.problem('AWS_REGION (or AWS_DEFAULT_REGION) is required');
    const userPoolId = env.required('COGNITO_USER_POOL_ID');
    if (userPoolId !== '' && !USER_POOL_ID.test(userPoolId)) env.problem(`COGNITO_USER_POOL_ID must look like <region>_<id> (got "${userPoolId}")`);
    const jwtIssuer = env.url('JWT_ISSUER', { allowHttp: true });
    const jwksUri = env.url('JWKS_URI', { allowHttp: true });
    if ((jwtIssuer === undefined) !== (jwksUri === undefined)) env.problem('JWT_ISSUER and JWKS_URI go together (local stack only)');
    return { region: region ?? '', userPoolId, clientId: env.required('COGNITO_CLIENT_ID'), jwtIssuer, jwksUri };
  }, environment);
