import { CreateTableCommand, DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynalite, type DynaliteServer } from '../../src/dynalite-server.ts';
import { assertPortFree, freePort } from '../../src/free-port.ts';
import { createLocalDynamoDbClient } from '../../src/sla-error-table.ts';

const createTable = (endpoint: string, name: string): Promise<unknown> => {
  const client = createLocalDynamoDbClient(endpoint);
  return client
    .send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    )
    .finally(() => client.destroy());
};

const listTables = async (endpoint: string): Promise<string[]> => {
  const client = createLocalDynamoDbClient(endpoint);
  try {
    return (await client.send(new ListTablesCommand({}))).TableNames ?? [];
  } finally {
    client.destroy();
  }
};

describe('startDynalite (in memory)', () => {
  let server: DynaliteServer;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    server = await startDynalite({ port });
  });
  afterAll(() => server?.stop());

  it('answers on 127.0.0.1, with tables ACTIVE by the next call', async () => {
    expect(server.endpoint).toBe(`http://127.0.0.1:${port}`);
    const created = (await createTable(server.endpoint, 'Instant')) as { TableDescription?: { TableStatus?: string } };
    // CreateTable itself still says CREATING; createTableMs 0 flips it on the next tick.
    expect(created.TableDescription?.TableStatus).toBe('CREATING');
    expect(await listTables(server.endpoint)).toEqual(['Instant']);
    const client = createLocalDynamoDbClient(server.endpoint);
    try {
      const described = await client.send(new DescribeTableCommand({ TableName: 'Instant' }));
      expect(described.Table?.TableStatus).toBe('ACTIVE');
    } finally {
      client.destroy();
    }
  });

  it('refuses a port that is taken, with a clear message', async () => {
    await expect(startDynalite({ port })).rejects.toThrow(`Port ${port} (dynalite) is already in use`);
  });

  // Last: it stops the shared instance.
  it('stop() frees the port, and may be called twice', async () => {
    await server.stop();
    await expect(assertPortFree(port, 'dynalite')).resolves.toBeUndefined();
    await expect(server.stop()).resolves.toBeUndefined();
  });
});

describe('startDynalite (with dataDir)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dynalite-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps tables in the LevelDB folder <dataDir>/.dynalite across restarts', async () => {
    const first = await startDynalite({ port: await freePort(), dataDir });
    try {
      await createTable(first.endpoint, 'Persisted');
    } finally {
      await first.stop();
    }
    expect(await readdir(join(dataDir, '.dynalite'))).toContain('CURRENT');

    const second = await startDynalite({ port: await freePort(), dataDir });
    try {
      expect(await listTables(second.endpoint)).toEqual(['Persisted']);
    } finally {
      await second.stop();
    }
  });
});
