import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { marshallOptions } from '@aws-sdk/util-dynamodb';
import type { SlaConfig } from './config.js';

/** Retry and time-out settings: 3 attempts (standard mode, with back-off), short time-outs. */
export const DYNAMODB_CLIENT_SETTINGS = {
  maxAttempts: 3,
  retryMode: 'standard',
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 3_000,
} as const;

/**
 * How records become DynamoDB items (`marshall`): an attribute whose value is `undefined` is left
 * out rather than refused; an object is a map whatever its `constructor` property says. `marshall`
 * takes an object whose `constructor` is not `Object` for a class instance, and a `details` of
 * `{"constructor": 1}` (a name JSON allows) is one; records hold nothing but JSON values, so
 * every object of theirs is a map.
 */
export const MARSHALL_OPTIONS: Readonly<marshallOptions> = { removeUndefinedValues: true, convertClassInstanceToMap: true };

/**
 * The container's one DynamoDB client (plain commands; the store marshalls and unmarshalls).
 * Credentials come from the environment only (what Lambda provides), not the SDK's whole provider
 * chain; the local stack gets static dummy ones.
 */
export const createDynamoDbClient = (config: SlaConfig): DynamoDBClient =>
  new DynamoDBClient({
    region: config.region,
    maxAttempts: DYNAMODB_CLIENT_SETTINGS.maxAttempts,
    retryMode: DYNAMODB_CLIENT_SETTINGS.retryMode,
    requestHandler: {
      connectionTimeout: DYNAMODB_CLIENT_SETTINGS.connectionTimeoutMs,
      requestTimeout: DYNAMODB_CLIENT_SETTINGS.requestTimeoutMs,
      // Without it the SDK only warns (console.warn) when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
    },
    credentials: config.localCredentials ? { accessKeyId: 'local', secretAccessKey: 'local' } : fromEnv(),
    ...(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {}),
  });
