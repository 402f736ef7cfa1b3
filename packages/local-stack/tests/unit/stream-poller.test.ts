import { CreateTableCommand, DeleteItemCommand, PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DynamoDBRecord } from 'aws-lambda';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../src/dynamodb-local.ts';
import { startOnFreePort } from '../../src/free-port.ts';
import { createLocalDynamoDbClient } from '../../src/sla-error-table.ts';
import type { DeadLetter } from '../../src/stream-delivery.ts';
import { jsonlDeadLetterQueue, startStreamPoller, type StreamSourceSettings } from '../../src/stream-poller.ts';

let ddb: DynamoDbLocal;
let client: DynamoDBClient;
let tables = 0;

beforeAll(async () => {
  ddb = await startOnFreePort((port) => startDynamoDbLocal({ port }));
  client = createLocalDynamoDbClient(ddb.endpoint);
}, 90_000);
afterAll(async () => {
  client?.destroy();
  await ddb?.stop();
});

const newTable = async (stream = true): Promise<string> => {
  const name = `Stream${(tables += 1)}`;
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'errorId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'errorId', KeyType: 'HASH' }],
      ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } } : {}),
    }),
  );
  return name;
};

const put = (table: string, errorId: string, severity: string) =>
  client.send(new PutItemCommand({ TableName: table, Item: { errorId: { S: errorId }, severity: { S: severity }, fileName: { S: `${errorId}.csv` } } }));

const source = (overrides: Partial<StreamSourceSettings> = {}): StreamSourceSettings => ({
  streamView: 'NEW_IMAGE',
  startingPosition: 'LATEST',
  batchSize: 3,
  maxBatchingWindowSeconds: 0,
  retryAttempts: 2,
  bisectBatchOnError: true,
  reportBatchItemFailures: true,
  filters: [{ eventName: ['INSERT'], dynamodb: { NewImage: { severity: { S: ['HIGH', 'CRITICAL'] } } } }],
  ...overrides,
});

const idsOf = (records: DynamoDBRecord[]): string[] => records.map((record) => record.dynamodb?.NewImage?.errorId?.S ?? '?');

describe('startStreamPoller against DynamoDB Local', () => {
  it('delivers only the INSERTs that match the filter, in order, in batches of at most batchSize, as Lambda events', async () => {
    const table = await newTable();
    const batches: DynamoDBRecord[][] = [];
    const poller = await startStreamPoller({
      endpoint: ddb.endpoint,
      tableName: table,
      source: source(),
      functionName: 'notifier',
      invoke: async (event) => {
        batches.push(event.Records);
        return { batchItemFailures: [] };
      },
      deadLetter: () => undefined,
      log: () => undefined,
      pollIntervalMs: 100,
    });
    try {
      for (const [id, severity] of [['a', 'HIGH'], ['b', 'LOW'], ['c', 'CRITICAL'], ['d', 'MEDIUM'], ['e', 'HIGH'], ['f', 'HIGH'], ['g', 'CRITICAL']] as const) {
        await put(table, id, severity);
      }
      await client.send(new UpdateItemCommand({ TableName: table, Key: { errorId: { S: 'a' } }, UpdateExpression: 'SET note = :n', ExpressionAttributeValues: { ':n': { S: 'x' } } }));
      await client.send(new DeleteItemCommand({ TableName: table, Key: { errorId: { S: 'c' } } }));
      await poller.idle();
    } finally {
      await poller.stop();
    }
    expect(batches.flatMap(idsOf)).toEqual(['a', 'c', 'e', 'f', 'g']);
    expect(batches.every((batch) => batch.length <= 3)).toBe(true);
    const [first] = batches[0]!;
    expect(first).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      eventSourceARN: poller.streamArn,
      dynamodb: { Keys: { errorId: { S: 'a' } }, NewImage: { severity: { S: 'HIGH' } }, StreamViewType: 'NEW_IMAGE', SequenceNumber: expect.stringMatching(/^\d+$/) },
    });
    expect(typeof first!.dynamodb?.ApproximateCreationDateTime).toBe('number');
  }, 60_000);

  it('redelivers a failed item, and sends one that keeps failing to the dead-letter queue without holding up the records after it', async () => {
    const table = await newTable();
    const dir = await mkdtemp(join(tmpdir(), 'poller-dlq-'));
    const delivered: string[][] = [];
    const attempts = new Map<string, number>();
    const poller = await startStreamPoller({
      endpoint: ddb.endpoint,
      tableName: table,
      source: source({ batchSize: 10, maxBatchingWindowSeconds: 1 }),
      functionName: 'notifier',
      invoke: async ({ Records }) => {
        delivered.push(idsOf(Records));
        const failures = Records.filter((record) => {
          const id = record.dynamodb!.NewImage!.errorId!.S!;
          attempts.set(id, (attempts.get(id) ?? 0) + 1);
          return id === 'poison' || (id === 'flaky' && attempts.get(id) === 1);
        });
        return { batchItemFailures: failures.map((record) => ({ itemIdentifier: record.dynamodb!.SequenceNumber! })) };
      },
      deadLetter: jsonlDeadLetterQueue(join(dir, 'dlq.jsonl'), () => undefined),
      log: () => undefined,
      pollIntervalMs: 100,
      retryDelayMs: 10,
    });
    try {
      for (const id of ['ok1', 'flaky', 'ok2']) await put(table, id, 'HIGH');
      await poller.idle();
      expect(attempts.get('flaky')).toBe(2);
      expect(attempts.get('ok1')).toBe(1);
      for (const id of ['poison', 'after']) await put(table, id, 'CRITICAL');
      await poller.idle();
      // The poison record: first try plus retryAttempts (2) retries, then the DLQ; "after" is delivered too.
      expect(attempts.get('poison')).toBe(3);
      expect(attempts.get('after')).toBeGreaterThanOrEqual(1);
      const dlq = (await readFile(join(dir, 'dlq.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as DeadLetter);
      expect(dlq).toHaveLength(1);
      expect(dlq[0]).toMatchObject({ requestContext: { condition: 'RetryAttemptsExhausted', functionName: 'notifier' }, DDBStreamBatchInfo: { streamArn: poller.streamArn } });
      expect(idsOf(dlq[0]!.records)[0]).toBe('poison');
    } finally {
      await poller.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a table without a stream, saying what the function needs', async () => {
    const table = await newTable(false);
    await expect(
      startStreamPoller({ endpoint: ddb.endpoint, tableName: table, source: source(), functionName: 'notifier', invoke: async () => ({}), deadLetter: () => undefined, log: () => undefined }),
    ).rejects.toThrow(`Table ${table} has no stream: notifier needs one (StreamSpecification NEW_IMAGE)`);
  }, 30_000);
});
