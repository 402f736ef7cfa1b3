import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { warmUpClient } from '@file-sla/shared-middleware';

// warmUpClient with the real DynamoDB client against a local endpoint that records every request
// and connection: the warm-up goes through the client's whole stack, never sends its command, and
// opens the connection the next real call reuses.

interface Seen {
  requests: string[];
  connections: number;
}

/** A DynamoDB stand-in: `GET /` answers `healthy: …` as DynamoDB does; `hangOnGet` never answers it. */
const startEndpoint = async (options: { hangOnGet?: boolean } = {}) => {
  const seen: Seen = { requests: [], connections: 0 };
  const hung: IncomingMessage[] = [];
  const server: Server = createServer((request, response) => {
    seen.requests.push(`${request.method} ${request.url} ${request.headers['x-amz-target'] ?? ''}`.trim());
    if (request.method === 'GET' && options.hangOnGet) {
      hung.push(request);
      return;
    }
    request.resume();
    request.on('end', () => {
      if (request.method === 'GET') response.writeHead(200, { 'content-type': 'text/plain' }).end('healthy: dynamodb.eu-west-1.amazonaws.com');
      else response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{"Item":{"errorId":{"S":"real"}}}');
    });
  });
  server.on('connection', () => {
    seen.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    seen,
    hung,
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
};

type Endpoint = Awaited<ReturnType<typeof startEndpoint>>;
let local: Endpoint;
let clients: DynamoDBClient[] = [];

beforeAll(async () => {
  local = await startEndpoint();
});

afterAll(() => local.stop());

beforeEach(() => {
  local.seen.requests.length = 0;
  local.seen.connections = 0;
});

let restoreMock = (): void => undefined;
afterEach(() => {
  restoreMock();
  for (const client of clients) client.destroy();
  clients = [];
});

const client = (options: { endpoint?: string; cacheMiddleware?: boolean; credentials?: boolean } = {}): DynamoDBClient => {
  const created = new DynamoDBClient({
    region: 'eu-west-1',
    endpoint: options.endpoint ?? local.endpoint,
    maxAttempts: 1,
    ...(options.cacheMiddleware ? { cacheMiddleware: true } : {}),
    credentials: options.credentials === false ? () => Promise.reject(new Error('no credentials here')) : { accessKeyId: 'AKIDWARMUP', secretAccessKey: 'warm-up-secret' },
  });
  clients.push(created);
  return created;
};

const putItem = (): PutItemCommand => new PutItemCommand({ TableName: 'FileSlaErrors', Item: { errorId: { S: 'warm-up' } } });
const getItem = (id: string): GetItemCommand => new GetItemCommand({ TableName: 'FileSlaErrors', Key: { errorId: { S: id } } });

describe('warmUpClient (DynamoDB client)', () => {
  it('runs a command through the whole stack without sending it, and opens the connection with one GET /', async () => {
    await expect(warmUpClient(client(), putItem())).resolves.toEqual({ stack: true, connected: true });
    expect(local.seen.requests).toEqual(['GET /']);
    expect(local.seen.connections).toBe(1);
  });

  it('leaves the connection open for the next real call, which reaches the endpoint and gets its answer', async () => {
    for (const cacheMiddleware of [false, true]) {
      const dynamodb = client({ cacheMiddleware });
      await warmUpClient(dynamodb, getItem('warm-up'));
      const connectionsBefore = local.seen.connections;
      const answer = await dynamodb.send(getItem('real'));
      expect(answer.Item).toEqual({ errorId: { S: 'real' } });
      expect(local.seen.requests.at(-1)).toBe('POST / DynamoDB_20120810.GetItem');
      expect(local.seen.connections).toBe(connectionsBefore);
    }
    expect(local.seen.requests.filter((request) => request.startsWith('POST'))).toHaveLength(2);
  });

  it('with connect: false, reaches no endpoint at all', async () => {
    await expect(warmUpClient(client(), putItem(), { connect: false })).resolves.toEqual({ stack: true, connected: false });
    expect(local.seen.requests).toEqual([]);
    expect(local.seen.connections).toBe(0);
  });

  it('gives the connection request up after connectTimeoutMs, aborting it, and still completes the stack', async () => {
    const silent = await startEndpoint({ hangOnGet: true });
    try {
      await expect(warmUpClient(client({ endpoint: silent.endpoint }), putItem(), { connectTimeoutMs: 50 })).resolves.toEqual({ stack: true, connected: false });
      expect(silent.seen.requests).toEqual(['GET /']);
      const [request] = silent.hung;
      await new Promise<void>((resolve) => (request!.socket.destroyed ? resolve() : request!.socket.once('close', () => resolve())));
      expect(request!.socket.destroyed).toBe(true);
    } finally {
      await silent.stop();
    }
  });

  it('completes the stack when the endpoint cannot be reached (nothing listens)', async () => {
    const gone = await startEndpoint();
    await gone.stop();
    await expect(warmUpClient(client({ endpoint: gone.endpoint }), putItem())).resolves.toEqual({ stack: true, connected: false });
  });

  it('is never seen by a stub of send() (aws-sdk-client-mock)', async () => {
    const mock = mockClient(DynamoDBClient);
    restoreMock = () => mock.restore();
    await expect(warmUpClient(client(), putItem())).resolves.toEqual({ stack: true, connected: true });
    expect(mock.calls()).toHaveLength(0);
  });

  it('resolves rather than throwing when the stack fails (no credentials), and then reaches no endpoint', async () => {
    await expect(warmUpClient(client({ credentials: false }), putItem())).resolves.toEqual({ stack: false, connected: false });
    expect(local.seen.requests).toEqual([]);
  });
});
