import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { defaultDependencies } from '../../src/dependencies.js';

const ENV = {
  AWS_REGION: 'eu-central-1',
  ALERTS_TOPIC_ARN: 'arn:aws:sns:eu-central-1:123456789012:alerts',
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'example-secret',
  // Nothing listens here: a warm-up that went out on the network would fail.
  SNS_ENDPOINT: 'http://127.0.0.1:9',
};

describe('defaultDependencies', () => {
  it('warms the SNS client up in-process: a PublishBatch through its whole stack, no network call, no send()', async () => {
    const sns = mockClient(SNSClient);
    // The client reads its credentials from the process environment, as in Lambda.
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: ENV.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: ENV.AWS_SECRET_ACCESS_KEY });
    try {
      const dependencies = defaultDependencies(ENV);
      expect(dependencies.config.ok).toBe(true);
      await expect(dependencies.warmUp?.()).resolves.toBe(true);
      expect(sns.commandCalls(PublishBatchCommand)).toHaveLength(0);
      expect(dependencies.snsClient(dependencies.config.ok ? dependencies.config.value : (undefined as never))).toBeInstanceOf(SNSClient);
    } finally {
      sns.restore();
      process.env = saved;
    }
  });

  it('with an invalid configuration: no client, no warm-up', () => {
    const dependencies = defaultDependencies({ AWS_REGION: 'eu-central-1' });
    expect(dependencies.config.ok).toBe(false);
    expect(dependencies.warmUp).toBeUndefined();
  });
});
