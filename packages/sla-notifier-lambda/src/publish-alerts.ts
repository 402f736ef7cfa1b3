import { PublishBatchCommand, type PublishBatchRequestEntry, type SNSClient } from '@aws-sdk/client-sns';
import { MAX_MESSAGE_BYTES, snsMessage } from './alert-message.js';
import { HeldBackError, PublishFailedError } from './errors.js';
import type { PlannedMessage } from './plan-alerts.js';

/** PublishBatch takes at most 10 entries. */
export const MAX_BATCH_ENTRIES = 10;

/** The outcome of publishing: each failed record (by sequence number) and why; the rest went out. */
export interface PublishOutcome {
  failures: Map<string, Error>;
  /** Messages SNS accepted. */
  published: number;
  /** PublishBatch calls made. */
  calls: number;
}

const entryOf = (planned: PlannedMessage, index: number): PublishBatchRequestEntry => ({
  Id: `alert-${index}`,
  Subject: planned.message.subject,
  Message: snsMessage(planned.message),
  MessageStructure: 'json',
  MessageAttributes: Object.fromEntries(Object.entries(planned.message.attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }])),
});

const sizeOf = (entry: PublishBatchRequestEntry): number =>
  Buffer.byteLength(entry.Message ?? '', 'utf8') +
  Object.entries(entry.MessageAttributes ?? {}).reduce((sum, [name, value]) => sum + Buffer.byteLength(name + (value.DataType ?? '') + (value.StringValue ?? ''), 'utf8'), 0);

/** Entries in calls of at most 10 that together stay within SNS's payload limit. */
const chunk = (entries: PublishBatchRequestEntry[]): PublishBatchRequestEntry[][] => {
  const chunks: PublishBatchRequestEntry[][] = [];
  let current: PublishBatchRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = sizeOf(entry);
    if (current.length === MAX_BATCH_ENTRIES || (current.length > 0 && bytes + size > MAX_MESSAGE_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
};

/** Stream sequence numbers are decimal strings of varying length: shorter is earlier. */
const compareSequenceNumbers = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

const errorName = (error: unknown): string => (error as { name?: string }).name ?? 'Error';
const senderFaultOf = (error: unknown): boolean => (error as { $fault?: string }).$fault === 'client';

/**
 * Publishes the planned messages with PublishBatch, in order, at most 10 (and 256 KiB) per call.
 * A failed entry — or every entry of a call that failed after the SDK's retries — fails the
 * records it carries; the calls after a failed one are not made (their records are held back: the
 * stream retries from the first failure and would send them twice).
 *
 * @example
 * ```ts
 * const { failures } = await publishAlerts(sns, config.topicArn, plan.messages);
 * ```
 */
export const publishAlerts = async (sns: SNSClient, topicArn: string, messages: readonly PlannedMessage[]): Promise<PublishOutcome> => {
  const failures = new Map<string, Error>();
  const byId = new Map<string, PlannedMessage>();
  const entries = messages.map((planned, index) => {
    const entry = entryOf(planned, index);
    byId.set(entry.Id!, planned);
    return entry;
  });
  const fail = (id: string, error: Error): void => {
    for (const sequenceNumber of byId.get(id)?.sequenceNumbers ?? []) failures.set(sequenceNumber, error);
  };
  let published = 0;
  let calls = 0;
  let firstFailure: string | undefined;
  for (const entriesOfCall of chunk(entries)) {
    if (firstFailure !== undefined) {
      const heldBack = new HeldBackError(firstFailure);
      for (const entry of entriesOfCall) fail(entry.Id!, heldBack);
      continue;
    }
    calls += 1;
    try {
      const answer = await sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: entriesOfCall }));
      published += answer.Successful?.length ?? 0;
      for (const failed of answer.Failed ?? []) {
        fail(failed.Id ?? '', new PublishFailedError(failed.Code ?? 'Unknown', failed.Message ?? 'no message', failed.SenderFault ?? false));
      }
      const answered = new Set([...(answer.Successful ?? []), ...(answer.Failed ?? [])].map((result) => result.Id));
      for (const entry of entriesOfCall) {
        if (!answered.has(entry.Id)) fail(entry.Id!, new PublishFailedError('NoResult', 'PublishBatch returned no result for this entry', false));
      }
    } catch (error) {
      const failure = new PublishFailedError(errorName(error), error instanceof Error ? error.message : String(error), senderFaultOf(error), error);
      for (const entry of entriesOfCall) fail(entry.Id!, failure);
    }
    if (entriesOfCall.some((entry) => byId.get(entry.Id!)!.sequenceNumbers.some((sequenceNumber) => failures.has(sequenceNumber)))) {
      firstFailure = [...failures.keys()].sort(compareSequenceNumbers)[0];
    }
  }
  return { failures, published, calls };
};
