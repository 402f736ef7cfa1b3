import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { captureProcessOutput, dynamoDbThrottling, type FaultProxy, type LambdaHandler, type OutputCapture } from '@file-sla/local-stack';
import { READER, SLA_FUNCTION_TIMEOUT_MS, startLocalServices, WRITER, type Answer, type LocalServices, type Tokens } from '../support/local-services.js';

// Injected faults, through the built bundle of the SLA error function (dist/sla-error-lambda.zip)
// against DynamoDB Local and cognito-local, each behind a fault proxy the test switches: DynamoDB
// down, slower than the client's time-out, throttling every attempt or only some items of a batch;
// the emulator (and so the JWKS) down for a warm and for a cold function. Each fault must end in a
// 500 whose body says nothing but "Internal server error" (a batch: plus which items were written),
// a log line naming the cause, nothing half-written — and everything correct once it is over.
// Each fault runs against a fresh function instance (a new container), so that one fault's SDK
// retry quota or caches do not colour the next.

const SOURCE = 'fault-injection';

/** Every attribute a stored record has (docs/architecture.md, Data model): a record with fewer is half-written. */
const RECORD_ATTRIBUTES = [
  'errorId',
  'fileName',
  'sourceSystem',
  'slaDeadline',
  'errorType',
  'errorMessage',
  'severity',
  'detectedAt',
  'submittedBy',
  'clientId',
  'createdAt',
  'requestId',
  'fileKey',
  'deadlineDay',
  'deadlineSort',
  'expiresAt',
].sort();

let capture: OutputCapture;
let services: LocalServices;
let dynamo: FaultProxy;
let cognito: FaultProxy;
let writer: Tokens;
const secrets = new Set<string>([WRITER.password, READER.password]);
const notes: string[] = [];

const report = (fileName: string) => ({
  fileName,
  sourceSystem: SOURCE,
  slaDeadline: '2026-11-24T06:00:00Z',
  errorType: 'MISSING',
  errorMessage: `File ${fileName} did not arrive.`,
});

const post = (body: unknown, handler: LambdaHandler, token = writer.accessToken): Promise<Answer> =>
  services.call({ method: 'POST', path: '/sla-errors', token, body: JSON.stringify(body), handler });

/** The stored records of these files (read from DynamoDB Local directly, not through the proxy). */
const stored = async (fileNames: readonly string[]): Promise<Record<string, unknown>[]> =>
  (await services.tableItems()).filter((item) => fileNames.includes(item.fileName as string));

/** The 500 body of docs/architecture.md (HTTP contract): no cause, no AWS text; `extra` for a batch's results. */
const expectInternalError = (response: Answer, extra: Record<string, unknown> = {}): void => {
  expect(response.statusCode).toBe(500);
  expect(response.headers['content-type']).toBe('application/problem+json');
  expect(response.json).toEqual({
    type: 'https://file-sla-errors.dev/problems/internal-error',
    title: 'Internal server error',
    status: 500,
    detail: 'Internal server error',
    requestId: expect.any(String),
    ...extra,
  });
};

/** The ERROR lines logged from `mark` on (a position in the captured lines). */
const errorsSince = (mark: number): Array<{ message: string; requestId?: string; error?: { name?: string; message?: string } }> =>
  capture
    .lines()
    .slice(mark)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    })
    .filter((entry) => entry.level === 'ERROR') as never;

const putAttemptsFor = (fileName: string): number =>
  dynamo.requests.filter((request) => request.headers['x-amz-target'] === 'DynamoDB_20120810.PutItem' && request.body.includes(`"${fileName}"`)).length;

const expectComplete = (items: Record<string, unknown>[]): void => {
  for (const item of items) expect(Object.keys(item).sort()).toEqual(RECORD_ATTRIBUTES);
};

beforeAll(async () => {
  capture = captureProcessOutput();
  services = await startLocalServices({ LOG_LEVEL: 'DEBUG', POWERTOOLS_LOGGER_LOG_EVENT: 'true' }, { proxies: true });
  dynamo = services.dynamoProxy!;
  cognito = services.cognitoProxy!;
  secrets.add(services.cognito.clientSecret);
  writer = await services.loginTokens();
  for (const token of [writer.accessToken, writer.idToken, writer.refreshToken]) secrets.add(token);
}, 90_000);

