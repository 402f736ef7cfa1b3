import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { BatchItemFailures, EventInvocation } from '@file-sla/shared-middleware';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { SlaNotifierConfig } from './config.js';
import { HeldBackError, PublishFailedError } from './errors.js';
import { planAlerts } from './plan-alerts.js';
import { publishAlerts } from './publish-alerts.js';

/**
 * Turns one batch of the table's stream into alerts on the topic and answers which records failed.
 * The answer is Powertools' partial batch response: each failed record is a `batchItemFailures`
 * entry, and a batch whose every record failed is an error (so the event source mapping splits
 * it, see `planAlerts`).
 *
 * @example
 * ```ts
 * handle: (event, invocation) => notify(event, invocation, sns, processor)
 * ```
 */
export const notify = async (
  event: DynamoDBStreamEvent,
  { config, context, logger }: EventInvocation<SlaNotifierConfig>,
  sns: SNSClient,
  processor: BatchProcessor = new BatchProcessor(EventType.DynamoDBStreams),
): Promise<BatchItemFailures> => {
  const plan = planAlerts(event.Records, config);
  if (plan.malformed) {
    const { sequenceNumber, eventID, keys, error } = plan.malformed;
    logger.error('A stream record is not an SLA error: it is retried, then goes to the dead-letter queue', {
      sequenceNumber,
      eventID,
      keys,
      problems: error.problems,
      heldBack: plan.failures.size - 1,
    });
  }
  const outcome = await publishAlerts(sns, config.topicArn, plan.messages);
  const failures = new Map([...plan.failures, ...outcome.failures]);
  const publishErrors = [...new Set([...outcome.failures.values()].filter((error) => !(error instanceof HeldBackError)))];
  for (const error of publishErrors) {
    logger.error(`SNS did not publish an alert (${error instanceof PublishFailedError ? error.code : error.name}): the stream retries the record(s) it carries`, {
      sequenceNumbers: [...outcome.failures].filter(([, failure]) => failure === error).map(([sequenceNumber]) => sequenceNumber),
      error,
    });
  }
  logger.info('Stream batch handled', {
    records: event.Records.length,
    messages: plan.messages.length,
    digests: plan.messages.filter((planned) => planned.message.attributes.alertKind === 'digest').length,
    published: outcome.published,
    publishCalls: outcome.calls,
    skipped: plan.skipped.length,
    failed: failures.size,
  });
  const recordHandler = async (record: DynamoDBRecord): Promise<void> => {
    const failure = failures.get(record.dynamodb?.SequenceNumber ?? '');
    if (failure) throw failure;
  };
  return (await processPartialResponse(event, recordHandler, processor, { context, processInParallel: false })) as BatchItemFailures;
};
