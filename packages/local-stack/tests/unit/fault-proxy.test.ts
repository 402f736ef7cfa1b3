import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dynamoDbThrottling, startFaultProxy, type FaultProxy } from '../../src/fault-proxy.ts';
import { captureProcessOutput } from '../../src/output-capture.ts';

// The fault proxy in front of a tiny echo server: each behaviour, switched at run time.

let target: Server;
let targetHits = 0;
let proxy: FaultProxy;

const errorCode = (error: unknown): string | undefined => {
  const cause = (error as { cause?: { code?: string; errors?: Array<{ code?: string }> } }).cause;
  return cause?.code ?? cause?.errors?.[0]?.code;
};

beforeAll(async () => {
  target = createServer((request, response) => {
    targetHits += 1;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(201, { 'content-type': 'application/json', 'x-target': 'yes' });
      response.end(JSON.stringify({ method: request.method, url: request.url, body: Buffer.concat(chunks).toString('utf8') }));
    });
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  proxy = await startFaultProxy({ target: `http://127.0.0.1:${(target.address() as AddressInfo).port}` });
});

afterAll(async () => {
  await proxy?.stop();
  target.closeAllConnections();
  await new Promise<void>((resolve) => target.close(() => resolve()));
});

beforeEach(async () => {
  await proxy.set({ kind: 'pass' });
  proxy.clear();
  targetHits = 0;
});

describe('startFaultProxy', () => {
  it('passes requests and answers through unchanged, and records them', async () => {
    const response = await fetch(`${proxy.url}/a/b?c=1`, { method: 'POST', body: '{"x":1}' });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-target')).toBe('yes');
    expect(await response.json()).toEqual({ method: 'POST', url: '/a/b?c=1', body: '{"x":1}' });
    expect(proxy.requests).toEqual([expect.objectContaining({ method: 'POST', url: '/a/b?c=1', body: '{"x":1}' })]);
    expect(proxy.faulted).toBe(0);
  });

  it('refuses connections while down, and listens on the same port again afterwards', async () => {
    await proxy.set({ kind: 'refuse' });
    const error = await fetch(proxy.url).then(() => undefined, (failure: unknown) => failure);
    expect(errorCode(error)).toBe('ECONNREFUSED');
    await proxy.set({ kind: 'pass' });
    expect((await fetch(proxy.url)).status).toBe(201);
  });

  it('closes connections without an answer (reset)', async () => {
    await proxy.set({ kind: 'reset' });
    await expect(fetch(proxy.url)).rejects.toThrow();
    expect(targetHits).toBe(0);
    expect(proxy.faulted).toBeGreaterThan(0);
  });

  it('delays requests, and drops those whose client gave up', async () => {
    await proxy.set({ kind: 'delay', ms: 300 });
    const started = Date.now();
    expect((await fetch(proxy.url)).status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);

    await expect(fetch(proxy.url, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(targetHits).toBe(1);
    expect(proxy.faulted).toBe(1);
  });

  it('answers DynamoDB throttling that the SDK recognises, only for the requests picked', async () => {
    await proxy.set(dynamoDbThrottling((request) => request.body.includes('"hot"')));
    const client = new DynamoDBClient({
      endpoint: proxy.url,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    try {
      const error = await client.send(new GetItemCommand({ TableName: 'T', Key: { id: { S: 'hot' } } })).catch((failure: unknown) => failure);
      expect(error).toMatchObject({ name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } });
      // Not picked: forwarded (the echo server is no DynamoDB, so the SDK fails to read its answer).
      await client.send(new GetItemCommand({ TableName: 'T', Key: { id: { S: 'cold' } } })).catch(() => undefined);
      expect(targetHits).toBe(1);
      expect(proxy.faulted).toBe(1);
    } finally {
      client.destroy();
    }
  });
});

describe('captureProcessOutput', () => {
  it('collects what is written to stdout and stderr until restored', () => {
    const originalWrite = process.stdout.write;
    const capture = captureProcessOutput();
    process.stdout.write('{"level":"INFO"}\n');
    process.stderr.write(Buffer.from('{"level":"ERROR"}\n'));
    capture.restore();
    capture.restore();
    expect(process.stdout.write).toBe(originalWrite);
    expect(capture.lines()).toEqual(['{"level":"INFO"}', '{"level":"ERROR"}']);
  });
});
