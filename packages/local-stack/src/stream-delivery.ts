/**
 * How Lambda's event source mapping hands one batch of stream records to a function and what it
 * does with the outcome, for the local stream poller:
 *
 * - success (no `batchItemFailures`): the batch is done;
 * - a partial batch response (`ReportBatchItemFailures`): the checkpoint moves to the failed
 *   record with the lowest sequence number, and the records from there on are retried (Lambda
 *   "splits the batch at the returned sequence number"); an identifier that is empty or names no
 *   record of the batch makes the whole batch a failure, as in AWS;
 * - an error (thrown, or a function error): with `bisectBatchOnError` a batch of several records
 *   is split in two halves, each retried on its own (splitting does not use up a retry);
 *   otherwise, and for a single record, it is retried as it is;
 * - once `retryAttempts` retries have failed, or the oldest record is older than
 *   `maxRecordAgeSeconds`, the records go to the on-failure destination and the shard moves on.
 */
import type { DynamoDBRecord } from 'aws-lambda';

/** The mapping settings delivery needs (the manifest's `eventSource`). */
export interface DeliverySettings {
  retryAttempts: number;
  bisectBatchOnError: boolean;
  reportBatchItemFailures: boolean;
  maxRecordAgeSeconds?: number | undefined;
}

/** What the on-failure destination receives: Lambda's invocation record, and the records themselves. */
export interface DeadLetter {
  version: '1.0';
  timestamp: string;
  requestContext: { condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded'; approximateInvokeCount: number; functionName: string };
  responseContext: { functionError?: string; batchItemFailures?: string[] };
  DDBStreamBatchInfo: { shardId: string; startSequenceNumber: string; endSequenceNumber: string; batchSize: number; streamArn: string };
  /** Not in AWS's message (it points to the stream): the records, so that they can be looked at locally. */
  records: DynamoDBRecord[];
}

/** Where delivery reports. */
export interface DeliveryTarget {
  functionName: string;
  streamArn: string;
  shardId: string;
  /** Invokes the function with `{ Records }`; resolves with its result, rejects with its error. */
  invoke(records: DynamoDBRecord[]): Promise<unknown>;
  deadLetter(entry: DeadLetter): Promise<void> | void;
  log(line: string): void;
  /** Waits before a retry (`attempt` = 1 for the first retry). */
  backoff(attempt: number): Promise<void>;
  /** Now, in ms (injectable for tests of the record age). */
  now?: () => number;
}

interface PendingBatch {
  records: DynamoDBRecord[];
  retries: number;
  invokes: number;
}

const sequenceOf = (record: DynamoDBRecord): bigint => BigInt(record.dynamodb?.SequenceNumber ?? '0');

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The failed identifiers of a partial response, or an error message when the response is invalid. */
const readFailures = (result: unknown, records: DynamoDBRecord[]): { ids: string[] } | { invalid: string } => {
  const failures = (result as { batchItemFailures?: unknown } | null | undefined)?.batchItemFailures;
  if (failures === undefined || failures === null) return { ids: [] };
  if (!Array.isArray(failures)) return { invalid: 'batchItemFailures is not a list' };
  const known = new Set(records.map((record) => record.dynamodb?.SequenceNumber));
  const ids: string[] = [];
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !known.has(id)) return { invalid: `itemIdentifier ${JSON.stringify(id)} names no record of the batch` };
    ids.push(id);
  }
  return { ids };
};

const describe = (records: DynamoDBRecord[]): string =>
  records.length === 1 ? `record ${records[0]!.dynamodb?.SequenceNumber}` : `${records.length} records ${records[0]!.dynamodb?.SequenceNumber}…${records.at(-1)!.dynamodb?.SequenceNumber}`;

/**
 * Delivers one batch as Lambda's event source mapping does (see the module comment), resolving
 * once every record is either processed or sent to the on-failure destination.
 */
