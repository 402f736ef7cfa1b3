import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  PutItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startDynalite } from '../../src/dynalite-server.ts';
import { startDynamoDbLocal } from '../../src/dynamodb-local.ts';
import { freePort } from '../../src/free-port.ts';
import { createLocalDynamoDbClient, ensureSlaErrorTable } from '../../src/sla-error-table.ts';

interface Engine {
  name: string;
  start(port: number): Promise<{ endpoint: string; stop(): Promise<void> }>;
  /** What DescribeTimeToLive reports after ensureSlaErrorTable. */
  ttl: Record<string, string>;
  /** Whether a failed conditional PutItem with ReturnValuesOnConditionCheckFailure=ALL_OLD returns the item. */
  returnsItemOnConditionFailure: boolean;
}

const engines: Engine[] = [
  {
    name: 'DynamoDB Local',
    start: (port) => startDynamoDbLocal({ port }),
    ttl: { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' },
    returnsItemOnConditionFailure: true,
  },
  {
    name: 'dynalite',
    start: (port) => startDynalite({ port }),
    ttl: { TimeToLiveStatus: 'DISABLED' },
    returnsItemOnConditionFailure: false,
  },
];

describe.each(engines)('ensureSlaErrorTable on $name', (engine) => {
  let stack: { endpoint: string; stop(): Promise<void> };
  let client: DynamoDBClient;

  beforeAll(async () => {
    stack = await engine.start(await freePort());
    client = createLocalDynamoDbClient(stack.endpoint);
  }, 60_000);
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
  });

  it('creates the table once, then finds it', async () => {
    await expect(ensureSlaErrorTable(client, 'FileSlaErrors')).resolves.toBe('created');
    await expect(ensureSlaErrorTable(client, 'FileSlaErrors')).resolves.toBe('existed');
  }, 30_000);

  it('gives the table the key, indexes and billing of docs/architecture.md (Data model)', async () => {
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: 'FileSlaErrors' }));
    expect(table?.TableStatus).toBe('ACTIVE');
    expect(table?.KeySchema).toEqual([{ AttributeName: 'errorId', KeyType: 'HASH' }]);
    expect(table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    const indexes = Object.fromEntries((table?.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName, index]));
    expect(Object.keys(indexes).sort()).toEqual(['byDay', 'byFile']);
    expect(indexes.byFile?.KeySchema).toEqual([
      { AttributeName: 'fileKey', KeyType: 'HASH' },
      { AttributeName: 'slaDeadline', KeyType: 'RANGE' },
    ]);
    expect(indexes.byDay?.KeySchema).toEqual([
      { AttributeName: 'deadlineDay', KeyType: 'HASH' },
      { AttributeName: 'deadlineSort', KeyType: 'RANGE' },
    ]);
    expect(indexes.byFile?.Projection?.ProjectionType).toBe('ALL');
    expect(indexes.byDay?.Projection?.ProjectionType).toBe('ALL');
    expect(indexes.byFile?.IndexStatus).toBe('ACTIVE');
    expect(indexes.byDay?.IndexStatus).toBe('ACTIVE');
    const types = Object.fromEntries((table?.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]));
    expect(types).toEqual({ errorId: 'S', fileKey: 'S', slaDeadline: 'S', deadlineDay: 'S', deadlineSort: 'S' });
  });

  it(`leaves TTL ${engine.ttl.TimeToLiveStatus}${engine.ttl.AttributeName ? ` on ${engine.ttl.AttributeName}` : ' (engine has no TTL)'}`, async () => {
    const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: 'FileSlaErrors' }));
    expect(TimeToLiveDescription).toEqual(engine.ttl);
  });

  it('refuses an existing table of another shape', async () => {
    await client.send(
      new CreateTableCommand({
        TableName: 'OldShape',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'errorId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'errorId', KeyType: 'HASH' }],
      }),
    );
    await expect(ensureSlaErrorTable(client, 'OldShape')).rejects.toThrow(
      'Table OldShape exists with another shape (no index byFile; no index byDay)',
    );
  });

  it(`${engine.returnsItemOnConditionFailure ? 'returns' : 'does not return'} the existing item on a failed conditional put with ReturnValuesOnConditionCheckFailure=ALL_OLD`, async () => {
    const item = { errorId: { S: 'e1' }, fileKey: { S: 'sys#file.csv' }, slaDeadline: { S: '2025-01-01T00:00:00Z' } };
    await client.send(new PutItemCommand({ TableName: 'FileSlaErrors', Item: item }));
    const failure = await client
      .send(
        new PutItemCommand({
          TableName: 'FileSlaErrors',
          Item: { ...item, slaDeadline: { S: '2025-02-02T00:00:00Z' } },
          ConditionExpression: 'attribute_not_exists(errorId)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      .then(
        () => undefined,
        (error: unknown) => error as { name?: string; Item?: unknown },
      );
    expect(failure?.name).toBe('ConditionalCheckFailedException');
    // The item comes back marshalled (AttributeValue map): the SLA error store reads its createdAt with unmarshall.
    expect(failure?.Item).toEqual(engine.returnsItemOnConditionFailure ? item : undefined);
  });
});

describe('createLocalDynamoDbClient', () => {
  it('uses region "local" and credentials local/local', async () => {
    const client = createLocalDynamoDbClient('http://127.0.0.1:1');
    try {
      await expect(client.config.region()).resolves.toBe('local');
      await expect(client.config.credentials()).resolves.toMatchObject({ accessKeyId: 'local', secretAccessKey: 'local' });
    } finally {
      client.destroy();
    }
  });
});
