import { createLogger, type ConfigResult, type Logger } from '@file-sla/shared-middleware';
import type { SNSClient } from '@aws-sdk/client-sns';
import { readSlaNotifierConfig, type SlaNotifierConfig } from './config.js';
import { createSnsClient } from './sns-client.js';

/** What the handler is built from (see `createHandler`). */
export interface Dependencies {
  /** The configuration; while it is invalid every invocation fails (the stream keeps the records). */
  config: ConfigResult<SlaNotifierConfig>;
  logger: Logger;
  /** Builds the container's SNS client from the valid configuration (once, at cold start). */
  snsClient: (config: SlaNotifierConfig) => SNSClient;
}

/**
 * The wiring of a real container, built once at cold start: the configuration read from the
 * environment, the logger, the SNS client (the local topic sink's endpoint on the local stack).
 *
 * @example
 * ```ts
 * export const handler = createHandler(defaultDependencies());
 * ```
 */
export const defaultDependencies = (env: Record<string, string | undefined> = process.env): Dependencies => ({
  config: readSlaNotifierConfig(env),
  logger: createLogger({ serviceName: 'sla-notifier-lambda' }),
  snsClient: createSnsClient,
});
