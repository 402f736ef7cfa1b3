import { defineHttpLambda } from '@file-sla/shared-middleware';
import { normalizeAuthBody } from './auth-request.js';
import type { AuthConfig } from './config.js';
import { validateAuthRequest } from './generated/validators.js';

/**
 * The auth function: `POST /auth`, public (it is where tokens come from). Build, local stack,
 * infrastructure, deploy and bench read this declaration (see docs/architecture.md).
 */
export const manifest = defineHttpLambda<AuthConfig>()({
  kind: 'http',
  name: 'auth-lambda',
  description: 'POST /auth: Cognito login for service accounts.',
  memoryMb: 256,
  timeoutSeconds: 10,
  routes: {
    login: { method: 'POST', path: '/auth', auth: 'public', body: { normalize: normalizeAuthBody, validate: validateAuthRequest, duplicateNames: 'case-insensitive' } },
  },
  environment: {
    COGNITO_USER_POOL_ID: { ref: 'user-pool-id' },
    COGNITO_CLIENT_ID: { ref: 'user-pool-client-id' },
    COGNITO_CLIENT_SECRET: { ref: 'user-pool-client-secret' },
    LOG_LEVEL: { parameter: 'LogLevel', default: 'INFO', description: 'LOG_LEVEL of the functions.', allowedValues: ['DEBUG', 'INFO', 'WARN', 'ERROR'] },
    COGNITO_ENDPOINT: { local: 'cognito-endpoint' },
  },
  permissions: [],
});