afterEach(async () => {
  await Promise.all([dynamo.set({ kind: 'pass' }), cognito.set({ kind: 'pass' })]);
});

afterAll(async () => {
  capture?.restore();
  // The observed outcomes, for the test output (after the capture, which would swallow them).
  // eslint-disable-next-line no-console
  for (const note of notes) console.log(note);
  await services?.stop();
});

/** A new container of the function, warmed up (JWKS cached, DynamoDB connection open). */
const warmFunction = async (): Promise<LambdaHandler> => {
  const handler = await services.coldSlaErrors();
  const warmUp = await post(report(`WARMUP_${Date.now()}.csv`), handler);
  expect(warmUp.statusCode).toBe(200);
  return handler;
};

describe('DynamoDB down (connections refused)', () => {
  it('answers 500 to a single report, a batch and a read, writes nothing, and stores both once DynamoDB is back', async () => {
    const handler = await warmFunction();
    const single = 'DOWN_SINGLE.csv';
    const batch = ['DOWN_BATCH_0.csv', 'DOWN_BATCH_1.csv', 'DOWN_BATCH_2.csv'];
    await dynamo.set({ kind: 'refuse' });
    const mark = capture.lines().length;

    const singleAnswer = await post(report(single), handler);
    expectInternalError(singleAnswer);
    const batchAnswer = await post(batch.map(report), handler);
    expectInternalError(batchAnswer, {
      results: batch.map((_, index) => ({ index, errorId: expect.stringMatching(/^[0-9a-f]{32}$/), status: 'failed' })),
      created: 0,
      duplicates: 0,
      failed: 3,
    });
    const read = await services.call({ method: 'GET', path: '/sla-errors/0123456789abcdef0123456789abcdef', token: await services.login(READER), handler });
    expectInternalError(read);

    const logged = errorsSince(mark);
    expect(logged.map((entry) => entry.message)).toEqual([
      expect.stringMatching(/^DynamoDB PutItem failed \(/),
      'Batch write failed for 3 of 3 items',
      expect.stringMatching(/^DynamoDB GetItem failed \(/),
    ]);
    expect(logged[0]!.requestId).toBe(singleAnswer.json.requestId);
    // The batch's line carries the first write's failure as its cause.
    expect(logged[1]!.error).toMatchObject({ cause: { message: expect.stringContaining('ECONNREFUSED') } });
    notes.push(`DynamoDB down: 500; log "${logged[0]!.message}" (${logged[0]!.error?.message ?? ''})`);
    expect(await stored([single, ...batch])).toEqual([]);

    await dynamo.set({ kind: 'pass' });
    const again = await post(report(single), handler);
    expect(again.statusCode).toBe(200);
    expect(again.json).toMatchObject({ errorId: singleAnswer.json.errorId ?? expect.any(String), status: 'created' });
    const batchAgain = await post(batch.map(report), handler);
    expect(batchAgain.statusCode).toBe(200);
    expect(batchAgain.json).toMatchObject({ created: 3, duplicates: 0 });
    const items = await stored([single, ...batch]);
    expect(items).toHaveLength(4);
    expectComplete(items);
  }, 60_000);
});

describe('DynamoDB slower than the client time-out', () => {
  it('answers 500 before the function times out, writes nothing, and stores it once DynamoDB is fast again', async () => {
    const handler = await warmFunction();
    const single = 'SLOW_SINGLE.csv';
    // More items than one round of concurrent writes (10): the batch must not wait out one
    // time-out per round.
    const batch = Array.from({ length: 25 }, (_, index) => `SLOW_BATCH_${String(index).padStart(2, '0')}.csv`);
    // Held 4 s, past the SDK's 3 s request time-out; a request its client gave up on is dropped.
    await dynamo.set({ kind: 'delay', ms: 4_000 });
    const mark = capture.lines().length;

    const timed = async (body: unknown): Promise<{ answer: Answer; ms: number }> => {
      const started = Date.now();
      const answer = await post(body, handler);
      return { answer, ms: Date.now() - started };
    };
    const [singleAnswer, batchAnswer] = await Promise.all([timed(report(single)), timed(batch.map(report))]);

    expectInternalError(singleAnswer.answer);
    expect(singleAnswer.ms).toBeLessThan(SLA_FUNCTION_TIMEOUT_MS);
    // The SDK tried three times, each cut off by its 3 s request time-out.
    expect(putAttemptsFor(single)).toBe(3);
    expect(singleAnswer.ms).toBeGreaterThanOrEqual(9_000);
    expect(batchAnswer.answer.statusCode).toBe(500);
    expect(batchAnswer.ms).toBeLessThan(SLA_FUNCTION_TIMEOUT_MS);
    const results = batchAnswer.answer.json.results as Array<{ index: number; status: string }>;
    expect(results.map((result) => result.status)).toEqual(batch.map(() => 'failed'));
    const logged = errorsSince(mark);
    expect(logged.map((entry) => entry.message).sort()).toEqual(['Batch write failed for 25 of 25 items', 'DynamoDB PutItem failed (TimeoutError)']);
    // The first round of 10 writes timed out; no second round was started (it could not end in time).
    expect(batch.filter((fileName) => putAttemptsFor(fileName) > 0)).toHaveLength(10);
    notes.push(
      `DynamoDB slow (4 s > 3 s time-out): single 500 after ${singleAnswer.ms} ms (${putAttemptsFor(single)} attempts), ` +
        `25-item batch 500 listing 25 failed after ${batchAnswer.ms} ms; log ${JSON.stringify(logged.map((entry) => entry.message))}`,
    );
    expect(await stored([single, ...batch])).toEqual([]);

    await dynamo.set({ kind: 'pass' });
    expect((await post(report(single), handler)).json.status).toBe('created');
    expect((await post(batch.map(report), handler)).json).toMatchObject({ created: 25, duplicates: 0 });
    const items = await stored([single, ...batch]);
    expect(items).toHaveLength(26);
    expectComplete(items);
  }, 90_000);
});

describe('DynamoDB throttling every attempt', () => {
  it('answers 500 after the SDK’s three attempts, writes nothing, and stores it once throttling ends', async () => {
    const handler = await warmFunction();
    const single = 'THROTTLED_SINGLE.csv';
    await dynamo.set(dynamoDbThrottling());
    const mark = capture.lines().length;

    const answer = await post(report(single), handler);
    expectInternalError(answer);
    expect(putAttemptsFor(single)).toBe(3);
    const logged = errorsSince(mark);
    expect(logged.map((entry) => entry.message)).toEqual(['DynamoDB PutItem throttled past retries']);
    expect(logged[0]!.error?.name).toBe('ProvisionedThroughputExceededException');
    notes.push(`DynamoDB throttling every attempt: 500 after ${putAttemptsFor(single)} attempts; log "${logged[0]!.message}"`);
    expect(await stored([single])).toEqual([]);

    await dynamo.set({ kind: 'pass' });
    const again = await post(report(single), handler);
    expect(again.json).toMatchObject({ errorId: expect.any(String), status: 'created' });
    expectComplete(await stored([single]));
  }, 60_000);
});

describe('DynamoDB throttling some items of a batch', () => {
  it('answers 500 listing what was written; resending the batch completes it, one record per breach', async () => {
    const handler = await warmFunction();
    const files = Array.from({ length: 12 }, (_, index) => (index % 4 === 2 ? `HOT_${index}.csv` : `COOL_${index}.csv`));
    // Index 12 repeats index 1 (written) and index 13 repeats index 2 (throttled): a repeat
    // shares the fate of its first occurrence.
    const batch = [...files, files[1]!, files[2]!].map(report);
    const hot = new Set(batch.flatMap((item, index) => (item.fileName.startsWith('HOT_') ? [index] : [])));
    await dynamo.set(dynamoDbThrottling((request) => request.body.includes('"HOT_')));
    const mark = capture.lines().length;

    const answer = await post(batch, handler);
    expect(answer.statusCode).toBe(500);
    const results = answer.json.results as Array<{ index: number; errorId: string; status: string }>;
    expect(results.map((result) => result.index)).toEqual(batch.map((_, index) => index));
    for (const index of hot) expect(results[index]!.status).toBe('failed');
    expect(results[12]).toMatchObject({ errorId: results[1]!.errorId, status: results[1]!.status === 'created' ? 'duplicate' : 'failed' });
    expect(results[13]).toMatchObject({ errorId: results[2]!.errorId, status: 'failed' });
    const created = results.filter((result) => result.status === 'created');
    expect(created.length).toBeGreaterThan(0);
    expectInternalError(answer, {
      results: expect.any(Array),
      created: created.length,
      duplicates: results.filter((result) => result.status === 'duplicate').length,
      failed: results.filter((result) => result.status === 'failed').length,
    });
    expect(errorsSince(mark).map((entry) => entry.message)).toEqual(['Batch write failed for ' + String(answer.json.failed) + ' of 14 items']);
    // Exactly the items reported created are stored, complete; none of the others.
    const afterFault = await stored(files);
    expect(afterFault.map((item) => item.errorId).sort()).toEqual(created.map((result) => result.errorId).sort());
    expectComplete(afterFault);
    notes.push(
      `Throttling some items of a 14-item batch: 500, results ${JSON.stringify(results.map((result) => result.status[0]).join(''))} (c=created, d=duplicate, f=failed); table held ${afterFault.length} records`,
    );

    await dynamo.set({ kind: 'pass' });
    const resent = await post(batch, handler);
    expect(resent.statusCode).toBe(200);
    const statuses = (resent.json.results as Array<{ status: string }>).map((result) => result.status);
    expect(statuses).toEqual(
      results.map((result, index) => (index >= 12 ? 'duplicate' : result.status === 'failed' ? 'created' : 'duplicate')),
    );
    const final = await stored(files);
    expect(final).toHaveLength(12);
    expect(new Set(final.map((item) => item.fileName))).toEqual(new Set(files));
    expectComplete(final);
  }, 60_000);
});

describe('Cognito down', () => {
  it('a warm function with the JWKS cached keeps accepting valid tokens', async () => {
    const handler = await warmFunction();
    const jwksBefore = cognito.requests.length;
    await cognito.set({ kind: 'refuse' });
    const answer = await post(report('COGNITO_DOWN_WARM.csv'), handler);
    expect(answer.statusCode).toBe(200);
    expect(answer.json.status).toBe('created');
    expect(cognito.requests.length).toBe(jwksBefore);
  });

  it.each([
    ['refused', { kind: 'refuse' } as const],
    ['answering 503', { kind: 'answer', answer: { status: 503, headers: { 'content-type': 'text/plain' }, body: 'Service Unavailable' } } as const],
  ])('a cold function with the JWKS endpoint %s: 500 "JWKS endpoint unreachable", nothing written; back: 200', async (how, fault) => {
    const fileName = `JWKS_DOWN_${how.toUpperCase().replace(/\W+/g, '_')}.csv`;
    await cognito.set(fault);
    const cold = await services.coldSlaErrors();
    const mark = capture.lines().length;

    const answer = await post(report(fileName), cold);
    expectInternalError(answer);
    const logged = errorsSince(mark);
    expect(logged.map((entry) => entry.message)).toEqual(['JWKS endpoint unreachable']);
    notes.push(`JWKS endpoint ${how} at cold start: 500; log "${logged[0]!.message}" (${logged[0]!.error?.message ?? ''})`);
    expect(await stored([fileName])).toEqual([]);

    // The same container recovers as soon as the endpoint answers: no failure is cached.
    await cognito.set({ kind: 'pass' });
    const again = await post(report(fileName), cold);
    expect(again.statusCode).toBe(200);
    expect(again.json.status).toBe('created');
    expectComplete(await stored([fileName]));
  });
});

describe('the log of all of the above', () => {
  it('names every cause but holds no password, token or client secret', () => {
    const log = capture.text();
    expect(log).toContain('DynamoDB PutItem');
    for (const secret of secrets) expect(log.includes(secret)).toBe(false);
    expect(log).not.toMatch(/eyJ[\w-]{8,}\.eyJ[\w-]{8,}/);
  });
});
