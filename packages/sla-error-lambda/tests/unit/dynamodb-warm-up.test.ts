import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { warmUpClient } from '@file-sla/shared-middleware';

// warmUpClient with the real DynamoDB client against a local endpoint that counts requests: the
// warm-up goes through the client's whole stack and reaches no endpoint; later calls are untouched.

let server: Server;
let endpoint: string;
let requests = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests += 1;
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{"Item":{"errorId":{"S":"real"}}}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let restoreMock = (): void => undefined;
afterEach(() => restoreMock());

const client = (options: { cacheMiddleware?: boolean; credentials?: boolean } = {}): DynamoDBClient =>
  new DynamoDBClient({
    region: 'eu-west-1',
    endpoint,
    maxAttempts: 1,
    ...(options.cacheMiddleware ? { cacheMiddleware: true } : {}),
    credentials: options.credentials === false ? () => Promise.reject(new Error('no credentials here')) : { accessKeyId: 'AKIDWARMUP', secretAccessKey: 'warm-up-secret' },
  });

const putItem = (): PutItemCommand => new PutItemCommand({ TableName: 'FileSlaErrors', Item: { errorId: { S: 'warm-up' } } });

describe('warmUpClient (DynamoDB client)', () => {
  it('runs a command through the whole stack with no request to the endpoint', async () => {
    const before = requests;
    await expect(warmUpClient(client(), putItem())).resolves.toBe(true);
    expect(requests - before).toBe(0);
  });

  it('leaves the client as it was: the next real call reaches the endpoint and gets its answer', async () => {
    for (const cacheMiddleware of [false, true]) {
      const dynamodb = client({ cacheMiddleware });
      await warmUpClient(dynamodb, new GetItemCommand({ TableName: 'FileSlaErrors', Key: { errorId: { S: 'warm-up' } } }));
      const before = requests;
      const answer = await dynamodb.send(new GetItemCommand({ TableName: 'FileSlaErrors', Key: { errorId: { S: 'real' } } }));
      expect(answer.Item).toEqual({ errorId: { S: 'real' } });
      expect(requests - before).toBe(1);
    }
  });

  it('is never seen by a stub of send() (aws-sdk-client-mock)', async () => {
    const mock = mockClient(DynamoDBClient);
    restoreMock = () => mock.restore();
    await expect(warmUpClient(client(), putItem())).resolves.toBe(true);
    expect(mock.calls()).toHaveLength(0);
  });

  it('resolves false rather than throwing when the stack fails (no credentials), with no request', async () => {
    const before = requests;
    await expect(warmUpClient(client({ credentials: false }), putItem())).resolves.toBe(false);
    expect(requests - before).toBe(0);
  });
});
