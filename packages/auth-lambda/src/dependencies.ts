import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { InternalError, createLogger, warmUpClient, type ConfigResult, type Logger } from '@file-sla/shared-middleware';
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
  /**
   * Runs once at init, before the first request: one InitiateAuth through the Cognito client's
   * whole stack, answered in-process (it is never sent), and the client's connection to Cognito
   * opened (see `warmUpClient`), so that the first request does not pay for what the SDK and
   * Node's HTTP client do on their first call.
   */
  warmUp?: () => Promise<unknown>;
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
  const client = createCognitoClient(config.value);
  const warmUpCommand = new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'warm-up', PASSWORD: 'warm-up' } });
  return {
    config,
    logger,
    authenticator: createAuthenticator({ client, clientId, clientSecret }),
    warmUp: () => warmUpClient(client, warmUpCommand, { answer: { headers: { 'content-type': 'application/x-amz-json-1.1' } } }),
  };
};
