import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { defaultDependencies } from '../../src/dependencies.js';

const ENV = {
  AWS_REGION: 'eu-central-1',
  ALERTS_TOPIC_ARN: 'arn:aws:sns:eu-central-1:123456789012:alerts',
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'example-secret',
};

describe('defaultDependencies', () => {
  it('warms the SNS client up: a PublishBatch through its whole stack, never sent (no send()), and one GET / that opens the connection', async () => {
    const requests: string[] = [];
    const endpoint = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      request.resume();
      // What SNS answers a request with no action.
      request.on('end', () => response.writeHead(400, { 'content-type': 'text/xml' }).end('<ErrorResponse/>'));
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const sns = mockClient(SNSClient);
    // The client reads its credentials from the process environment, as in Lambda.
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: ENV.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: ENV.AWS_SECRET_ACCESS_KEY });
    try {
      const dependencies = defaultDependencies({ ...ENV, SNS_ENDPOINT: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}` });
      expect(dependencies.config.ok).toBe(true);
      await expect(dependencies.warmUp?.()).resolves.toEqual({ stack: true, connected: true });
      expect(requests).toEqual(['GET /']);
      expect(sns.commandCalls(PublishBatchCommand)).toHaveLength(0);
      expect(dependencies.snsClient(dependencies.config.ok ? dependencies.config.value : (undefined as never))).toBeInstanceOf(SNSClient);
    } finally {
      sns.restore();
      process.env = saved;
      endpoint.closeAllConnections();
      await new Promise((resolve) => endpoint.close(resolve));
    }
  });

  it('with an invalid configuration: no client, no warm-up', () => {
    const dependencies = defaultDependencies({ AWS_REGION: 'eu-central-1' });
    expect(dependencies.config.ok).toBe(false);
    expect(dependencies.warmUp).toBeUndefined();
  });
});
