import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { AuthConfig } from './config.js';

/**
 * Retry and time-out settings: 3 attempts in all (standard mode, with back-off, whatever
 * AWS_RETRY_MODE says), each cut off after 1 s to connect and 2.5 s in all, so that a Cognito that
 * hangs is a `500` well inside the function's 10 s time-out.
 */
export const COGNITO_CLIENT_SETTINGS = {
  maxAttempts: 3,
  retryMode: 'standard',
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 2_500,
} as const;

/**
 * The container's one Cognito client. `InitiateAuth` and `RespondToAuthChallenge` are unsigned
 * calls, so no credentials are loaded; throttling is retried by the SDK (3 attempts in all).
 */
export const createCognitoClient = (config: AuthConfig): CognitoIdentityProviderClient =>
  new CognitoIdentityProviderClient({
    region: config.region,
    maxAttempts: COGNITO_CLIENT_SETTINGS.maxAttempts,
    retryMode: COGNITO_CLIENT_SETTINGS.retryMode,
    requestHandler: {
      connectionTimeout: COGNITO_CLIENT_SETTINGS.connectionTimeoutMs,
      requestTimeout: COGNITO_CLIENT_SETTINGS.requestTimeoutMs,
      // Without it the SDK only warns (console.warn) when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
    },
    ...(config.cognitoEndpoint ? { endpoint: config.cognitoEndpoint } : {}),
  });
