import { PublishBatchCommand, SNSClient, type PublishBatchCommandInput } from '@aws-sdk/client-sns';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import type { AlertMessage } from '../../src/alert-message.js';
import { HeldBackError, PublishFailedError } from '../../src/errors.js';
import type { PlannedMessage } from '../../src/plan-alerts.js';
import { publishAlerts } from '../../src/publish-alerts.js';

const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:eu-central-1:123456789012:alerts';

const planned = (sequenceNumbers: string[], emailBytes = 100): PlannedMessage => ({
  message: {
    subject: `[HIGH] MISSING S ${sequenceNumbers[0]}`,
    email: 'e'.repeat(emailBytes),
    json: '{}',
    attributes: { severity: 'HIGH', sourceSystem: 'S', errorType: 'MISSING', alertKind: 'single' },
  } satisfies AlertMessage,
  sequenceNumbers,
});

const answerAll = () =>
  sns.on(PublishBatchCommand).callsFake((input: PublishBatchCommandInput) => ({ Successful: input.PublishBatchRequestEntries!.map((entry) => ({ Id: entry.Id, MessageId: 'm' })) }));

beforeEach(() => {
  sns.reset();
});

describe('publishAlerts', () => {
  it('keeps each call within SNS’s 256 KiB payload as well as 10 entries', async () => {
    answerAll();
    const messages = ['1', '2', '3', '4'].map((sequenceNumber) => planned([sequenceNumber], 100_000));
    const outcome = await publishAlerts(new SNSClient({}), TOPIC, messages);
    expect(sns.commandCalls(PublishBatchCommand).map((call) => call.args[0].input.PublishBatchRequestEntries!.length)).toEqual([2, 2]);
    expect(outcome).toMatchObject({ published: 4, calls: 2 });
    expect(outcome.failures.size).toBe(0);
  });

  it('a failed call fails every record its entries carry; the later calls are held back, not made', async () => {
    sns.on(PublishBatchCommand).rejects(Object.assign(new Error('Service unavailable'), { name: 'InternalErrorException', $fault: 'server' }));
    const messages = Array.from({ length: 12 }, (_, i) => planned([String(100 + i)]));
    messages[0] = planned(['100', '101x']);
    const outcome = await publishAlerts(new SNSClient({}), TOPIC, messages);
    expect(sns.commandCalls(PublishBatchCommand)).toHaveLength(1);
    const first = outcome.failures.get('100');
    expect(first).toBeInstanceOf(PublishFailedError);
    expect(first).toMatchObject({ code: 'InternalErrorException', senderFault: false, message: 'SNS did not publish the alert (InternalErrorException): Service unavailable' });
    expect(outcome.failures.get('101x')).toBe(first);
    expect(outcome.failures.get('110')).toBeInstanceOf(HeldBackError);
    expect(outcome.failures.size).toBe(13);
  });

  it('an entry SNS does not answer for counts as failed', async () => {
    sns.on(PublishBatchCommand).resolves({ Successful: [{ Id: 'alert-0', MessageId: 'm' }] });
    const outcome = await publishAlerts(new SNSClient({}), TOPIC, [planned(['1']), planned(['2'])]);
    expect(outcome.failures.get('2')).toMatchObject({ code: 'NoResult' });
    expect(outcome.failures.has('1')).toBe(false);
  });
});
