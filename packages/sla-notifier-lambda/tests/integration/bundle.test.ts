import { CreateTableCommand, PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  createLocalDynamoDbClient,
  importLambdaBundle,
  jsonlDeadLetterQueue,
  lambdaContext,
  slaErrorTableDefinition,
  startDynamoDbLocal,
  startOnFreePort,
  startStreamPoller,
  startTopicSink,
  type DeadLetter,
  type DynamoDbLocal,
  type StreamPoller,
  type SunkMessage,
  type TopicSink,
} from '@file-sla/local-stack';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifest } from '../../src/lambda.js';
import { slaErrorItem } from '../support/stream-records.js';

/**
 * DynamoDB Local's stream of the SLA error table → the local stream poller (the manifest's event
 * source: filter, batches, partial responses, bisect, retries, dead-letter file) → the notifier's
 * BUILT bundle → its real SNS client → the local topic sink (`alerts.jsonl`).
 */
const TABLE = 'FileSlaErrors';
let ddb: DynamoDbLocal;
let client: DynamoDBClient;
let sink: TopicSink;
let poller: StreamPoller;
let dir: string;
const pollerLog: string[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'notifier-it-'));
  ddb = await startOnFreePort((port) => startDynamoDbLocal({ port }));
  client = createLocalDynamoDbClient(ddb.endpoint);
  await client.send(new CreateTableCommand({ ...slaErrorTableDefinition(TABLE), StreamSpecification: { StreamEnabled: true, StreamViewType: manifest.eventSource.streamView } }));
  sink = await startTopicSink({ topics: ['alerts'], dir });
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[name];
  Object.assign(process.env, { AWS_REGION: 'local', ALERTS_TOPIC_ARN: sink.topicArn('alerts'), SNS_ENDPOINT: sink.endpoint, LOG_LEVEL: 'SILENT' });
  const handler = await importLambdaBundle(manifest.name, { fresh: true });
  poller = await startStreamPoller({
    endpoint: ddb.endpoint,
    tableName: TABLE,
    // The manifest's event source as it is, with a shorter batching window to keep the test quick.
    source: { ...manifest.eventSource, maxBatchingWindowSeconds: 1 },
    functionName: manifest.name,
    invoke: (event) => handler(event, lambdaContext(manifest.name, manifest.timeoutSeconds * 1000)),
    deadLetter: jsonlDeadLetterQueue(join(dir, `${manifest.name}-dlq.jsonl`), (line) => pollerLog.push(line)),
    log: (line) => pollerLog.push(line),
    pollIntervalMs: 100,
    retryDelayMs: 20,
  });
}, 120_000);

afterAll(async () => {
  await poller?.stop();
  await sink?.stop();
  client?.destroy();
  await ddb?.stop();
  await rm(dir, { recursive: true, force: true });
  process.env = saved;
});

let seen = 0;
beforeEach(() => {
  seen = sink.messages().length;
  pollerLog.length = 0;
});
/** Messages the sink took since the test began. */
const newMessages = (): SunkMessage[] => sink.messages().slice(seen);

let ids = 0;
const put = async (overrides: Record<string, unknown> = {}): Promise<string> => {
  const errorId = `it${String((ids += 1)).padStart(30, '0')}`;
  await client.send(new PutItemCommand({ TableName: TABLE, Item: marshall(slaErrorItem({ errorId, ...overrides }), { removeUndefinedValues: true }) }));
  return errorId;
};
const jsonOf = (message: SunkMessage): Record<string, unknown> => JSON.parse(message.protocols!.default!) as Record<string, unknown>;

