import * as sdk from '@aws-sdk/client-dynamodb';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { HttpError, type HttpProblem, InternalError } from '@file-sla/shared-middleware';
import { mockClient } from 'aws-sdk-client-mock';
import { deriveErrorId } from '../../src/error-id.js';
import { BatchWriteError } from '../../src/errors.js';
import { reportSlaError, reportSlaErrorBatch } from '../../src/report-sla-errors.js';
import type { SlaErrorInput } from '../../src/sla-error.js';
import { createSlaErrorStore } from '../../src/sla-error-store.js';
import { MAX_ITEM_BYTES } from '../../src/to-record.js';
import { conditionFailed, valuesOf } from '../support/dynamodb.js';
import { NOW, recordContext, validInput } from '../support/sla-errors.js';

const ddb = mockClient(DynamoDBClient);
const store = createSlaErrorStore(new DynamoDBClient({ region: 'eu-central-1', credentials: { accessKeyId: 'unit', secretAccessKey: 'unit' } }), 'FileSlaErrors');

afterAll(() => ddb.restore());
beforeEach(() => {
  ddb.reset();
});

const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

const inputs = (n: number): SlaErrorInput[] => Array.from({ length: n }, (_, index) => validInput({ fileName: `F${index}.csv` }));
/** The records of the PutItem calls so far (their items read back from DynamoDB JSON). */
const putItems = () => ddb.commandCalls(PutItemCommand).map((call) => valuesOf(call.args[0].input.Item));

