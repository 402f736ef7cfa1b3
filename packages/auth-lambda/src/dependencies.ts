import { InternalError, createLogger, type ConfigResult, type Logger } from '@file-sla/shared-middleware';
import { createAuthenticator, type Authenticator } from './authenticator.js';
import { createCognitoClient } from './cognito-client.js';
import { readAuthConfig, type AuthConfig } from './config.js';

/** What the auth function's handler is built from (see `createHandler`). */
export interface Dependencies {
  /** The configuration; while it is invalid every request answers `500`. */
  config: ConfigResult<AuthConfig>;
  logger: Logger;
  /** Logs in against Cognito. */
  authenticator: Authenticator;
}

/** Stands in for the authenticator while the configuration is invalid (the stack answers `500` before any route runs). */
const unconfigured: Authenticator = () => Promise.reject(new InternalError('Invalid configuration'));

/**
 * The wiring of a real container, built once at cold start: the configuration read from the
 * environment, the logger, one Cognito client and the authenticator on it.
 *
 * @example
 * ```ts
 * export const handler = createHandler(defaultDependencies());
 * ```
 */
export const defaultDependencies = (env: Record<string, string | undefined> = process.env): Dependencies => {
  const config = readAuthConfig(env);
  const logger = createLogger({ serviceName: 'auth-lambda' });
  if (!config.ok) return { config, logger, authenticator: unconfigured };
  const { clientId, clientSecret } = config.value;
  return { config, logger, authenticator: createAuthenticator({ client: createCognitoClient(config.value), clientId, clientSecret }) };
};
