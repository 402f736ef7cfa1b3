import {
  configValue,
  createAccessTokenVerifier,
  createLogger,
  httpHandler,
  httpRouter,
  requireGroup,
  type HttpContext,
  type HttpRequest,
  type HttpResult,
  warmUpClient,
} from '@file-sla/shared-middleware';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { config } from './config.js';
import { createDynamoDbClient } from './dynamodb-client.js';
import { badIdempotencyKey } from './errors.js';
import { parseListQuery } from './list-query.js';
import { getSlaError, listSlaErrors } from './read-sla-errors.js';
import { validateSlaErrorRequest } from './generated/validators.js';
import { normalizeSlaErrorRequest } from './normalize-request.js';
import { reportSlaError, reportSlaErrorBatch } from './report-sla-errors.js';
import type { SlaErrorInput } from './sla-error.js';
import { createSlaErrorStore, type SlaErrorStore } from './sla-error-store.js';

const logger = createLogger({ serviceName: 'sla-error-lambda' });

/**
 * The container's one DynamoDB client and store, built at init (cold start) and warmed up there:
 * one PutItem through the client's whole stack, answered in-process (no network call), so that
 * the first request does not pay for what the SDK does on its first call.
 */
const dynamodb = config.ok ? createDynamoDbClient(config.value) : undefined;
const store = dynamodb && config.ok ? createSlaErrorStore(dynamodb, config.value.tableName) : undefined;
if (dynamodb && config.ok) await warmUpClient(dynamodb, new PutItemCommand({ TableName: config.value.tableName, Item: { errorId: { S: 'warm-up' } } }));

/** The store; routes run only with a valid configuration (the configuration guard answers 500 before). */
const getStore = (): SlaErrorStore => {
  configValue(config);
  return store as SlaErrorStore;
};

/** How long the function may still run (a Lambda context always tells; a hand-made one may not). */
const remainingTimeOf = (context: HttpContext): (() => number) | undefined =>
  typeof context.getRemainingTimeInMillis === 'function' ? () => context.getRemainingTimeInMillis() : undefined;

const MAX_IDEMPOTENCY_KEY = 255;

const idempotencyKeyOf = (request: HttpRequest): string | undefined => {
  const key = request.headers['idempotency-key']?.trim();
  if (key === undefined) return undefined;
  if (key === '' || key.length > MAX_IDEMPOTENCY_KEY || !/^[\x21-\x7e]+$/.test(key)) throw badIdempotencyKey(MAX_IDEMPOTENCY_KEY);
  return key;
};

/** `POST /sla-errors`: one SLA error or a batch, stored idempotently. */
const postSlaErrors = async (request: HttpRequest<SlaErrorInput | SlaErrorInput[]>, context: HttpContext): Promise<HttpResult> => {
  const { writerGroup, retentionDays } = configValue(config);
  const claims = requireGroup(context, writerGroup);
  const recordContext = {
    submittedBy: claims.username,
    clientId: claims.client_id,
    requestId: context.requestId,
    now: new Date(),
    retentionDays,
  };
  const body = Array.isArray(request.body)
    ? await reportSlaErrorBatch(getStore(), request.body, { ...recordContext, remainingTimeMs: remainingTimeOf(context) })
    : await reportSlaError(getStore(), request.body, { ...recordContext, idempotencyKey: idempotencyKeyOf(request) });
  return { statusCode: 200, body };
};

/** `GET /sla-errors/{errorId}`: one record. */
const getOne = async (request: HttpRequest, context: HttpContext): Promise<HttpResult> => {
  requireGroup(context, configValue(config).readerGroup);
  return { statusCode: 200, body: await getSlaError(getStore(), request.pathParameters.errorId ?? '') };
};

/** `GET /sla-errors?…`: records of one file or one day, a page at a time. */
const list = async (request: HttpRequest, context: HttpContext): Promise<HttpResult> => {
  requireGroup(context, configValue(config).readerGroup);
  return { statusCode: 200, body: await listSlaErrors(getStore(), parseListQuery(request.query)) };
};

/** Every `/sla-errors` route. */
export const handler = httpHandler(
  httpRouter([
    { method: 'POST', path: '/sla-errors', handler: postSlaErrors },
    { method: 'GET', path: '/sla-errors', handler: list },
    { method: 'GET', path: '/sla-errors/{errorId}', handler: getOne },
  ]),
  {
    logger,
    config,
    auth: ({ userPoolId, clientId, jwtIssuer, jwksUri, jwks }) => createAccessTokenVerifier({ userPoolId, clientId, issuer: jwtIssuer, jwksUri, jwks }),
    body: { normalize: normalizeSlaErrorRequest, validate: validateSlaErrorRequest },
  },
);