export const deliverBatch = async (records: DynamoDBRecord[], settings: DeliverySettings, target: DeliveryTarget): Promise<void> => {
  const now = target.now ?? Date.now;
  const queue: PendingBatch[] = [{ records, retries: 0, invokes: 0 }];
  const sendToDeadLetter = async (
    batch: PendingBatch,
    condition: DeadLetter['requestContext']['condition'],
    responseContext: DeadLetter['responseContext'],
  ): Promise<void> => {
    target.log(`${target.functionName}: ${describe(batch.records)} sent to the dead-letter queue (${condition} after ${batch.invokes} invocation(s))`);
    await target.deadLetter({
      version: '1.0',
      timestamp: new Date(now()).toISOString(),
      requestContext: { condition, approximateInvokeCount: batch.invokes, functionName: target.functionName },
      responseContext,
      DDBStreamBatchInfo: {
        shardId: target.shardId,
        startSequenceNumber: batch.records[0]!.dynamodb?.SequenceNumber ?? '',
        endSequenceNumber: batch.records.at(-1)!.dynamodb?.SequenceNumber ?? '',
        batchSize: batch.records.length,
        streamArn: target.streamArn,
      },
      records: batch.records,
    });
  };
  const tooOld = (batch: PendingBatch): boolean => {
    if (settings.maxRecordAgeSeconds === undefined || settings.maxRecordAgeSeconds < 0) return false;
    const created = batch.records[0]!.dynamodb?.ApproximateCreationDateTime;
    return created !== undefined && now() - created * 1000 > settings.maxRecordAgeSeconds * 1000;
  };
  /** Retries `batch` (or gives up on it), having failed as `responseContext` says. */
  const retryOrGiveUp = async (batch: PendingBatch, responseContext: DeadLetter['responseContext']): Promise<void> => {
    if (batch.retries >= settings.retryAttempts) {
      await sendToDeadLetter(batch, 'RetryAttemptsExhausted', responseContext);
      return;
    }
    const retries = batch.retries + 1;
    target.log(`${target.functionName}: ${describe(batch.records)} retried (${retries}/${settings.retryAttempts})`);
    await target.backoff(retries);
    queue.unshift({ ...batch, retries });
  };

  while (queue.length > 0) {
    const batch = queue.shift()!;
    if (tooOld(batch)) {
      await sendToDeadLetter(batch, 'RecordAgeExceeded', {});
      continue;
    }
    batch.invokes += 1;
    let result: unknown;
    let failure: string | undefined;
    try {
      result = await target.invoke(batch.records);
    } catch (error) {
      failure = messageOf(error);
    }
    if (failure === undefined && settings.reportBatchItemFailures) {
      const failures = readFailures(result, batch.records);
      if ('invalid' in failures) {
        failure = `invalid partial batch response: ${failures.invalid}`;
      } else if (failures.ids.length > 0) {
        const checkpoint = failures.ids.map((id) => BigInt(id)).reduce((lowest, id) => (id < lowest ? id : lowest));
        const rest = batch.records.filter((record) => sequenceOf(record) >= checkpoint);
        target.log(`${target.functionName}: ${failures.ids.length} of ${batch.records.length} record(s) failed; checkpoint before ${checkpoint}`);
        await retryOrGiveUp({ ...batch, records: rest }, { batchItemFailures: failures.ids });
        continue;
      }
    }
    if (failure === undefined) continue;
    target.log(`${target.functionName}: invocation failed on ${describe(batch.records)}: ${failure}`);
    if (settings.bisectBatchOnError && batch.records.length > 1) {
      const half = Math.ceil(batch.records.length / 2);
      target.log(`${target.functionName}: batch split in two (${half} + ${batch.records.length - half})`);
      queue.unshift({ ...batch, records: batch.records.slice(0, half) }, { ...batch, records: batch.records.slice(half) });
      continue;
    }
    await retryOrGiveUp(batch, { functionError: failure });
  }
};
