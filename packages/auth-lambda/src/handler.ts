import { configValue, createLogger, httpHandler, httpRouter } from '@file-sla/shared-middleware';
import { normalizeAuthBody, toAuthRequest, type AuthRequestBody } from './auth-request.js';
import { createAuthenticator, type Authenticator } from './authenticator.js';
import { createCognitoClient } from './cognito-client.js';
import { config } from './config.js';
import { validateAuthRequest } from './generated/validators.js';

const logger = createLogger({ serviceName: 'auth-lambda' });

let authenticator: Authenticator | undefined;
/** One Cognito client and authenticator per container, built on first use. */
const getAuthenticator = (): Authenticator => {
  if (authenticator) return authenticator;
  const { clientId, clientSecret } = configValue(config);
  authenticator = createAuthenticator({ client: createCognitoClient(configValue(config)), clientId, clientSecret });
  return authenticator;
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
