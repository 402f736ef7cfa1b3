import { PublishBatchCommand, SNSClient, type PublishBatchCommandInput, type PublishBatchRequestEntry } from '@aws-sdk/client-sns';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { createLogger, InvocationError } from '@file-sla/shared-middleware';
import { captureOutput, type CapturedOutput } from '@file-sla/test-support';
import { mockClient } from 'aws-sdk-client-mock';
import { readSlaNotifierConfig } from '../../src/config.js';
import { createHandler } from '../../src/handler.js';
import { insertOf, lambdaContext, slaErrorItem, streamEvent, streamRecord } from '../support/stream-records.js';

const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:eu-central-1:123456789012:file-sla-alerts';
const ENV = { AWS_REGION: 'eu-central-1', ALERTS_TOPIC_ARN: TOPIC };

let output: CapturedOutput;

beforeEach(() => {
  sns.reset();
  delete process.env.POWERTOOLS_DEV;
  output = captureOutput();
});

const build = (env: Record<string, string> = ENV) =>
  createHandler({ logger: createLogger({ serviceName: 'sla-notifier-lambda', logLevel: 'INFO' }), config: readSlaNotifierConfig(env), snsClient: () => new SNSClient({ region: 'eu-central-1' }) });

/** Answers every entry as published, except the ids `failing` lists. */
const snsAnswers = (failing: Record<string, { Code: string; SenderFault: boolean }> = {}) =>
  sns.on(PublishBatchCommand).callsFake((input: PublishBatchCommandInput) => ({
    Successful: input.PublishBatchRequestEntries!.filter((entry) => !failing[entry.Id!]).map((entry) => ({ Id: entry.Id, MessageId: `m-${entry.Id}` })),
    Failed: input.PublishBatchRequestEntries!.filter((entry) => failing[entry.Id!]).map((entry) => ({ Id: entry.Id, Message: 'failed', ...failing[entry.Id!] })),
  }));

const published = (): PublishBatchRequestEntry[] => sns.commandCalls(PublishBatchCommand).flatMap((call) => call.args[0].input.PublishBatchRequestEntries ?? []);
const parsed = (entry: PublishBatchRequestEntry) => JSON.parse(entry.Message!) as { default: string; email: string };
const errorLines = () => output.entries().filter((entry) => entry.level === 'ERROR');

