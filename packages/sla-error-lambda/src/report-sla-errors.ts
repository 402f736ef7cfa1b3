import { BatchWriteError, fileKeyTooLong, itemTooLarge, type ItemResult } from './errors.js';
import { fileKeyBytes, MAX_FILE_KEY_BYTES } from './file-key.js';
import type { SlaErrorInput, SlaErrorRecord } from './sla-error.js';
import type { SlaErrorStore } from './sla-error-store.js';
import { itemSizeBytes, MAX_ITEM_BYTES, toRecord, type RecordContext } from './to-record.js';

/** `200` body for one SLA error. */
export interface SingleReport {
  errorId: string;
  status: 'created' | 'duplicate';
  createdAt: string;
}

/** `200` body for a batch. */
export interface BatchReport {
  results: Array<{ index: number; errorId: string; status: 'created' | 'duplicate' }>;
  created: number;
  duplicates: number;
}

/** Conditional puts in flight at once for a batch. */
const WRITE_CONCURRENCY = 10;

/** Time kept in hand after the last round of writes, to answer before the function times out. */
const ANSWER_RESERVE_MS = 1_000;

/**
 * What a batch needs beyond the record context (whose `idempotencyKey`, if any, is part of every
 * item's id): how long the function may still run, if known.
 */
export type BatchContext = RecordContext & { remainingTimeMs?: (() => number) | undefined };

const buildRecords = (inputs: readonly SlaErrorInput[], context: RecordContext, batch: boolean): SlaErrorRecord[] =>
  inputs.map((input, index) => {
    const keyBytes = fileKeyBytes(input.sourceSystem, input.fileName);
    if (keyBytes > MAX_FILE_KEY_BYTES) throw fileKeyTooLong(batch ? index : undefined, keyBytes, MAX_FILE_KEY_BYTES);
    const record = toRecord(input, context);
    const bytes = itemSizeBytes(record);
    if (bytes > MAX_ITEM_BYTES) throw itemTooLarge(batch ? index : undefined, bytes, MAX_ITEM_BYTES);
    return record;
  });

/** Stores one SLA error: `created`, or `duplicate` when the same breach is already stored. */
export const reportSlaError = async (store: SlaErrorStore, input: SlaErrorInput, context: RecordContext): Promise<SingleReport> => {
  const [record] = buildRecords([input], context, false) as [SlaErrorRecord];
  const outcome = await store.putIfAbsent(record);
  return { errorId: record.errorId, status: outcome.status, createdAt: outcome.createdAt };
};

/**
 * Stores a batch, each item by its own conditional put (a few at a time). The request's
 * `Idempotency-Key` (`context.idempotencyKey`) is part of each item's id, as for a single report:
 * the same batch resent with the same key is all duplicates, with another key all new records.
 * The same breach twice in one batch is written once. If any write fails, the answer is a {@link BatchWriteError} that still
 * lists what was written; resending the whole batch is always safe. A round of writes is started
 * only while the function has time left for one as long as the longest so far (`remainingTimeMs`):
 * with DynamoDB slow, the items not attempted are reported failed, so that this answer goes out
 * before the function times out.
 */
export const reportSlaErrorBatch = async (store: SlaErrorStore, inputs: readonly SlaErrorInput[], context: BatchContext): Promise<BatchReport> => {
  const records = buildRecords(inputs, context, true);
  const firstIndexOf = new Map<string, number>();
  records.forEach((record, index) => {
    if (!firstIndexOf.has(record.errorId)) firstIndexOf.set(record.errorId, index);
  });
  const unique = [...firstIndexOf.values()];
  const outcome = new Map<number, ItemResult['status']>();
  let firstFailure: unknown;
  let longestRoundMs = 0;
  for (let start = 0; start < unique.length; start += WRITE_CONCURRENCY) {
    if (start > 0 && context.remainingTimeMs && context.remainingTimeMs() < longestRoundMs + ANSWER_RESERVE_MS) {
      for (const index of unique.slice(start)) outcome.set(index, 'failed');
      firstFailure ??= new Error(`DynamoDB writes too slow (${longestRoundMs} ms a round): the rest of the batch was not attempted before the function time-out`);
      break;
    }
    const slice = unique.slice(start, start + WRITE_CONCURRENCY);
    const started = Date.now();
    const settled = await Promise.allSettled(slice.map((index) => store.putIfAbsent(records[index]!)));
    longestRoundMs = Math.max(longestRoundMs, Date.now() - started);
    settled.forEach((result, position) => {
      const index = slice[position]!;
      if (result.status === 'fulfilled') outcome.set(index, result.value.status);
      else {
        outcome.set(index, 'failed');
        firstFailure ??= result.reason;
      }
    });
  }
  const results: ItemResult[] = records.map((record, index) => {
    const first = firstIndexOf.get(record.errorId)!;
    const status = outcome.get(first)!;
    // A repeat inside the batch is a duplicate of the first occurrence once that is stored.
    return { index, errorId: record.errorId, status: first === index || status === 'failed' ? status : 'duplicate' };
  });
  if (firstFailure !== undefined) throw new BatchWriteError(results, firstFailure);
  return {
    results: results as BatchReport['results'],
    created: results.filter((result) => result.status === 'created').length,
    duplicates: results.filter((result) => result.status === 'duplicate').length,
  };
};
