import { DescribeTableCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../src/dynamodb-local.ts';
import { dynamodbStreamRunner, ensureTableStream, eventFunctionsBanner, eventFunctionsSummary, startTopics } from '../../src/event-functions.ts';
import { eventSourceRunners } from '../../src/event-sources.ts';
import { startOnFreePort } from '../../src/free-port.ts';
import type { EventFunction, FunctionDescription, HttpFunction } from '../../src/functions.ts';
import type { LambdaHandler } from '../../src/lambda-bundle.ts';
import { createLocalDynamoDbClient, ensureSlaErrorTable } from '../../src/sla-error-table.ts';

const base = { description: 'x', memoryMb: 256, environment: {}, packageDir: 'packages/x', zip: 'dist/x.zip', sha256: '0' };
const notifier: EventFunction = {
  ...base,
  kind: 'event',
  name: 'notifier-lambda',
  timeoutSeconds: 30,
  eventSource: {
    type: 'dynamodb-stream',
    table: 'table',
    streamView: 'NEW_IMAGE',
    startingPosition: 'LATEST',
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    retryAttempts: 1,
    bisectBatchOnError: true,
    reportBatchItemFailures: true,
    filters: [{ eventName: ['INSERT'] }],
    onFailure: 'dead-letter-queue',
  },
  resources: { topics: { alerts: { description: 'x' } } },
};
const api: HttpFunction = { ...base, kind: 'http', name: 'api-lambda', timeoutSeconds: 10, routes: [] };

let ddb: DynamoDbLocal;
let client: DynamoDBClient;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'event-functions-'));
  ddb = await startOnFreePort((port) => startDynamoDbLocal({ port }));
  client = createLocalDynamoDbClient(ddb.endpoint);
  await ensureSlaErrorTable(client, 'FileSlaErrors');
}, 90_000);
afterAll(async () => {
  client?.destroy();
  await ddb?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('event functions on the local stack', () => {
  it('the stack runs dynamodb-stream sources with this runner', () => {
    expect(eventSourceRunners['dynamodb-stream']).toBe(dynamodbStreamRunner);
  });

  it('one sink serves every topic of the manifests, and gives their refs and the sns-endpoint', async () => {
    const topics = await startTopics([api, notifier], dir, () => undefined);
    try {
      expect(topics.ids).toEqual(['alerts']);
      expect(topics.refs).toEqual({ 'topic-arn:alerts': 'arn:aws:sns:local:000000000000:alerts' });
      expect(topics.local['sns-endpoint']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await topics.stop();
    }
    const none = await startTopics([api], dir, () => undefined);
    expect(none).toMatchObject({ ids: [], sink: undefined, refs: {}, local: {} });
  });

  it('with DynamoDB Local: the table gets its stream, and the function is invoked with the records its filter lets through', async () => {
    const events: unknown[] = [];
    const handler = (async (event: unknown) => {
      events.push(event);
      return { batchItemFailures: [] };
    }) as unknown as LambdaHandler;
    const lines: string[] = [];
    const service = await dynamodbStreamRunner(notifier, handler, { dynamodbEndpoint: ddb.endpoint, tableName: 'FileSlaErrors', streams: true, outputDir: dir, log: (line) => lines.push(line) });
    try {
      const table = (await client.send(new DescribeTableCommand({ TableName: 'FileSlaErrors' }))).Table;
      expect(table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
      await client.send(new PutItemCommand({ TableName: 'FileSlaErrors', Item: { errorId: { S: 'e1' } } }));
      for (let i = 0; i < 50 && events.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(events).toHaveLength(1);
      expect(lines).toContain('notifier-lambda: polling the stream of FileSlaErrors');
      // Idempotent: a table that has its stream keeps it.
      await expect(ensureTableStream(client, 'FileSlaErrors', 'NEW_IMAGE')).resolves.toBeUndefined();
    } finally {
      await service.stop();
    }
  }, 60_000);

  it('without streams (dynalite): nothing polls, and says how to get events', async () => {
    const lines: string[] = [];
    const service = await dynamodbStreamRunner(notifier, (() => Promise.reject(new Error('never'))) as unknown as LambdaHandler, {
      dynamodbEndpoint: 'http://127.0.0.1:1',
      tableName: 'FileSlaErrors',
      streams: false,
      outputDir: dir,
      log: (line) => lines.push(line),
    });
    await service.stop();
    expect(lines).toEqual(['notifier-lambda: no events (dynalite has no streams; pnpm start -- --dynamodb local has them)']);
  });

  it('the banner: alerts live (and where they go), off (and how to turn them on), or nothing without event functions', () => {
    const functions: FunctionDescription[] = [api, notifier];
    expect(eventFunctionsBanner(eventFunctionsSummary(functions, true, dir))).toBe(
      `\nAlerts are LIVE: new SLA errors on the table's stream → notifier-lambda → topic alerts,\n  printed here and appended to ${join(dir, 'alerts.jsonl')}. Report one with "severity":"HIGH" or "CRITICAL" to see it.\n`,
    );
    expect(eventFunctionsBanner(eventFunctionsSummary(functions, false, dir))).toBe(
      '\nAlerts are OFF: the embedded DynamoDB (dynalite) has no streams, so notifier-lambda gets no events.\n  Turn them on with DynamoDB Local (Java 17+): pnpm start -- --dynamodb local\n',
    );
    expect(eventFunctionsBanner(eventFunctionsSummary([api], true, dir))).toBe('');
  });
});