describe('the notifier handler', () => {
  it('one record: one message with the subject, the e-mail text, the JSON record and the attributes', async () => {
    snsAnswers();
    const result = await build()(streamEvent(insertOf()), lambdaContext());
    expect(result).toEqual({ batchItemFailures: [] });
    const calls = sns.commandCalls(PublishBatchCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input.TopicArn).toBe(TOPIC);
    const [entry] = published();
    expect(entry).toMatchObject({
      Subject: '[CRITICAL] MISSING SAP-FI SETTLEMENT_20261124.csv',
      MessageStructure: 'json',
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'CRITICAL' },
        sourceSystem: { DataType: 'String', StringValue: 'SAP-FI' },
        errorType: { DataType: 'String', StringValue: 'MISSING' },
      },
    });
    const { default: json, email } = parsed(entry!);
    expect(JSON.parse(json)).toMatchObject({ type: 'sla-error', errorId: '4f1c2a9e0b7d4c3f8a6e5d2c1b0a9f8e', severity: 'CRITICAL', fileName: 'SETTLEMENT_20261124.csv', path: '/sla-errors/4f1c2a9e0b7d4c3f8a6e5d2c1b0a9f8e' });
    expect(email).toContain('SLA breach: MISSING, severity CRITICAL');
    expect(email).toContain('GET /sla-errors/4f1c2a9e0b7d4c3f8a6e5d2c1b0a9f8e');
    expect(output.entries().find((line) => line.message === 'Stream batch handled')).toMatchObject({ records: 1, messages: 1, published: 1, failed: 0, function_request_id: 'c6af9ac6-7b61-11e6-9a41-93e812345678' });
  });

  it('a storm: more than ALERT_DIGEST_THRESHOLD breaches of one source system become one digest; other systems alert one by one', async () => {
    snsAnswers();
    const storm = Array.from({ length: 7 }, (_, i) => insertOf({ errorId: `sap${i}`, fileName: `GL_${i}.csv`, severity: i === 3 ? 'CRITICAL' : 'HIGH' }));
    const other = insertOf({ errorId: 'erp1', sourceSystem: 'ERP-HR', fileName: 'PAYROLL.csv', severity: 'HIGH' });
    const result = await build({ ...ENV, ALERT_DIGEST_THRESHOLD: '6' })(streamEvent(...storm.slice(0, 2), other, ...storm.slice(2)), lambdaContext());
    expect(result).toEqual({ batchItemFailures: [] });
    const entries = published();
    expect(entries.map((entry) => entry.Subject)).toEqual(['[CRITICAL] 7 SLA breaches from SAP-FI (digest)', '[HIGH] MISSING ERP-HR PAYROLL.csv']);
    const digest = JSON.parse(parsed(entries[0]!).default) as { count: number; worstSeverity: string; errors: { errorId: string }[] };
    expect(digest).toMatchObject({ type: 'sla-error-digest', count: 7, worstSeverity: 'CRITICAL' });
    expect(digest.errors.map((error) => error.errorId).sort()).toEqual(['sap0', 'sap1', 'sap2', 'sap3', 'sap4', 'sap5', 'sap6']);
    expect(entries[0]!.MessageAttributes).toMatchObject({ severity: { StringValue: 'CRITICAL' }, alertKind: { StringValue: 'digest' } });
  });

  it('at the threshold, no digest: exactly ALERT_DIGEST_THRESHOLD breaches alert one by one', async () => {
    snsAnswers();
    const records = Array.from({ length: 5 }, (_, i) => insertOf({ errorId: `e${i}`, fileName: `F${i}.csv` }));
    await build()(streamEvent(...records), lambdaContext());
    expect(published()).toHaveLength(5);
  });

  it('more than 10 messages: several PublishBatch calls of at most 10 entries', async () => {
    snsAnswers();
    const records = Array.from({ length: 23 }, (_, i) => insertOf({ errorId: `e${i}`, sourceSystem: `SYS-${i}` }));
    await build()(streamEvent(...records), lambdaContext());
    expect(sns.commandCalls(PublishBatchCommand).map((call) => call.args[0].input.PublishBatchRequestEntries!.length)).toEqual([10, 10, 3]);
  });

  it('a mixed batch with one failed entry: only the record it carries is a batch item failure, the calls after it are held back', async () => {
    const records = Array.from({ length: 13 }, (_, i) => insertOf({ errorId: `e${i}`, sourceSystem: `SYS-${i}` }));
    snsAnswers({ 'alert-4': { Code: 'InternalFailure', SenderFault: false } });
    const result = await build()(streamEvent(...records), lambdaContext());
    const failed = [records[4]!, ...records.slice(10)].map((record) => ({ itemIdentifier: record.dynamodb!.SequenceNumber }));
    expect(result).toEqual({ batchItemFailures: failed });
    expect(sns.commandCalls(PublishBatchCommand)).toHaveLength(1);
    const [line] = errorLines();
    expect(line).toMatchObject({
      message: 'SNS did not publish an alert (InternalFailure): the stream retries the record(s) it carries',
      sequenceNumbers: [records[4]!.dynamodb!.SequenceNumber],
      error: expect.objectContaining({ code: 'InternalFailure', senderFault: false, message: 'SNS did not publish the alert (InternalFailure): failed' }),
    });
  });

  it('SNS throttling past the retries: every record fails, so the invocation fails and the stream retries (splitting the batch)', async () => {
    sns.on(PublishBatchCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $fault: 'client' }));
    const records = [insertOf({ errorId: 'a' }), insertOf({ errorId: 'b', sourceSystem: 'OTHER' })];
    await expect(build()(streamEvent(...records), lambdaContext())).rejects.toThrow(InvocationError);
    const messages = errorLines().map((line) => line.message);
    expect(messages).toContain('SNS did not publish an alert (Throttling): the stream retries the record(s) it carries');
    expect(messages).toContain('Invocation failed (FullBatchFailureError); the event source retries the batch');
  });

  it('a malformed image: logged with its problems and failed; the records after it are held back unattempted', async () => {
    snsAnswers();
    const before = insertOf({ errorId: 'good1' });
    const bad = streamRecord('INSERT', { errorId: 'broken', severity: 'URGENT', fileName: 42 });
    const after = insertOf({ errorId: 'good2' });
    const result = await build()(streamEvent(before, bad, after), lambdaContext());
    expect(result).toEqual({ batchItemFailures: [bad, after].map((record) => ({ itemIdentifier: record.dynamodb!.SequenceNumber })) });
    expect(published().map((entry) => JSON.parse(parsed(entry).default).errorId)).toEqual(['good1']);
    expect(errorLines()[0]).toMatchObject({
      message: 'A stream record is not an SLA error: it is retried, then goes to the dead-letter queue',
      sequenceNumber: bad.dynamodb!.SequenceNumber,
      keys: { errorId: { S: 'broken' } },
      heldBack: 1,
      problems: expect.arrayContaining(['fileName must be a non-empty string', 'sourceSystem is missing', 'severity must be LOW, MEDIUM, HIGH or CRITICAL (got "URGENT")']),
    });
  });

  it('a malformed image first in its batch fails the invocation (the batch is split); alone, it fails again, on its way to the DLQ', async () => {
    snsAnswers();
    const bad = streamRecord('INSERT', undefined);
    await expect(build()(streamEvent(bad, insertOf()), lambdaContext())).rejects.toThrow(InvocationError);
    await expect(build()(streamEvent(bad), lambdaContext())).rejects.toThrow(InvocationError);
    expect(sns.commandCalls(PublishBatchCommand)).toHaveLength(0);
    expect(errorLines()[0]!.problems).toEqual(['the record has no NewImage (the stream must be NEW_IMAGE or NEW_AND_OLD_IMAGES)']);
  });

  it('a record below the threshold does not alert (ALERT_MIN_SEVERITY=CRITICAL skips HIGH)', async () => {
    snsAnswers();
    const result = await build({ ...ENV, ALERT_MIN_SEVERITY: 'CRITICAL' })(streamEvent(insertOf({ severity: 'HIGH' }), insertOf({ errorId: 'c', severity: 'CRITICAL' })), lambdaContext());
    expect(result).toEqual({ batchItemFailures: [] });
    expect(published().map((entry) => entry.Subject)).toEqual(['[CRITICAL] MISSING SAP-FI SETTLEMENT_20261124.csv']);
    expect(output.entries().find((line) => line.message === 'Stream batch handled')).toMatchObject({ skipped: 1 });
  });

  it('MODIFY and REMOVE events never alert, and publish nothing', async () => {
    snsAnswers();
    const result = await build()(streamEvent(streamRecord('MODIFY', slaErrorItem()), streamRecord('REMOVE', undefined)), lambdaContext());
    expect(result).toEqual({ batchItemFailures: [] });
    expect(sns.commandCalls(PublishBatchCommand)).toHaveLength(0);
  });

  it('an invalid configuration fails every invocation with one clear line, and never publishes', async () => {
    snsAnswers();
    const handler = build({ AWS_REGION: 'eu-central-1', ALERTS_TOPIC_ARN: 'alerts', ALERT_MIN_SEVERITY: 'LOW' });
    await expect(handler(streamEvent(insertOf()), lambdaContext())).rejects.toThrow(InvocationError);
    expect(errorLines()).toHaveLength(1);
    expect(errorLines()[0]!.message).toContain('ALERTS_TOPIC_ARN must be an SNS topic ARN');
    expect(errorLines()[0]!.message).toContain('ALERT_MIN_SEVERITY must be one of HIGH, CRITICAL (got "LOW")');
    expect(sns.commandCalls(PublishBatchCommand)).toHaveLength(0);
  });
});