describe('DynamoDB Local stream → poller → notifier bundle → topic sink', () => {
  it('a new HIGH or CRITICAL SLA error alerts once; LOW, MEDIUM, a modification and a duplicate report do not', async () => {
    const critical = await put({ severity: 'CRITICAL', fileName: 'SETTLEMENT_20261124.csv' });
    await put({ severity: 'MEDIUM', fileName: 'LOW_PRIORITY.csv' });
    await put({ severity: 'LOW', fileName: 'LOWEST.csv' });
    await client.send(new UpdateItemCommand({ TableName: TABLE, Key: { errorId: { S: critical } }, UpdateExpression: 'SET hostName = :h', ExpressionAttributeValues: { ':h': { S: 'OTHER' } } }));
    // A duplicate report: the store's conditional write is refused and nothing reaches the stream.
    await expect(
      client.send(new PutItemCommand({ TableName: TABLE, Item: marshall(slaErrorItem({ errorId: critical })), ConditionExpression: 'attribute_not_exists(errorId)' })),
    ).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    await poller.idle();
    const messages = newMessages();
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message).toMatchObject({
      topic: 'alerts',
      subject: '[CRITICAL] MISSING SAP-FI SETTLEMENT_20261124.csv',
      messageStructure: 'json',
      attributes: { severity: 'CRITICAL', sourceSystem: 'SAP-FI', errorType: 'MISSING', alertKind: 'single' },
    });
    expect(jsonOf(message!)).toMatchObject({ type: 'sla-error', errorId: critical, path: `/sla-errors/${critical}` });
    expect(message!.protocols!.email).toContain(`Read it:       GET /sla-errors/${critical}`);
    const line = JSON.parse((await readFile(join(dir, 'alerts.jsonl'), 'utf8')).trim().split('\n').at(-1)!) as SunkMessage;
    expect(line.messageId).toBe(message!.messageId);
  }, 60_000);

  it('a storm of one source system becomes one digest; another system in the same batch alerts on its own', async () => {
    const storm: string[] = [];
    for (let i = 0; i < 7; i += 1) storm.push(await put({ sourceSystem: 'SAP-MM', fileName: `STOCK_${i}.csv`, severity: i === 0 ? 'CRITICAL' : 'HIGH' }));
    await put({ sourceSystem: 'ERP-HR', fileName: 'PAYROLL.csv', severity: 'HIGH' });
    await poller.idle();
    const messages = newMessages();
    expect(messages.map((message) => message.subject)).toEqual(['[CRITICAL] 7 SLA breaches from SAP-MM (digest)', '[HIGH] MISSING ERP-HR PAYROLL.csv']);
    const digest = jsonOf(messages[0]!) as { count: number; errors: { errorId: string }[] };
    expect(digest.count).toBe(7);
    expect(digest.errors.map((error) => error.errorId).sort()).toEqual([...storm].sort());
  }, 60_000);

  it('a failed entry is redelivered by the stream and then sent once; the record before it is not sent again', async () => {
    sink.failNext(1, { code: 'InternalFailure', match: (entry) => entry.subject?.includes('COSTS.csv') === true });
    const first = await put({ sourceSystem: 'SAP-CO', fileName: 'BUDGET.csv' });
    const failing = await put({ sourceSystem: 'SAP-CO', fileName: 'COSTS.csv' });
    await poller.idle();
    expect(newMessages().map((message) => jsonOf(message).errorId)).toEqual([first, failing]);
    expect(pollerLog.some((line) => line.includes('1 of 2 record(s) failed'))).toBe(true);
    expect(pollerLog.some((line) => line.includes('retried (1/3)'))).toBe(true);
  }, 60_000);

  it('a batch whose only entry fails is an invocation error; the retry sends it', async () => {
    sink.failNext(1, { code: 'Throttling', match: (entry) => entry.subject?.includes('LEDGER.csv') === true });
    const errorId = await put({ sourceSystem: 'SAP-GL', fileName: 'LEDGER.csv' });
    await poller.idle();
    expect(newMessages().map((message) => jsonOf(message).errorId)).toEqual([errorId]);
    expect(pollerLog.some((line) => line.includes('invocation failed on record') && line.includes('All records failed processing'))).toBe(true);
  }, 60_000);

  it('SNS throttled: the SDK retries first; throttled past its 3 attempts, the stream retries the batch; sent once either way', async () => {
    sink.failNextRequests(2);
    const retriedBySdk = await put({ sourceSystem: 'SAP-TR', fileName: 'TREASURY.csv' });
    await poller.idle();
    expect(newMessages().map((message) => jsonOf(message).errorId)).toEqual([retriedBySdk]);
    expect(pollerLog.some((line) => line.includes('retried'))).toBe(false);

    seen = sink.messages().length;
    sink.failNextRequests(3);
    const retriedByStream = await put({ sourceSystem: 'SAP-TR', fileName: 'CASH.csv' });
    await poller.idle();
    expect(newMessages().map((message) => jsonOf(message).errorId)).toEqual([retriedByStream]);
    expect(pollerLog.some((line) => line.includes('retried (1/3)'))).toBe(true);
  }, 60_000);

  it('a record that is no SLA error goes to the dead-letter queue alone; the records around it alert', async () => {
    const before = await put({ sourceSystem: 'SYS-A', fileName: 'A.csv' });
    const bad = `bad${String((ids += 1)).padStart(29, '0')}`;
    await client.send(new PutItemCommand({ TableName: TABLE, Item: marshall({ errorId: bad, severity: 'HIGH', sourceSystem: 'SYS-B' }) }));
    const after = await put({ sourceSystem: 'SYS-C', fileName: 'C.csv' });
    await poller.idle();
    expect(newMessages().map((message) => jsonOf(message).errorId)).toEqual([before, after]);
    const dlq = (await readFile(join(dir, `${manifest.name}-dlq.jsonl`), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as DeadLetter);
    expect(dlq).toHaveLength(1);
    expect(dlq[0]!.records.map((record) => record.dynamodb?.Keys?.errorId?.S)).toEqual([bad]);
    expect(dlq[0]!.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', functionName: manifest.name });
  }, 60_000);
});
