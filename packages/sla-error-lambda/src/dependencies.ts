import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { InternalError, createLogger, warmUpClient, type ConfigResult, type Logger } from '@file-sla/shared-middleware';
import { config as environmentConfig, type SlaConfig } from './config.js';
import { createDynamoDbClient } from './dynamodb-client.js';
import { createSlaErrorStore, type SlaErrorStore } from './sla-error-store.js';

/** What the SLA error function's handler is built from (see `createHandler`). */
export interface Dependencies {
  /** The configuration; while it is invalid every request answers `500`. */
  config: ConfigResult<SlaConfig>;
  logger: Logger;
  /** The SLA error table. */
  store: SlaErrorStore;
  /** The time a record is received at (`createdAt`, TTL). */
  clock: () => Date;
  /**
   * Runs once at init, before the first request: one PutItem through the DynamoDB client's whole
   * stack, answered in-process (it is never sent), and the client's connection to DynamoDB opened
   * (see `warmUpClient`), so that the first request does not pay for what the SDK and Node's HTTP
   * client do on their first call.
   */
  warmUp?: () => Promise<unknown>;
}

const unavailable = (): Promise<never> => Promise.reject(new InternalError('Invalid configuration'));

/** Stands in for the store while the configuration is invalid (the stack answers `500` before any route runs). */
const unconfigured: SlaErrorStore = { putIfAbsent: unavailable, get: unavailable, query: unavailable };

/**
 * The wiring of a real container, built once at cold start: the configuration read from the
 * environment (`config.ts`), the logger, one DynamoDB client and the store on it, the system clock.
 *
 * @example
 * ```ts
 * export const handler = createHandler(defaultDependencies());
 * ```
 */
export const defaultDependencies = (config: ConfigResult<SlaConfig> = environmentConfig): Dependencies => {
  const logger = createLogger({ serviceName: 'sla-error-lambda' });
  if (!config.ok) return { config, logger, store: unconfigured, clock: () => new Date() };
  const client = createDynamoDbClient(config.value);
  const { tableName } = config.value;
  return {
    config,
    logger,
    store: createSlaErrorStore(client, tableName),
    clock: () => new Date(),
    warmUp: () => warmUpClient(client, new PutItemCommand({ TableName: tableName, Item: { errorId: { S: 'warm-up' } } })),
  };
};
