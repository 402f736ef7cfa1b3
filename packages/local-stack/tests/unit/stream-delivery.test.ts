import { describe, expect, it } from '@jest/globals';
import type { DynamoDBRecord } from 'aws-lambda';
import { deliverBatch, type DeadLetter, type DeliverySettings } from '../../src/stream-delivery.ts';

const records = (count: number, createdAt = 1_800_000_000): DynamoDBRecord[] =>
  Array.from({ length: count }, (_, i) => ({ eventName: 'INSERT', dynamodb: { SequenceNumber: String(100 + i), ApproximateCreationDateTime: createdAt } }));

const sequences = (batch: DynamoDBRecord[]): string[] => batch.map((record) => record.dynamodb!.SequenceNumber!);

const settings = (overrides: Partial<DeliverySettings> = {}): DeliverySettings => ({
  retryAttempts: 2,
  bisectBatchOnError: true,
  reportBatchItemFailures: true,
  ...overrides,
});

/** Runs a delivery against a scripted function; returns what it was called with and what reached the DLQ. */
const run = async (batch: DynamoDBRecord[], options: DeliverySettings, fn: (batch: DynamoDBRecord[], call: number) => unknown, now = () => 1_800_000_010_000) => {
  const calls: string[][] = [];
  const deadLetters: DeadLetter[] = [];
  const backoffs: number[] = [];
  await deliverBatch(batch, options, {
    functionName: 'notifier',
    streamArn: 'arn:aws:dynamodb:local:000000000000:table/T/stream/1',
    shardId: 'shard-1',
    invoke: async (records) => {
      calls.push(sequences(records));
      return fn(records, calls.length);
    },
    deadLetter: (entry) => {
      deadLetters.push(entry);
    },
    log: () => undefined,
    backoff: async (attempt) => {
      backoffs.push(attempt);
    },
    now,
  });
  return { calls, deadLetters, backoffs };
};

describe('deliverBatch', () => {
  it('invokes once when the function succeeds', async () => {
    const { calls, deadLetters } = await run(records(3), settings(), () => ({ batchItemFailures: [] }));
    expect(calls).toEqual([['100', '101', '102']]);
    expect(deadLetters).toEqual([]);
  });

  it('retries from the failed record with the lowest sequence number, then goes on', async () => {
    const { calls, deadLetters, backoffs } = await run(records(4), settings(), (_batch, call) =>
      call === 1 ? { batchItemFailures: [{ itemIdentifier: '103' }, { itemIdentifier: '101' }] } : { batchItemFailures: [] },
    );
    expect(calls).toEqual([['100', '101', '102', '103'], ['101', '102', '103']]);
    expect(deadLetters).toEqual([]);
    expect(backoffs).toEqual([1]);
  });

  it('sends what still fails after retryAttempts retries to the dead-letter queue', async () => {
    const { calls, deadLetters } = await run(records(3), settings(), () => ({ batchItemFailures: [{ itemIdentifier: '102' }] }));
    expect(calls).toEqual([['100', '101', '102'], ['102'], ['102']]);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', functionName: 'notifier' },
      responseContext: { batchItemFailures: ['102'] },
      DDBStreamBatchInfo: { shardId: 'shard-1', startSequenceNumber: '102', endSequenceNumber: '102', batchSize: 1 },
    });
    expect(sequences(deadLetters[0]!.records)).toEqual(['102']);
  });

  it('on a function error, splits the batch until the bad record is alone: the others go through, only it reaches the DLQ', async () => {
    const { calls, deadLetters } = await run(records(4), settings(), (batch) => {
      if (sequences(batch).includes('102')) throw new Error('bad image');
      return {};
    });
    expect(calls).toEqual([
      ['100', '101', '102', '103'],
      ['100', '101'],
      ['102', '103'],
      ['102'],
      ['102'],
      ['102'],
      ['103'],
    ]);
    expect(deadLetters.map((entry) => sequences(entry.records))).toEqual([['102']]);
    expect(deadLetters[0]!.responseContext).toEqual({ functionError: 'bad image' });
  });

  it('without bisect, retries a failing batch whole', async () => {
    const { calls, deadLetters } = await run(records(2), settings({ bisectBatchOnError: false, retryAttempts: 1 }), () => {
      throw new Error('down');
    });
    expect(calls).toEqual([['100', '101'], ['100', '101']]);
    expect(deadLetters.map((entry) => sequences(entry.records))).toEqual([['100', '101']]);
  });

  it('reads an identifier that names no record of the batch as a failure of the whole batch', async () => {
    const { calls } = await run(records(2), settings({ bisectBatchOnError: false }), (_batch, call) =>
      call === 1 ? { batchItemFailures: [{ itemIdentifier: '' }] } : {},
    );
    expect(calls).toEqual([['100', '101'], ['100', '101']]);
  });

  it('ignores a partial response when the mapping does not report batch item failures', async () => {
    const { calls } = await run(records(2), settings({ reportBatchItemFailures: false }), () => ({ batchItemFailures: [{ itemIdentifier: '100' }] }));
    expect(calls).toEqual([['100', '101']]);
  });

  it('sends records older than maxRecordAgeSeconds to the DLQ instead of invoking', async () => {
    const { calls, deadLetters } = await run(records(2, 1_800_000_000), settings({ maxRecordAgeSeconds: 60 }), () => ({}), () => 1_800_000_061_000);
    expect(calls).toEqual([]);
    expect(deadLetters[0]?.requestContext.condition).toBe('RecordAgeExceeded');
  });
});
