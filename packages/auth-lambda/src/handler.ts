import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { configValue, createLogger, httpHandler, httpRouter, warmUpClient } from '@file-sla/shared-middleware';
import { normalizeAuthBody, toAuthRequest, type AuthRequestBody } from './auth-request.js';
import { createAuthenticator, type Authenticator } from './authenticator.js';
import { createCognitoClient } from './cognito-client.js';
import { config } from './config.js';
import { validateAuthRequest } from './generated/validators.js';

const logger = createLogger({ serviceName: 'auth-lambda' });

/**
 * The container's one Cognito client and authenticator, built at init (cold start) and warmed up
 * there: one InitiateAuth through the client's whole stack, answered in-process (no network call),
 * so that the first request does not pay for what the SDK does on its first call.
 */
const cognito = config.ok ? createCognitoClient(config.value) : undefined;
const authenticator: Authenticator | undefined =
  cognito && config.ok ? createAuthenticator({ client: cognito, clientId: config.value.clientId, clientSecret: config.value.clientSecret }) : undefined;
if (cognito && config.ok) {
  await warmUpClient(
    cognito,
    new InitiateAuthCommand({ ClientId: config.value.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'warm-up', PASSWORD: 'warm-up' } }),
    { headers: { 'content-type': 'application/x-amz-json-1.1' } },
  );
}

/** The authenticator; routes run only with a valid configuration (the configuration guard answers 500 before). */
const getAuthenticator = (): Authenticator => {
  configValue(config);
  return authenticator as Authenticator;
};

/** `POST /auth`: a username with a password, a refresh token, or a new password + session → tokens. */
export const handler = httpHandler(
  httpRouter([
    {
      method: 'POST',
      path: '/auth',
      handler: async (request: { body: AuthRequestBody }) => ({
        statusCode: 200,
        body: await getAuthenticator()(toAuthRequest(request.body)),
      }),
    },
  ]),
  { logger, config, body: { normalize: normalizeAuthBody, validate: validateAuthRequest } },
);
