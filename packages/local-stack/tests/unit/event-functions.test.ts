import { DescribeTableCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../src/dynamodb-local.ts';
import { eventFunctionsBanner, ensureTableStream, startEventSources, startTopics, type EventFunctionManifest } from '../../src/event-functions.ts';
import { startOnFreePort } from '../../src/free-port.ts';
import { createLocalDynamoDbClient, ensureSlaErrorTable } from '../../src/sla-error-table.ts';

const notifier: EventFunctionManifest = {
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
  },
  resources: { topics: { alerts: { description: 'x' } } },
};
const httpFunction: EventFunctionManifest = { kind: 'http', name: 'api-lambda', timeoutSeconds: 10 };

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
  it('with DynamoDB Local: the table gets its stream, the function is invoked with the records its filter lets through', async () => {
    const topics = await startTopics([httpFunction, notifier], dir, () => undefined);
    expect(topics.topicArn('alerts')).toBe('arn:aws:sns:local:000000000000:alerts');
    expect(topics.snsEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const events: unknown[] = [];
    const sources = await startEventSources({
      manifests: [httpFunction, notifier],
      dynamodb: 'local',
      dynamodbEndpoint: ddb.endpoint,
      client,
      tableName: 'FileSlaErrors',
      dir,
      topics,
      importHandler: async (name) => {
        expect(name).toBe('notifier-lambda');
        return async (event) => {
          events.push(event);
          return { batchItemFailures: [] };
        };
      },
      log: () => undefined,
    });
    try {
      expect(sources).toMatchObject({ state: 'live', functions: ['notifier-lambda'], topics: ['alerts'] });
      const table = (await client.send(new DescribeTableCommand({ TableName: 'FileSlaErrors' }))).Table;
      expect(table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
      await client.send(new PutItemCommand({ TableName: 'FileSlaErrors', Item: { errorId: { S: 'e1' } } }));
      await sources.pollers[0]!.idle();
      expect(events).toHaveLength(1);
      expect(eventFunctionsBanner(sources)).toContain(`Alerts are LIVE: new SLA errors on the table's stream → notifier-lambda → topic alerts,\n  printed here and appended to ${join(dir, 'alerts.jsonl')}`);
      // Idempotent: a table that has its stream keeps it.
      await expect(ensureTableStream(client, 'FileSlaErrors', 'NEW_IMAGE')).resolves.toBeUndefined();
    } finally {
      await sources.stop();
      await topics.stop();
    }
  }, 60_000);

  it('with dynalite: nothing polls, and the banner says alerts are off and how to turn them on', async () => {
    const topics = await startTopics([notifier], dir, () => undefined);
    const sources = await startEventSources({
      manifests: [notifier],
      dynamodb: 'embedded',
      dynamodbEndpoint: 'http://127.0.0.1:1',
      client,
      tableName: 'FileSlaErrors',
      dir,
      topics,
      importHandler: () => Promise.reject(new Error('not imported')),
      log: () => undefined,
    });
    await topics.stop();
    expect(sources.state).toBe('off');
    expect(eventFunctionsBanner(sources)).toBe(
      '\nAlerts are OFF: the embedded DynamoDB (dynalite) has no streams, so notifier-lambda does not run.\n  Turn them on with DynamoDB Local (Java 17+): pnpm start -- --dynamodb local\n',
    );
  });

  it('without event functions: no sink, no banner lines', async () => {
    const topics = await startTopics([httpFunction], dir, () => undefined);
    expect(topics.sink).toBeUndefined();
    expect(eventFunctionsBanner({ state: 'none', functions: [], topics: [], dir })).toBe('');
  });
});
