import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { captureOutput, type CapturedOutput } from '@file-sla/test-support';
import type { Context } from 'aws-lambda';
import { loadConfig, type ConfigResult } from '../../src/config.js';
import { eventHandler, InvocationError, type BatchItemFailures, type EventHandle } from '../../src/event-handler.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { defineEventLambda, type EventLambdaManifest } from '../../src/manifest.js';
import { REDACTED } from '../../src/redact.js';
import { lambdaContext, LAMBDA_REQUEST_ID } from '../support/http-events.js';

interface TestConfig {
  topicArn: string;
}

const manifestWith = (reportBatchItemFailures: boolean): EventLambdaManifest =>
  defineEventLambda({
    kind: 'event',
    name: 'stream-test-lambda',
    description: 'test',
    memoryMb: 256,
    timeoutSeconds: 30,
    environment: {},
    permissions: [],
    eventSource: {
      type: 'dynamodb-stream',
      table: 'table',
      streamView: 'NEW_IMAGE',
      startingPosition: 'LATEST',
      batchSize: 10,
      maxBatchingWindowSeconds: 1,
      retryAttempts: 2,
      bisectBatchOnError: true,
      reportBatchItemFailures,
      filters: [],
      onFailure: 'dead-letter-queue',
    },
  });

const readConfig = (env: Record<string, string>): ConfigResult<TestConfig> => loadConfig((reader) => ({ topicArn: reader.required('ALERTS_TOPIC_ARN') }), env);
const goodConfig = readConfig({ ALERTS_TOPIC_ARN: 'arn:aws:sns:eu-central-1:123456789012:alerts' });
const streamEvent = { Records: [{ eventID: '1', eventName: 'INSERT', dynamodb: { SequenceNumber: '100' } }] };

let output: CapturedOutput;
let logger: Logger;

beforeEach(() => {
  delete process.env.POWERTOOLS_DEV;
  output = captureOutput();
  logger = createLogger({ serviceName: 'stream-test-lambda', logLevel: 'INFO' });
});

const build = <TResult>(handle: EventHandle<typeof streamEvent, TResult, TestConfig>, options: { config?: ConfigResult<TestConfig>; reportBatchItemFailures?: boolean } = {}) =>
  eventHandler(manifestWith(options.reportBatchItemFailures ?? true), { config: options.config ?? goodConfig, logger, handle });

describe('eventHandler', () => {
  it('hands the event, the configuration, the context and the logger to the logic, and returns its result', async () => {
    const handle = jest.fn<EventHandle<typeof streamEvent, BatchItemFailures, TestConfig>>(async (_event, { logger: log }) => {
      log.info('Working');
      return { batchItemFailures: [{ itemIdentifier: '100' }] };
    });
    const context = lambdaContext();
    const result = await build(handle)(streamEvent, context);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '100' }] });
    expect(handle).toHaveBeenCalledTimes(1);
    const [event, invocation] = handle.mock.calls[0]!;
    expect(event).toBe(streamEvent);
    expect(invocation.config).toEqual({ topicArn: 'arn:aws:sns:eu-central-1:123456789012:alerts' });
    expect(invocation.context).toBe(context);
    expect(invocation.logger).toBe(logger);
    expect(output.entries()).toEqual([expect.objectContaining({ message: 'Working', function_request_id: LAMBDA_REQUEST_ID, cold_start: expect.any(Boolean) })]);
  });

  it('does not carry one invocation’s log keys into the next', async () => {
    const handler = build(async (_event, { logger: log }) => {
      log.appendKeys({ batch: 'first' });
      return {};
    });
    await handler(streamEvent, lambdaContext());
    await build(async (_event, { logger: log }) => {
      log.info('Second');
      return {};
    })(streamEvent, lambdaContext({ awsRequestId: 'second-request' }));
    const second = output.entries().find((entry) => entry.message === 'Second');
    expect(second).toMatchObject({ function_request_id: 'second-request' });
    expect(second).not.toHaveProperty('batch');
  });

  it('with an invalid configuration: the module loads, every invocation fails with one clear log line, and the logic never runs', async () => {
    const handle = jest.fn(async () => ({}));
    const handler = build(handle, { config: readConfig({}) });
    expect(output.lines()).toHaveLength(0);
    for (const requestId of ['first', 'second']) {
      await expect(handler(streamEvent, lambdaContext({ awsRequestId: requestId }))).rejects.toThrow(
        new InvocationError('stream-test-lambda', requestId, 'Invalid configuration: ALERTS_TOPIC_ARN is required'),
      );
    }
    expect(handle).not.toHaveBeenCalled();
    const entries = output.entries();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      level: 'ERROR',
      message: "Invalid configuration: ALERTS_TOPIC_ARN is required (every invocation fails until the function's environment is fixed)",
      problems: ['ALERTS_TOPIC_ARN is required'],
      function_request_id: 'first',
    });
    expect(entries[1]).toMatchObject({ function_request_id: 'second' });
  });

  it('refuses an event that is not a batch of records, before the logic runs', async () => {
    const handle = jest.fn(async () => ({}));
    const handler = build(handle);
    for (const event of [{}, null, [streamEvent], { Records: 'none' }]) {
      await expect(handler(event, lambdaContext())).rejects.toThrow(/Expected a dynamodb-stream event \(\{ "Records": \[\.\.\.\] \}\)/);
    }
    expect(handle).not.toHaveBeenCalled();
    expect(output.entries()[0]).toMatchObject({
      level: 'ERROR',
      message: 'Invocation failed (Error); the event source retries the batch',
      error: expect.objectContaining({ message: 'Expected a dynamodb-stream event ({ "Records": [...] }), got object' }),
    });
  });

  it('logs an error of the logic once, redacted, and hands the runtime a message without the secret', async () => {
    const handler = build(async () => {
      throw new Error('SNS refused: password=Hunter2-secret', { cause: { clientSecret: 'abc-123-secret' } });
    });
    let thrown: unknown;
    await handler(streamEvent, lambdaContext()).catch((error: unknown) => {
      thrown = error;
    });
    expect(thrown).toBeInstanceOf(InvocationError);
    expect((thrown as InvocationError).message).toBe(`stream-test-lambda failed (request ${LAMBDA_REQUEST_ID}): SNS refused: password="${REDACTED}"`);
    expect((thrown as InvocationError).requestId).toBe(LAMBDA_REQUEST_ID);
    const entries = output.entries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ level: 'ERROR', function_request_id: LAMBDA_REQUEST_ID, error: expect.objectContaining({ name: 'Error' }) });
    expect(output.text()).not.toContain('Hunter2-secret');
    expect(output.text()).not.toContain('abc-123-secret');
  });

  it('fails the invocation when the logic reports failed records but the manifest does not ask for partial responses', async () => {
    const partial = async (): Promise<BatchItemFailures> => ({ batchItemFailures: [{ itemIdentifier: '100' }] });
    await expect(build(partial, { reportBatchItemFailures: false })(streamEvent, lambdaContext())).rejects.toThrow(
      /1 record\(s\) failed, and the manifest does not declare reportBatchItemFailures: the whole batch is retried/,
    );
    const none = async (): Promise<BatchItemFailures> => ({ batchItemFailures: [] });
    await expect(build(none, { reportBatchItemFailures: false })(streamEvent, lambdaContext())).resolves.toEqual({ batchItemFailures: [] });
  });

  it('runs with a context that lacks optional fields', async () => {
    const bare = { awsRequestId: 'bare', functionName: 'stream-test-lambda' } as unknown as Context;
    await expect(build(async () => 'done')(streamEvent, bare)).resolves.toBe('done');
  });
});
