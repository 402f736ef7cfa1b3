import { defineHttpLambda } from '@file-sla/shared-middleware';
import type { SlaNotifierConfig } from './config.js';
import { validateSlaNotifierRequest } from './generated/validators.js';

/**
 * The sla-notifier-lambda function: `POST /sla-notifier`, for any caller with a valid access token. The build,
 * the local stack, the infrastructure and the deploy script read this declaration (see
 * docs/architecture.md, "Function manifests"): change it here, nowhere else.
 */
export const manifest = defineHttpLambda<SlaNotifierConfig>()({
  kind: 'http',
  name: 'sla-notifier-lambda',
  description: 'POST /sla-notifier: answers with the message it was sent, for a valid access token.',
  memoryMb: 256,
  timeoutSeconds: 10,
  routes: {
    post: { method: 'POST', path: '/sla-notifier', auth: {}, body: { validate: validateSlaNotifierRequest } },
  },
  environment: {
    COGNITO_USER_POOL_ID: { ref: 'user-pool-id' },
    COGNITO_CLIENT_ID: { ref: 'user-pool-client-id' },
    NODE_OPTIONS: { value: '--enable-source-maps' },
    LOG_LEVEL: { parameter: 'LogLevel', default: 'INFO', description: 'LOG_LEVEL of the functions.', allowedValues: ['DEBUG', 'INFO', 'WARN', 'ERROR'] },
    JWT_ISSUER: { local: 'jwt-issuer' },
    JWKS_URI: { local: 'jwks-uri' },
  },
  permissions: [],
});
