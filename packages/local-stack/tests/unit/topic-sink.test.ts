import { PublishBatchCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTopicSink, type TopicSink } from '../../src/topic-sink.ts';

let sink: TopicSink;
let sns: SNSClient;
let dir: string;
const printed: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'topic-sink-'));
  sink = await startTopicSink({ topics: ['alerts'], dir, log: (line) => printed.push(line) });
  sns = new SNSClient({ region: 'local', endpoint: sink.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
});
afterAll(async () => {
  sns?.destroy();
  await sink?.stop();
  await rm(dir, { recursive: true, force: true });
});

const email = 'SLA breach: MISSING\n\nFile: SETTLEMENT_20261124.csv';
const jsonMessage = JSON.stringify({ default: '{"errorId":"e1"}', email });

describe('startTopicSink, through the real SNS client (AWS query protocol)', () => {
  it('takes a Publish: answers a MessageId, prints the e-mail text, appends the message to <topic>.jsonl', async () => {
    const answer = await sns.send(
      new PublishCommand({
        TopicArn: sink.topicArn('alerts'),
        Subject: '[CRITICAL] MISSING SAP-FI SETTLEMENT_20261124.csv',
        Message: jsonMessage,
        MessageStructure: 'json',
        MessageAttributes: { severity: { DataType: 'String', StringValue: 'CRITICAL' }, sourceSystem: { DataType: 'String', StringValue: 'SAP-FI' } },
      }),
    );
    expect(answer.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const [message] = sink.messages('alerts');
    expect(message).toMatchObject({
      topic: 'alerts',
      messageId: answer.MessageId,
      subject: '[CRITICAL] MISSING SAP-FI SETTLEMENT_20261124.csv',
      messageStructure: 'json',
      protocols: { default: '{"errorId":"e1"}', email },
      attributes: { severity: 'CRITICAL', sourceSystem: 'SAP-FI' },
    });
    const lines = (await readFile(join(dir, 'alerts.jsonl'), 'utf8')).trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toEqual(message);
    expect(printed.join('\n')).toContain('── alerts: [CRITICAL] MISSING SAP-FI SETTLEMENT_20261124.csv  [severity=CRITICAL sourceSystem=SAP-FI]\n   SLA breach: MISSING\n   \n   File: SETTLEMENT_20261124.csv');
  });

  it('takes a PublishBatch, reporting each entry; injected faults and invalid entries come back as Failed entries', async () => {
    sink.failNext(1, { code: 'InternalFailure' });
    const before = sink.messages().length;
    const answer = await sns.send(
      new PublishBatchCommand({
        TopicArn: sink.topicArn('alerts'),
        PublishBatchRequestEntries: [
          { Id: 'a1', Message: jsonMessage, MessageStructure: 'json', Subject: 'first' },
          { Id: 'a2', Message: jsonMessage, MessageStructure: 'json', Subject: 'second' },
          { Id: 'a3', Message: 'plain text', Subject: 'line\nbreak' },
          { Id: 'a4', Message: '{"email":"no default"}', MessageStructure: 'json' },
          { Id: 'a5', Message: 'plain text', Subject: 'x'.repeat(100) },
          { Id: 'a6', Message: 'plain text', Subject: 'ok' },
        ],
      }),
    );
    expect(answer.Successful?.map((entry) => entry.Id)).toEqual(['a2', 'a6']);
    expect(answer.Failed).toEqual([
      { Id: 'a1', Code: 'InternalFailure', Message: 'Injected failure', SenderFault: false },
      expect.objectContaining({ Id: 'a3', Code: 'InvalidParameter', SenderFault: true, Message: expect.stringContaining('without line breaks or control characters') }),
      expect.objectContaining({ Id: 'a4', Message: 'Invalid parameter: Message Structure - No default entry in JSON message body' }),
      expect.objectContaining({ Id: 'a5', Message: 'Invalid parameter: Subject: must be less than 100 characters long' }),
    ]);
    expect(sink.messages().slice(before).map((message) => message.subject)).toEqual(['second', 'ok']);
  });

  it('refuses a batch as SNS does: more than 10 entries, repeated ids, an unknown topic', async () => {
    const entries = (count: number, id = (i: number) => `e${i}`) => Array.from({ length: count }, (_, i) => ({ Id: id(i), Message: 'm' }));
    await expect(sns.send(new PublishBatchCommand({ TopicArn: sink.topicArn('alerts'), PublishBatchRequestEntries: entries(11) }))).rejects.toMatchObject({
      name: 'TooManyEntriesInBatchRequestException',
    });
    await expect(sns.send(new PublishBatchCommand({ TopicArn: sink.topicArn('alerts'), PublishBatchRequestEntries: entries(2, () => 'same') }))).rejects.toMatchObject({
      name: 'BatchEntryIdsNotDistinctException',
    });
    await expect(sns.send(new PublishCommand({ TopicArn: sink.topicArn('other'), Message: 'm' }))).rejects.toMatchObject({ name: 'NotFoundException', $metadata: { httpStatusCode: 404 } });
  });

  it('fails a Publish with an injected fault as a server error', async () => {
    sink.failNext(1, { code: 'Throttling', message: 'Rate exceeded', senderFault: true });
    await expect(sns.send(new PublishCommand({ TopicArn: sink.topicArn('alerts'), Message: 'm' }))).rejects.toMatchObject({ name: 'Throttling', message: 'Rate exceeded' });
  });
});

describe('failNext with a match', () => {
  it('fails only the entries it matches, leaving the fault pending until one comes', async () => {
    sink.failNext(1, { match: (entry) => entry.subject === 'target' });
    const first = await sns.send(new PublishBatchCommand({ TopicArn: sink.topicArn('alerts'), PublishBatchRequestEntries: [{ Id: 'x1', Message: 'm', Subject: 'other' }] }));
    expect(first.Failed ?? []).toEqual([]);
    const second = await sns.send(
      new PublishBatchCommand({ TopicArn: sink.topicArn('alerts'), PublishBatchRequestEntries: [{ Id: 'y1', Message: 'm', Subject: 'other' }, { Id: 'y2', Message: 'm', Subject: 'target' }, { Id: 'y3', Message: 'm', Subject: 'target' }] }),
    );
    expect(second.Failed?.map((entry) => entry.Id)).toEqual(['y2']);
    expect(second.Successful?.map((entry) => entry.Id)).toEqual(['y1', 'y3']);
  });
});

describe('failNextRequests', () => {
  it('fails whole requests as a throttled SNS does; the SDK retries them, and the message goes out once', async () => {
    const retrying = new SNSClient({ region: 'local', endpoint: sink.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3, retryMode: 'standard' });
    try {
      sink.failNextRequests(2);
      const before = sink.requests();
      const answer = await retrying.send(new PublishBatchCommand({ TopicArn: sink.topicArn('alerts'), PublishBatchRequestEntries: [{ Id: 'r1', Message: 'm', Subject: 'retried' }] }));
      expect(answer.Successful?.map((entry) => entry.Id)).toEqual(['r1']);
      expect(sink.requests() - before).toBe(3);
      expect(sink.messages().filter((message) => message.subject === 'retried')).toHaveLength(1);
      sink.failNextRequests(1, { status: 400, code: 'Throttling' });
      await expect(sns.send(new PublishCommand({ TopicArn: sink.topicArn('alerts'), Message: 'm' }))).rejects.toMatchObject({ name: 'Throttling' });
    } finally {
      retrying.destroy();
    }
  }, 30_000);
});
