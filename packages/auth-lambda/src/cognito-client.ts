import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { AuthConfig } from './config.js';

/**
 * The container's one Cognito client. `InitiateAuth` and `RespondToAuthChallenge` are unsigned
 * calls, so no credentials are loaded; throttling is retried by the SDK (3 attempts in all).
 */
export const createCognitoClient = (config: AuthConfig): CognitoIdentityProviderClient =>
  new CognitoIdentityProviderClient({
    region: config.region,
    maxAttempts: 3,
    ...(config.cognitoEndpoint ? { endpoint: config.cognitoEndpoint } : {}),
  });