describe('reportSlaError', () => {
  it('created: the id, status and createdAt', async () => {
    ddb.on(PutItemCommand).resolves({});
    expect(await reportSlaError(store, validInput(), recordContext())).toEqual({
      errorId: '426a9ac1c4eafd034aa6929ccfb92037',
      status: 'created',
      createdAt: NOW.toISOString(),
    });
  });

  it('duplicate: the createdAt of the stored record', async () => {
    ddb.on(PutItemCommand).rejects(conditionFailed(sdk, '2026-11-20T00:00:00.000Z'));
    expect(await reportSlaError(store, validInput(), recordContext())).toEqual({
      errorId: '426a9ac1c4eafd034aa6929ccfb92037',
      status: 'duplicate',
      createdAt: '2026-11-20T00:00:00.000Z',
    });
  });

  it('uses the Idempotency-Key for the id', async () => {
    ddb.on(PutItemCommand).resolves({});
    const report = await reportSlaError(store, validInput(), recordContext({ idempotencyKey: 'run-7' }));
    expect(report.errorId).toBe(deriveErrorId(validInput(), 'run-7'));
    expect(putItems()[0]!.errorId).toBe(report.errorId);
  });

  it('sourceSystem and fileName over 2048 bytes together (the index key) → 400 at /fileName, nothing written', async () => {
    const long = validInput({ sourceSystem: '😀'.repeat(128), fileName: '😀'.repeat(384) });
    const error = await rejectionOf(reportSlaError(store, long, recordContext()));
    expect(error).toMatchObject({ statusCode: 400, type: 'validation-error' });
    expect((error as HttpProblem).errors).toEqual([
      { path: '/fileName', message: 'together with sourceSystem takes 2049 bytes in UTF-8 (the index key of the file); the limit is 2048: shorten fileName or sourceSystem' },
    ]);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('an index key of exactly 2048 bytes is written', async () => {
    ddb.on(PutItemCommand).resolves({});
    await reportSlaError(store, validInput({ sourceSystem: '😀'.repeat(128), fileName: `${'😀'.repeat(383)}abc` }), recordContext());
    expect(Buffer.byteLength(putItems()[0]!.fileKey as string, 'utf8')).toBe(2048);
  });

  it('a record over 400 KiB → 400 item-too-large, nothing written', async () => {
    const huge = validInput({ errorMessage: 'x'.repeat(MAX_ITEM_BYTES) });
    const error = await rejectionOf(reportSlaError(store, huge, recordContext()));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ statusCode: 400, type: 'item-too-large' });
    expect((error as HttpProblem).detail).toMatch(/^The SLA error would take \d+ bytes; the limit is 409600\./);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('a store failure propagates as the store’s 500', async () => {
    ddb.on(PutItemCommand).rejects(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));
    const error = await rejectionOf(reportSlaError(store, validInput(), recordContext()));
    expect(error).toBeInstanceOf(InternalError);
    expect(error).not.toBeInstanceOf(BatchWriteError);
  });
});

describe('reportSlaErrorBatch', () => {
  it('all created: one conditional put per item, results in order, counts', async () => {
    ddb.on(PutItemCommand).resolves({});
    const batch = inputs(3);
    const report = await reportSlaErrorBatch(store, batch, recordContext());
    expect(report).toEqual({
      results: batch.map((input, index) => ({ index, errorId: deriveErrorId(input), status: 'created' })),
      created: 3,
      duplicates: 0,
    });
    expect(putItems().map((item) => item.fileName)).toEqual(['F0.csv', 'F1.csv', 'F2.csv']);
  });

  it('the same breach twice in one batch is written once and reported duplicate at the repeat', async () => {
    ddb.on(PutItemCommand).resolves({});
    const batch = [validInput(), validInput({ fileName: 'OTHER.csv' }), validInput({ errorMessage: 'Reported again', severity: 'LOW' })];
    const report = await reportSlaErrorBatch(store, batch, recordContext());
    expect(report.results.map((result) => result.status)).toEqual(['created', 'created', 'duplicate']);
    expect(report.results[2]!.errorId).toBe(report.results[0]!.errorId);
    expect(report).toMatchObject({ created: 2, duplicates: 1 });
    expect(ddb.commandCalls(PutItemCommand)).toHaveLength(2);
  });

  it('already stored items are duplicates (their repeats too)', async () => {
    ddb.on(PutItemCommand).rejects(conditionFailed(sdk, '2026-11-20T00:00:00.000Z'));
    const report = await reportSlaErrorBatch(store, [validInput(), validInput()], recordContext());
    expect(report).toEqual({
      results: [
        { index: 0, errorId: '426a9ac1c4eafd034aa6929ccfb92037', status: 'duplicate' },
        { index: 1, errorId: '426a9ac1c4eafd034aa6929ccfb92037', status: 'duplicate' },
      ],
      created: 0,
      duplicates: 2,
    });
    expect(ddb.commandCalls(PutItemCommand)).toHaveLength(1);
    expect(ddb.commandCalls(GetItemCommand)).toHaveLength(0);
  });

  it('one item failing → BatchWriteError listing each index (created / duplicate / failed), every other item still written', async () => {
    const throttled = new sdk.ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput', $metadata: {} });
    ddb.on(PutItemCommand).resolves({});
    ddb.on(PutItemCommand, { Item: { fileName: { S: 'F1.csv' } } }).rejects(throttled);
    ddb.on(PutItemCommand, { Item: { fileName: { S: 'F2.csv' } } }).rejects(conditionFailed(sdk, '2026-11-20T00:00:00.000Z'));
    const batch = [...inputs(4), validInput({ fileName: 'F1.csv', errorMessage: 'repeat of the failed one' })];

    const error = await rejectionOf(reportSlaErrorBatch(store, batch, recordContext()));

    expect(error).toBeInstanceOf(BatchWriteError);
    const failure = error as BatchWriteError;
    expect(failure.statusCode).toBe(500);
    // The cause is the store's 500 for the first failed item, which keeps the AWS error for the log.
    expect(failure.cause).toBeInstanceOf(InternalError);
    expect(failure.cause).toMatchObject({ logMessage: 'DynamoDB PutItem throttled past retries', cause: throttled });
    expect(failure.logMessage).toBe('Batch write failed for 2 of 5 items');
    expect(failure.extensions).toEqual({
      results: [
        { index: 0, errorId: deriveErrorId(batch[0]!), status: 'created' },
        { index: 1, errorId: deriveErrorId(batch[1]!), status: 'failed' },
        { index: 2, errorId: deriveErrorId(batch[2]!), status: 'duplicate' },
        { index: 3, errorId: deriveErrorId(batch[3]!), status: 'created' },
        { index: 4, errorId: deriveErrorId(batch[1]!), status: 'failed' },
      ],
      created: 2,
      duplicates: 1,
      failed: 2,
    });
    expect(putItems().map((item) => item.fileName).sort()).toEqual(['F0.csv', 'F1.csv', 'F2.csv', 'F3.csv']);
  });

  it('writes at most 10 at a time, and every item of 100', async () => {
    let inFlight = 0;
    let most = 0;
    ddb.on(PutItemCommand).callsFake(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return {};
    });
    const report = await reportSlaErrorBatch(store, inputs(100), recordContext());
    expect(report.created).toBe(100);
    expect(most).toBe(10);
    expect(new Set(putItems().map((item) => item.errorId)).size).toBe(100);
  });

  it('the Idempotency-Key is part of every item’s id: the same as for that item sent alone', async () => {
    ddb.on(PutItemCommand).resolves({});
    const batch = inputs(3);
    const report = await reportSlaErrorBatch(store, batch, recordContext({ idempotencyKey: 'run-7' }));
    expect(report.results).toEqual(batch.map((input, index) => ({ index, errorId: deriveErrorId(input, 'run-7'), status: 'created' })));
    expect(putItems().map((item) => item.errorId)).toEqual(report.results.map((result) => result.errorId));
    const alone = await reportSlaError(store, batch[1]!, recordContext({ idempotencyKey: 'run-7' }));
    expect(alone.errorId).toBe(report.results[1]!.errorId);
  });

  it('with an Idempotency-Key, the same breach twice in the batch is still written once', async () => {
    ddb.on(PutItemCommand).resolves({});
    const report = await reportSlaErrorBatch(store, [validInput(), validInput({ errorMessage: 'again' })], recordContext({ idempotencyKey: 'run-7' }));
    expect(report.results).toEqual([
      { index: 0, errorId: deriveErrorId(validInput(), 'run-7'), status: 'created' },
      { index: 1, errorId: deriveErrorId(validInput(), 'run-7'), status: 'duplicate' },
    ]);
    expect(ddb.commandCalls(PutItemCommand)).toHaveLength(1);
  });

  it('another Idempotency-Key gives every item another id; none gives the plain ids', async () => {
    ddb.on(PutItemCommand).resolves({});
    const batch = inputs(2);
    const ids = async (key?: string) =>
      (await reportSlaErrorBatch(store, batch, recordContext(key === undefined ? {} : { idempotencyKey: key }))).results.map((result) => result.errorId);
    const [first, second, none] = [await ids('run-1'), await ids('run-2'), await ids()];
    expect(none).toEqual(batch.map((input) => deriveErrorId(input)));
    for (let index = 0; index < batch.length; index += 1) {
      expect(new Set([first[index], second[index], none[index]]).size).toBe(3);
    }
  });

  it('an item whose index key would be over 2048 bytes → 400 naming its index, nothing written', async () => {
    const batch = [validInput(), validInput({ fileName: '😀'.repeat(512) })];
    const error = await rejectionOf(reportSlaErrorBatch(store, batch, recordContext()));
    expect(error).toMatchObject({ statusCode: 400, type: 'validation-error' });
    expect((error as HttpProblem).errors).toEqual([{ path: '/1/fileName', message: expect.stringContaining('the limit is 2048') }]);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('an oversized item → 400 naming its index, nothing written', async () => {
    const batch = [validInput(), validInput({ fileName: 'BIG.csv', details: { blob: 'x'.repeat(MAX_ITEM_BYTES) } })];
    const error = await rejectionOf(reportSlaErrorBatch(store, batch, recordContext()));
    expect(error).toMatchObject({ statusCode: 400, type: 'item-too-large' });
    expect((error as HttpProblem).detail).toContain('at index 1');
    expect(ddb.calls()).toHaveLength(0);
  });
});
