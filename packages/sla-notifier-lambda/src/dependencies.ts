import { createAccessTokenVerifier, createLogger, type AccessTokenVerifier, type ConfigResult, type Logger } from '@file-sla/shared-middleware';
import { readSlaNotifierConfig, type SlaNotifierConfig } from './config.js';

/** What the handler is built from (see `createHandler`). */
export interface Dependencies {
  /** The configuration; while it is invalid every request answers `500`. */
  config: ConfigResult<SlaNotifierConfig>;
  logger: Logger;
  /** Builds the access-token verifier from the valid configuration. */
  verifier: (config: SlaNotifierConfig) => AccessTokenVerifier;
}

/**
 * The wiring of a real container, built once at cold start: the configuration read from the
 * environment, the logger, Cognito's access-token verifier (the emulator's issuer on the local stack).
 *
 * @example
 * ```ts
 * export const handler = createHandler(defaultDependencies());
 * ```
 */
export const defaultDependencies = (env: Record<string, string | undefined> = process.env): Dependencies => ({
  config: readSlaNotifierConfig(env),
  logger: createLogger({ serviceName: 'sla-notifier-lambda' }),
  verifier: ({ userPoolId, clientId, jwtIssuer, jwksUri }) => createAccessTokenVerifier({ userPoolId, clientId, issuer: jwtIssuer, jwksUri }),
});
