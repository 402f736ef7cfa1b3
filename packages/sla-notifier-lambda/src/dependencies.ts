import { PublishBatchCommand, type SNSClient } from '@aws-sdk/client-sns';
import { createLogger, warmUpClient, type ConfigResult, type Logger } from '@file-sla/shared-middleware';
import { readSlaNotifierConfig, type SlaNotifierConfig } from './config.js';
import { createSnsClient } from './sns-client.js';

/** What the handler is built from (see `createHandler`). */
export interface Dependencies {
  /** The configuration; while it is invalid every invocation fails (the stream keeps the records). */
  config: ConfigResult<SlaNotifierConfig>;
  logger: Logger;
  /** The container's SNS client for the valid configuration (asked once, at cold start). */
  snsClient: (config: SlaNotifierConfig) => SNSClient;
  /**
   * Runs one PublishBatch through the SNS client's whole stack, answered in-process (it is never
   * sent), and opens the client's connection to SNS (see `warmUpClient`), so that the first batch
   * does not pay for what the SDK and Node's HTTP client do once.
   */
  warmUp?: () => Promise<unknown>;
}

/** An empty PublishBatch answer (AWS query protocol). */
const WARM_UP_ANSWER =
  '<PublishBatchResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishBatchResult><Successful/><Failed/></PublishBatchResult>' +
  '<ResponseMetadata><RequestId>warm-up</RequestId></ResponseMetadata></PublishBatchResponse>';

/**
 * The wiring of a real container, built once at cold start: the configuration read from the
 * environment, the logger, one SNS client (the local topic sink's endpoint on the local stack) and
 * its warm-up.
 *
 * @example
 * ```ts
 * const dependencies = defaultDependencies();
 * await dependencies.warmUp?.();
 * export const handler = createHandler(dependencies);
 * ```
 */
export const defaultDependencies = (env: Record<string, string | undefined> = process.env): Dependencies => {
  const config = readSlaNotifierConfig(env);
  const logger = createLogger({ serviceName: 'sla-notifier-lambda' });
  if (!config.ok) return { config, logger, snsClient: createSnsClient };
  const client = createSnsClient(config.value);
  const warmUpCommand = new PublishBatchCommand({ TopicArn: config.value.topicArn, PublishBatchRequestEntries: [{ Id: 'warm-up', Message: 'warm-up' }] });
  return {
    config,
    logger,
    snsClient: () => client,
    warmUp: () => warmUpClient(client, warmUpCommand, { answer: { headers: { 'content-type': 'text/xml' }, body: WARM_UP_ANSWER } }),
  };
};
