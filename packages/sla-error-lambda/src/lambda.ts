import { defineHttpLambda } from '@file-sla/shared-middleware';
import type { SlaConfig } from './config.js';
import { validateSlaErrorRequest } from './generated/validators.js';
import { normalizeSlaErrorRequest } from './normalize-request.js';

/**
 * The sla-error function: every `/sla-errors` route. Build, local stack, infrastructure, deploy
 * and bench read this declaration (see docs/architecture.md, "Function manifests").
 */
export const manifest = defineHttpLambda<SlaConfig>()({
  kind: 'http',
  name: 'sla-error-lambda',
  description: 'POST /sla-errors, GET /sla-errors, GET /sla-errors/{errorId}.',
  memoryMb: 512,
  timeoutSeconds: 15,
  routes: {
    report: {
      method: 'POST',
      path: '/sla-errors',
      auth: { group: (config) => config.writerGroup },
      body: { normalize: normalizeSlaErrorRequest, validate: validateSlaErrorRequest, duplicateNames: 'case-insensitive' },
    },
    list: { method: 'GET', path: '/sla-errors', auth: { group: (config) => config.readerGroup } },
    get: { method: 'GET', path: '/sla-errors/{errorId}', auth: { group: (config) => config.readerGroup } },
  },
  environment: {
    COGNITO_USER_POOL_ID: { ref: 'user-pool-id' },
    COGNITO_CLIENT_ID: { ref: 'user-pool-client-id' },
    COGNITO_JWKS: { ref: 'user-pool-jwks' },
    DYNAMODB_TABLE: { ref: 'table-name' },
    WRITER_GROUP: { ref: 'group-name:writers' },
    READER_GROUP: { ref: 'group-name:readers' },
    RETENTION_DAYS: { parameter: 'RetentionDays', default: '400', description: 'Days a record is kept (DynamoDB TTL); 0 keeps records for ever.' },
    LOG_LEVEL: { parameter: 'LogLevel', default: 'INFO', description: 'LOG_LEVEL of the functions.', allowedValues: ['DEBUG', 'INFO', 'WARN', 'ERROR'] },
    DYNAMODB_ENDPOINT: { local: 'dynamodb-endpoint' },
    JWT_ISSUER: { local: 'jwt-issuer' },
    JWKS_URI: { local: 'jwks-uri' },
  },
  permissions: [
    { resource: 'table', actions: ['dynamodb:PutItem', 'dynamodb:GetItem'] },
    { resource: 'table', actions: ['dynamodb:Query'], indexes: true },
  ],
  resources: {
    groups: {
      writers: { parameter: 'WriterGroupName', default: 'sla-writers', description: 'May report SLA errors (POST /sla-errors); empty = any valid token may write.' },
      readers: { parameter: 'ReaderGroupName', default: 'sla-readers', description: 'May read SLA errors (GET /sla-errors); empty = any valid token may read.' },
    },
  },
});
