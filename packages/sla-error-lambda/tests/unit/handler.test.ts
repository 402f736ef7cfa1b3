import * as staticSdk from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { HttpResponse } from '@file-sla/shared-middleware';
import { captureOutput, type CapturedOutput } from '@file-sla/test-support';
import { AWS_TEXT, conditionalTable, conditionFailed, itemOf, storeFailures, valuesOf } from '../support/dynamodb.js';
import { BASE_ENV, CLIENT_ID, type Env } from '../support/env.js';
import { REQUEST_ID, jsonOf } from '../support/events.js';
import { invalidConfig, loadHandler, type LoadedHandler } from '../support/handler.js';
import { USERNAME, startTokenIssuer, nowSeconds, type TokenIssuer } from '../support/jwt.js';
import { batchOf, expectedErrorId, fullReport, minimalReport, storedRecord } from '../support/sla-errors.js';
import type { ByDayQuery, ByFileQuery } from '../../src/list-query.js';
import { encodeNextToken } from '../../src/next-token.js';

const PROBLEMS = 'https://file-sla-errors.dev/problems/';
const DAY = 86_400;

/** Every 5xx body: nothing but "Internal server error" and the request id. */
const INTERNAL_ERROR_BODY = {
  type: `${PROBLEMS}internal-error`,
  title: 'Internal server error',
  status: 500,
  detail: 'Internal server error',
  requestId: REQUEST_ID,
};

/** The id of {@link minimalReport}, and the canonical form of its deadline. */
const MINIMAL_ID = '426a9ac1c4eafd034aa6929ccfb92037';
const DEADLINE = '2026-11-24T06:00:00.000Z';
const idOf = (fileName: string, overrides: Record<string, string> = {}, key?: string): string =>
  expectedErrorId({ sourceSystem: 'payments-sftp', fileName, slaDeadline: DEADLINE, errorType: 'MISSING', ...overrides }, key);

type Problem = { path: string; message: string };

const expectCommonHeaders = (response: HttpResponse): void => {
  for (const name of Object.keys(response.headers)) expect(name).toBe(name.toLowerCase());
  expect(response.headers).toMatchObject({
    'x-request-id': REQUEST_ID,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'strict-transport-security': expect.stringContaining('max-age='),
  });
};

const expectProblem = (response: HttpResponse, status: number, type: string): Record<string, unknown> => {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json');
  expectCommonHeaders(response);
  const body = jsonOf(response);
  expect(body).toMatchObject({ type: `${PROBLEMS}${type}`, status, requestId: REQUEST_ID });
  return body;
};

const expectOk = (response: HttpResponse): Record<string, unknown> => {
  if (response.statusCode !== 200) throw new Error(`expected 200, got ${response.statusCode}: ${response.body}`);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  expectCommonHeaders(response);
  return jsonOf(response);
};

/** A 500 that tells the caller nothing but "Internal server error" (and, for a batch, what was written). */
const expectInternalError = (response: HttpResponse, cause?: Error): Record<string, unknown> => {
  const body = expectProblem(response, 500, 'internal-error');
  expect(body).toMatchObject(INTERNAL_ERROR_BODY);
  expect(response.body).not.toContain(AWS_TEXT);
  expect(response.body).not.toContain('DynamoDB');
  expect(response.body).not.toMatch(/\bat\s.*:\d+:\d+/);
  if (cause) {
    expect(response.body).not.toContain(cause.message);
    if (cause.name !== 'Error') expect(response.body).not.toContain(cause.name);
  }
  return body;
};

let issuer: TokenIssuer;
beforeAll(async () => {
  issuer = await startTokenIssuer();
});
afterAll(async () => {
  await issuer.close();
});

/** Loads the handler against the test issuer, with `env` on top of a valid configuration. */
const load = (env: Env = {}): Promise<LoadedHandler> => loadHandler({ ...BASE_ENV, ...issuer.env, ...env });

describe('POST /sla-errors', () => {
  let h: LoadedHandler;
  let output: CapturedOutput;

  beforeAll(async () => {
    h = await load();
  });
  afterAll(() => h.dispose());
  beforeEach(() => {
    h.ddb.reset();
    h.ddb.on(h.sdk.PutItemCommand).resolves({});
    output = captureOutput();
  });

  const post = (body: unknown, headers: Record<string, string> = {}, raw = false): Promise<HttpResponse> =>
    h.invoke({ body, raw, headers: { authorization: `Bearer ${issuer.accessToken()}`, ...headers } });
  const putInputs = () => h.ddb.commandCalls(h.sdk.PutItemCommand).map((call) => call.args[0].input);
  /** The records of the PutItem calls so far (their items read back from DynamoDB JSON). */
  const putItems = () => putInputs().map((input) => valuesOf(input.Item));
  const firstItem = (): Record<string, unknown> => putItems()[0]!;
  const problemsOf = async (body: unknown): Promise<Problem[]> => {
    const response = await post(body);
    const problem = expectProblem(response, 400, 'validation-error');
    expect(h.ddb.calls()).toHaveLength(0);
    return problem.errors as Problem[];
  };

  describe('one SLA error: each DynamoDB outcome', () => {
    it('created → 200 {errorId, status: "created", createdAt}', async () => {
      const before = Date.now();
      const body = expectOk(await post(minimalReport()));

      expect(Object.keys(body)).toEqual(['errorId', 'status', 'createdAt']);
      expect(body).toEqual({ errorId: MINIMAL_ID, status: 'created', createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) });
      expect(Date.parse(String(body.createdAt))).toBeGreaterThanOrEqual(before - 1);
      expect(Date.parse(String(body.createdAt))).toBeLessThanOrEqual(Date.now());
      expect(h.ddb.calls()).toHaveLength(1);
    });

    it('sends exactly one conditional PutItem: table, condition, and the whole record', async () => {
      const body = expectOk(await post(fullReport()));
      const createdAt = String(body.createdAt);
      const errorId = expectedErrorId({ sourceSystem: 'payments-sftp', fileName: 'PAY_20261124.csv', slaDeadline: DEADLINE, errorType: 'LATE' });
      expect(body.errorId).toBe(errorId);

      expect(putInputs()).toEqual([
        {
          TableName: 'FileSlaErrors',
          ConditionExpression: 'attribute_not_exists(errorId)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          Item: {
            fileName: { S: 'PAY_20261124.csv' },
            sourceSystem: { S: 'payments-sftp' },
            slaDeadline: { S: DEADLINE },
            errorType: { S: 'LATE' },
            errorMessage: { S: 'File PAY_20261124.csv arrived 42 minutes late.' },
            severity: { S: 'HIGH' },
            detectedAt: { S: '2026-11-24T06:05:00.000Z' },
            receivedAt: { S: '2026-11-24T06:42:17.123Z' },
            filePath: { S: '\\\\fs01\\inbound\\payments' },
            fileSizeBytes: { N: '1048576' },
            hostName: { S: 'FS01' },
            details: { M: { jobName: { S: 'Watch-PaymentFiles' }, attempt: { N: '3' }, retried: { BOOL: true }, ticket: { NULL: true } } },
            errorId: { S: errorId },
            submittedBy: { S: USERNAME },
            clientId: { S: CLIENT_ID },
            createdAt: { S: createdAt },
            requestId: { S: REQUEST_ID },
            fileKey: { S: 'payments-sftp#PAY_20261124.csv' },
            deadlineDay: { S: '2026-11-24' },
            deadlineSort: { S: `${DEADLINE}#${errorId}` },
            expiresAt: { N: String(Math.floor(Date.parse(createdAt) / 1000) + 400 * DAY) },
          },
        },
      ]);
      expect(h.ddb.commandCalls(h.sdk.GetItemCommand)).toHaveLength(0);
    });

    it('fills the defaults: severity MEDIUM, detectedAt = createdAt', async () => {
      const body = expectOk(await post(minimalReport()));
      expect(firstItem()).toMatchObject({ severity: 'MEDIUM', detectedAt: body.createdAt, createdAt: body.createdAt });
      for (const optional of ['receivedAt', 'filePath', 'fileSizeBytes', 'hostName', 'details']) expect(firstItem()).not.toHaveProperty(optional);
    });

    it('duplicate, ConditionalCheckFailedException carrying the old item ({createdAt:{S}}) → 200 "duplicate" with its createdAt, no GetItem', async () => {
      h.ddb.on(h.sdk.PutItemCommand).rejects(conditionFailed(h.sdk, '2026-11-24T06:01:02.345Z'));

      const body = expectOk(await post(minimalReport()));

      expect(body).toEqual({ errorId: MINIMAL_ID, status: 'duplicate', createdAt: '2026-11-24T06:01:02.345Z' });
      expect(h.ddb.commandCalls(h.sdk.PutItemCommand)).toHaveLength(1);
      expect(h.ddb.commandCalls(h.sdk.GetItemCommand)).toHaveLength(0);
    });

    it('duplicate, ConditionalCheckFailedException without the item → a consistent GetItem, and its createdAt is answered', async () => {
      h.ddb.on(h.sdk.PutItemCommand).rejects(conditionFailed(h.sdk));
      h.ddb.on(h.sdk.GetItemCommand).resolves({ Item: itemOf({ errorId: MINIMAL_ID, createdAt: '2026-11-23T23:59:59.999Z' }) });

      const body = expectOk(await post(minimalReport()));

      expect(body).toEqual({ errorId: MINIMAL_ID, status: 'duplicate', createdAt: '2026-11-23T23:59:59.999Z' });
      expect(h.ddb.commandCalls(h.sdk.GetItemCommand).map((call) => call.args[0].input)).toEqual([
        { TableName: 'FileSlaErrors', Key: { errorId: { S: MINIMAL_ID } }, ConsistentRead: true },
      ]);
    });

    // Labels from a static copy of the SDK; each test throws the errors built from the SDK instance the handler loaded.
    it.each(storeFailures(staticSdk).map(([label]) => label))('%s → 500, "Internal server error" only, the cause logged', async (label) => {
      const [, error, logged] = storeFailures(h.sdk).find(([name]) => name === label)!;
      h.ddb.on(h.sdk.PutItemCommand).rejects(error);

      const response = await post(minimalReport());

      const body = expectInternalError(response, error);
      expect(body).toEqual(INTERNAL_ERROR_BODY);
      expect(Object.keys(body)).toEqual(['type', 'title', 'status', 'detail', 'requestId']);
      expect(h.ddb.commandCalls(h.sdk.GetItemCommand)).toHaveLength(0);
      // The log says what happened.
      expect(output.text()).toContain(`DynamoDB PutItem ${logged}`);
      expect(output.text()).toContain(AWS_TEXT);
    });

    it('duplicate without the item, and the GetItem fails → 500', async () => {
      const [, error] = storeFailures(h.sdk)[4]!;
      h.ddb.on(h.sdk.PutItemCommand).rejects(conditionFailed(h.sdk));
      h.ddb.on(h.sdk.GetItemCommand).rejects(error);

      const body = expectInternalError(await post(minimalReport()), error);
      expect(body).toEqual(INTERNAL_ERROR_BODY);
      expect(output.text()).toContain('DynamoDB GetItem failed (ResourceNotFoundException)');
    });
  });

  describe('a batch', () => {
    it('all created → 200 {results, created, duplicates}', async () => {
      const batch = batchOf(3);

      const body = expectOk(await post(batch));

      expect(body).toEqual({
        results: batch.map((item, index) => ({ index, errorId: idOf(String(item.fileName)), status: 'created' })),
        created: 3,
        duplicates: 0,
      });
      expect(putItems().map((item) => item.fileName).sort()).toEqual(batch.map((item) => item.fileName));
      for (const input of putInputs()) expect(input.ConditionExpression).toBe('attribute_not_exists(errorId)');
    });

    it('the same breach twice in one batch is written once and reported duplicate', async () => {
      const batch = [minimalReport(), minimalReport({ fileName: 'OTHER.csv' }), minimalReport({ errorType: 'missing', errorMessage: 'again', severity: 'low' })];

      const body = expectOk(await post(batch));

      expect(body).toEqual({
        results: [
          { index: 0, errorId: MINIMAL_ID, status: 'created' },
          { index: 1, errorId: idOf('OTHER.csv'), status: 'created' },
          { index: 2, errorId: MINIMAL_ID, status: 'duplicate' },
        ],
        created: 2,
        duplicates: 1,
      });
      expect(putItems().map((item) => item.errorId).sort()).toEqual([MINIMAL_ID, idOf('OTHER.csv')].sort());
      // The first occurrence is what is stored.
      expect(putItems().find((item) => item.errorId === MINIMAL_ID)).toMatchObject({ severity: 'MEDIUM', errorMessage: minimalReport().errorMessage });
    });

    it('items already stored → "duplicate"', async () => {
      h.ddb.on(h.sdk.PutItemCommand, { Item: { fileName: { S: 'PAY_20261124_001.csv' } } }).rejects(conditionFailed(h.sdk, '2026-11-20T00:00:00.000Z'));
      const body = expectOk(await post(batchOf(3)));
      expect((body.results as { status: string }[]).map((result) => result.status)).toEqual(['created', 'duplicate', 'created']);
      expect(body).toMatchObject({ created: 2, duplicates: 1 });
    });

    it('one item failing → 500 whose body lists each index’s status and the counts, no AWS text', async () => {
      const [, error] = storeFailures(h.sdk)[0]!;
      h.ddb.on(h.sdk.PutItemCommand, { Item: { fileName: { S: 'PAY_20261124_002.csv' } } }).rejects(error);
      h.ddb.on(h.sdk.PutItemCommand, { Item: { fileName: { S: 'PAY_20261124_001.csv' } } }).rejects(conditionFailed(h.sdk, '2026-11-20T00:00:00.000Z'));
      const batch = batchOf(4);

      const response = await post(batch);

      const body = expectInternalError(response, error);
      expect(body).toEqual({
        ...INTERNAL_ERROR_BODY,
        results: [
          { index: 0, errorId: idOf('PAY_20261124_000.csv'), status: 'created' },
          { index: 1, errorId: idOf('PAY_20261124_001.csv'), status: 'duplicate' },
          { index: 2, errorId: idOf('PAY_20261124_002.csv'), status: 'failed' },
          { index: 3, errorId: idOf('PAY_20261124_003.csv'), status: 'created' },
        ],
        created: 2,
        duplicates: 1,
        failed: 1,
      });
      expect(h.ddb.commandCalls(h.sdk.PutItemCommand)).toHaveLength(4);
      expect(output.text()).toContain('Batch write failed for 1 of 4 items');
      expect(output.text()).toContain(AWS_TEXT);
    });

    it('resending the whole batch after a partial failure is safe: nothing is overwritten, the rest is written', async () => {
      const table = conditionalTable(h.sdk);
      h.ddb.on(h.sdk.PutItemCommand).callsFake((input) => table.put(input));
      const batch = batchOf(3);
      table.failFor('PAY_20261124_001.csv', storeFailures(h.sdk)[1]![1]);

      const first = expectInternalError(await post(batch));
      expect((first.results as { status: string }[]).map((result) => result.status)).toEqual(['created', 'failed', 'created']);
      const written = new Map(table.items);
      expect(written.size).toBe(2);

      table.failFor(undefined);
      const second = expectOk(await post(batch));

      expect(second).toEqual({
        results: [
          { index: 0, errorId: idOf('PAY_20261124_000.csv'), status: 'duplicate' },
          { index: 1, errorId: idOf('PAY_20261124_001.csv'), status: 'created' },
          { index: 2, errorId: idOf('PAY_20261124_002.csv'), status: 'duplicate' },
        ],
        created: 1,
        duplicates: 2,
      });
      expect(table.items.size).toBe(3);
      for (const [errorId, item] of written) expect(table.items.get(errorId)).toBe(item);

      // And once more: all duplicates, nothing changes.
      const third = expectOk(await post(batch));
      expect(third).toMatchObject({ created: 0, duplicates: 3 });
      expect(table.items.size).toBe(3);
    });

    it('100 items → 200, each written', async () => {
      const body = expectOk(await post(batchOf(100)));
      expect(body).toMatchObject({ created: 100, duplicates: 0 });
      expect(new Set(putItems().map((item) => item.errorId)).size).toBe(100);
    });

    it('101 items → 400, nothing written', async () => {
      expect(await problemsOf(batchOf(101))).toEqual([{ path: '', message: 'must NOT have more than 100 items' }]);
    });

    it('an empty array → 400', async () => {
      expect(await problemsOf([])).toEqual([{ path: '', message: 'must NOT have fewer than 1 items' }]);
    });

    it('a single object and a one-element array are the same report, answered in their own shape', async () => {
      const single = expectOk(await post(minimalReport()));
      const array = expectOk(await post([minimalReport()]));
      expect(single).toMatchObject({ errorId: MINIMAL_ID, status: 'created' });
      expect(array).toEqual({ results: [{ index: 0, errorId: MINIMAL_ID, status: 'created' }], created: 1, duplicates: 0 });
      expect(putItems().map((item) => item.errorId)).toEqual([MINIMAL_ID, MINIMAL_ID]);
    });

    it('every item carries the request’s submittedBy, clientId, requestId and createdAt', async () => {
      expectOk(await post(batchOf(3)));
      const items = putItems();
      for (const item of items) {
        expect(item).toMatchObject({ submittedBy: USERNAME, clientId: CLIENT_ID, requestId: REQUEST_ID, createdAt: items[0]!.createdAt });
      }
    });
  });

  describe('validation (docs/architecture.md, HTTP contract): 400 with a JSON Pointer per problem, nothing written', () => {
    it.each(['fileName', 'sourceSystem', 'slaDeadline', 'errorType', 'errorMessage'])('%s missing → "is required"', async (field) => {
      const report = minimalReport();
      delete report[field];
      expect(await problemsOf(report)).toEqual([{ path: `/${field}`, message: 'is required' }]);
    });

    it('lists every missing field at once', async () => {
      expect(await problemsOf({ severity: 'LOW' })).toEqual(
        ['fileName', 'sourceSystem', 'slaDeadline', 'errorType', 'errorMessage'].map((field) => ({ path: `/${field}`, message: 'is required' })),
      );
    });

    it.each([
      ['fileName', 512],
      ['sourceSystem', 128],
      ['errorMessage', 4000],
      ['filePath', 2048],
      ['hostName', 255],
    ])('%s: %i characters pass, one more → 400', async (field, max) => {
      expectOk(await post(minimalReport({ [field]: 'x'.repeat(max) })));
      expect(firstItem()[field]).toBe('x'.repeat(max));
      h.ddb.resetHistory();
      expect(await problemsOf(minimalReport({ [field]: 'x'.repeat(max + 1) }))).toEqual([
        { path: `/${field}`, message: `must NOT have more than ${max} characters` },
      ]);
    });

    it.each(['fileName', 'sourceSystem', 'errorType', 'errorMessage'])('%s empty or white space only counts as missing', async (field) => {
      expect(await problemsOf(minimalReport({ [field]: '' }))).toEqual([{ path: `/${field}`, message: 'is required' }]);
      expect(await problemsOf(minimalReport({ [field]: ' \t\r\n ' }))).toEqual([{ path: `/${field}`, message: 'is required' }]);
    });

    it('slaDeadline empty counts as missing', async () => {
      expect(await problemsOf(minimalReport({ slaDeadline: '  ' }))).toEqual([{ path: '/slaDeadline', message: 'is required' }]);
    });

    it('an optional field empty or white space only is left out (severity then defaults)', async () => {
      expectOk(await post(minimalReport({ hostName: '   ', filePath: '', severity: ' ', detectedAt: '' })));
      expect(firstItem()).not.toHaveProperty('hostName');
      expect(firstItem()).not.toHaveProperty('filePath');
      expect(firstItem()).toMatchObject({ severity: 'MEDIUM', detectedAt: firstItem().createdAt });
    });

    it('strings are stored trimmed, and the id is that of the trimmed values', async () => {
      const body = expectOk(await post(minimalReport({ fileName: '  PAY_20261124.csv ', sourceSystem: '\tpayments-sftp', hostName: ' FS01 ' })));
      expect(body.errorId).toBe(MINIMAL_ID);
      expect(firstItem()).toMatchObject({ fileName: 'PAY_20261124.csv', sourceSystem: 'payments-sftp', hostName: 'FS01' });
    });

    it('an unknown property → 400 naming it (a typo must not pass silently)', async () => {
      const errors = await problemsOf(minimalReport({ fileNmae: 'typo.csv', Priority: 'P1' }));
      expect(errors).toEqual([
        { path: '/fileNmae', message: 'is not an allowed property: "fileNmae" (check the spelling)' },
        { path: '/Priority', message: 'is not an allowed property: "Priority" (check the spelling)' },
      ]);
    });

    it('enums match case-insensitively and are stored upper case', async () => {
      expectOk(await post(minimalReport({ errorType: 'invalid_format', severity: 'Critical' })));
      expect(firstItem()).toMatchObject({ errorType: 'INVALID_FORMAT', severity: 'CRITICAL' });
    });

    it('every errorType and severity is accepted', async () => {
      for (const errorType of ['MISSING', 'LATE', 'EMPTY', 'INCOMPLETE', 'INVALID_FORMAT', 'DUPLICATE', 'OTHER']) {
        for (const severity of ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']) expectOk(await post(minimalReport({ errorType, severity })));
      }
    });

    it('an invalid enum value → 400 listing the allowed values', async () => {
      expect(await problemsOf(minimalReport({ errorType: 'TOO_LATE', severity: 'urgent' }))).toEqual([
        { path: '/errorType', message: 'must be one of: MISSING, LATE, EMPTY, INCOMPLETE, INVALID_FORMAT, DUPLICATE, OTHER' },
        { path: '/severity', message: 'must be one of: LOW, MEDIUM, HIGH, CRITICAL' },
      ]);
    });

    it.each([
      ['a numeric string', '12', 'must be of type integer (no conversion is done)'],
      ['a fraction', 12.5, 'must be of type integer (no conversion is done)'],
      ['a negative number', -1, 'must be >= 0'],
      ['a boolean', true, 'must be of type integer (no conversion is done)'],
    ])('fileSizeBytes %s → 400, no coercion', async (_label, value, message) => {
      expect(await problemsOf(minimalReport({ fileSizeBytes: value }))).toEqual([{ path: '/fileSizeBytes', message }]);
    });

    it('fileSizeBytes 0 is fine', async () => {
      expectOk(await post(minimalReport({ fileSizeBytes: 0 })));
      expect(firstItem().fileSizeBytes).toBe(0);
    });

    it('a number where a string belongs → 400, not converted', async () => {
      expect(await problemsOf(minimalReport({ fileName: 20261124, errorType: 1 }))).toEqual([
        { path: '/fileName', message: 'must be of type string (no conversion is done)' },
        { path: '/errorType', message: 'must be of type string (no conversion is done)' },
        { path: '/errorType', message: 'must be one of: MISSING, LATE, EMPTY, INCOMPLETE, INVALID_FORMAT, DUPLICATE, OTHER' },
      ]);
    });

    describe('details', () => {
      const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, index) => [`key${index}`, index]));

      it('flat, ≤ 50 keys of string/number/boolean/null → stored as sent', async () => {
        const details = { ...keys(46), text: 'x', flag: false, none: null, ratio: 0.5 };
        expectOk(await post(minimalReport({ details })));
        expect(firstItem().details).toEqual(details);
      });

      it('more than 50 keys → 400 at /details', async () => {
        expect(await problemsOf(minimalReport({ details: keys(51) }))).toEqual([{ path: '/details', message: 'must NOT have more than 50 properties' }]);
      });

      it.each([
        ['a nested object', { meta: { owner: 'ops' } }],
        ['an array', { meta: ['a', 'b'] }],
      ])('%s as a value → 400 with the path into details', async (_label, details) => {
        expect(await problemsOf(minimalReport({ details }))).toEqual([
          { path: '/details/meta', message: 'must be of type string,number,boolean,null (no conversion is done)' },
        ]);
      });

      it('"System.Collections.Hashtable" (ConvertTo-Json nested too deep) → 400 saying to add -Depth', async () => {
        expect(await problemsOf(minimalReport({ details: { job: 'x', meta: 'System.Collections.Hashtable' } }))).toEqual([
          {
            path: '/details/meta',
            message:
              'is what ConvertTo-Json writes for an object nested too deep: add -Depth 10 to ConvertTo-Json (details values must be strings, numbers, booleans or null)',
          },
        ]);
      });

      it('a number beyond 2^53 - 1 → 400 (DynamoDB’s marshaller would refuse it: not a 500)', async () => {
        const raw = JSON.stringify(minimalReport()).replace(/}$/, ',"details":{"bytes":12345678901234567890,"ok":9007199254740991}}');
        const response = await post(raw, {}, true);
        const problem = expectProblem(response, 400, 'validation-error');
        expect(problem.errors).toEqual([{ path: '/details/bytes', message: 'must be <= 9007199254740991 (send larger numbers as strings)' }]);
        expect(h.ddb.calls()).toHaveLength(0);
      });

      it('details that is not an object → 400', async () => {
        expect(await problemsOf(minimalReport({ details: 'System.Collections.Hashtable' }))).toEqual([
          { path: '/details', message: 'must be of type object (no conversion is done)' },
        ]);
      });
    });

    describe('date-time', () => {
      it.each([
        ['RFC 3339 with Z', '"2026-11-24T06:00:00Z"', DEADLINE],
        ['PowerShell 7 Get-Date -Format o (7 fraction digits, offset)', '"2026-11-24T07:00:00.1234567+01:00"', '2026-11-24T06:00:00.123Z'],
        ['a negative offset', '"2026-11-24T01:00:00.5-05:00"', '2026-11-24T06:00:00.500Z'],
        ['Windows PowerShell 5.1 \\/Date(ms)\\/', '"\\/Date(1795500000000)\\/"', DEADLINE],
        ['/Date(ms-0500)/', '"/Date(1795500000000-0500)/"', DEADLINE],
        [
          'the PowerShell ≤ 7.1 Get-Date object',
          '{"value":"\\/Date(1795500000000)\\/","DisplayHint":2,"DateTime":"Tuesday, November 24, 2026 6:00:00 AM"}',
          DEADLINE,
        ],
      ])('%s is accepted and stored as UTC ISO 8601 with milliseconds', async (_label, json, stored) => {
        const raw = `{"fileName":"PAY_20261124.csv","sourceSystem":"payments-sftp","errorType":"MISSING","errorMessage":"late",` +
          `"slaDeadline":${json},"detectedAt":${json},"receivedAt":${json}}`;
        expectOk(await post(raw, {}, true));
        expect(firstItem()).toMatchObject({ slaDeadline: stored, detectedAt: stored, receivedAt: stored, deadlineDay: stored.slice(0, 10) });
      });

      it('the same instant in any form is the same breach (same id)', async () => {
        const ids = new Set<unknown>();
        for (const slaDeadline of ['2026-11-24T06:00:00Z', '2026-11-24T07:00:00+01:00', '2026-11-24T06:00:00.0000000+00:00', '/Date(1795500000000)/']) {
          ids.add(expectOk(await post(minimalReport({ slaDeadline }))).errorId);
        }
        expect([...ids]).toEqual([MINIMAL_ID]);
      });

      it.each([
        ['no offset', '2026-11-24T06:00:00'],
        ['no offset, 7 fraction digits', '2026-11-24T06:00:00.1234567'],
        ['a culture format (ConvertTo-Json -Depth truncation)', '11/24/2026 06:00:00'],
        ['not a date', 'tomorrow'],
      ])('%s → 400 telling to send (Get-Date).ToUniversalTime().ToString(\'o\')', async (_label, value) => {
        const errors = await problemsOf(minimalReport({ slaDeadline: value, detectedAt: value, receivedAt: value }));
        expect(errors.map((error) => error.path)).toEqual(['/slaDeadline', '/detectedAt', '/receivedAt']);
        for (const error of errors) expect(error.message).toContain("(Get-Date).ToUniversalTime().ToString('o')");
      });

      it('a number → 400 with the same advice', async () => {
        const errors = await problemsOf(minimalReport({ slaDeadline: 1795500000000 }));
        expect(errors).toEqual([{ path: '/slaDeadline', message: expect.stringContaining("ToUniversalTime().ToString('o')") }]);
      });
    });

    it('a batch is validated as a whole; each path carries the item’s index', async () => {
      const batch = [minimalReport(), minimalReport({ slaDeadline: '2026-11-24T06:00:00' }), minimalReport({ fileName: undefined, errorType: 'late' }), 'text'];
      const errors = await problemsOf(batch);
      expect(errors).toEqual([
        { path: '/1/slaDeadline', message: expect.stringContaining("ToUniversalTime().ToString('o')") },
        { path: '/2/fileName', message: 'is required' },
        { path: '/3', message: 'must be of type object (no conversion is done)' },
      ]);
    });

    it('property names match case-insensitively (FILENAME, fileName, FileName) and are stored canonical', async () => {
      const { fileName, ...rest } = minimalReport();
      const ids: unknown[] = [];
      for (const name of ['FILENAME', 'fileName', 'FileName', 'filename']) {
        ids.push(expectOk(await post({ ...rest, [name]: fileName })).errorId);
      }
      expect(ids).toEqual([MINIMAL_ID, MINIMAL_ID, MINIMAL_ID, MINIMAL_ID]);
      for (const item of putItems()) {
        expect(item.fileName).toBe('PAY_20261124.csv');
        expect(Object.keys(item).filter((key) => key.toLowerCase() === 'filename')).toEqual(['fileName']);
      }
      expectOk(await post({ SOURCESYSTEM: 'payments-sftp', FileName: 'a.csv', SlaDeadline: '2026-11-24T06:00:00Z', ERRORtype: 'late', ErrorMessage: 'x', DETAILS: { A: 1 } }));
    });

    it('the same name twice in one object, or two spellings of one name anywhere (item, batch, details, nested) → 400 naming it', async () => {
      const item = JSON.stringify(minimalReport()).slice(1, -1);
      const cases: Array<[string, string]> = [
        [`{${item},"fileName":"other.csv"}`, '/fileName'],
        [`[{${item}},{${item},"severity":"LOW","severity":"HIGH"}]`, '/1/severity'],
        [`{${item},"details":{"attempt":1,"attempt":2}}`, '/details/attempt'],
        [`{${item},"details":{"Attempt":1,"attempt":2}}`, '/details/attempt'],
        [`{${item},"details":{"run":{"Step":1,"STEP":2}}}`, '/details/run/STEP'],
      ];
      for (const [raw, path] of cases) {
        const response = await h.invoke({ body: raw, raw: true, headers: { authorization: `Bearer ${issuer.accessToken()}` } });
        const problem = expectProblem(response, 400, 'bad-request');
        expect(problem.errors).toEqual([{ path, message: expect.stringMatching(/^appears more than once/) }]);
        expect(problem.detail).toContain(`"${path.split('/').at(-1)}"`);
      }
      expect(h.ddb.calls()).toHaveLength(0);
    });

    it('two spellings of the same name in one object → 400', async () => {
      const response = await post({ ...minimalReport(), FileName: 'other.csv' });
      const problem = expectProblem(response, 400, 'bad-request');
      expect(problem.errors).toEqual([{ path: '/fileName', message: 'appears more than once (names are case-insensitive)' }]);
      expect(h.ddb.calls()).toHaveLength(0);

      const inBatch = expectProblem(await post([minimalReport(), { ...minimalReport(), SEVERITY: 'LOW', severity: 'HIGH' }]), 400, 'bad-request');
      expect(inBatch.errors).toEqual([{ path: '/1/severity', message: 'appears more than once (names are case-insensitive)' }]);
    });

    it.each([
      ['a string', 'PAY_20261124.csv'],
      ['a number', 42],
      ['null', null],
      ['true', true],
    ])('a body that is %s → 400', async (_label, body) => {
      expect(await problemsOf(body)).toEqual([{ path: '', message: 'must be of type object (no conversion is done)' }]);
    });

    it('malformed JSON → 400, nothing written', async () => {
      expectProblem(await post('{"fileName":"a.csv",', {}, true), 400, 'malformed-json');
      expect(h.ddb.calls()).toHaveLength(0);
    });
  });

  describe('Idempotency-Key', () => {
    it('is part of the id of a single report', async () => {
      const withKey = expectOk(await post(minimalReport(), { 'idempotency-key': 'run-2026-11-24-0600' }));
      const again = expectOk(await post(minimalReport(), { 'Idempotency-Key': 'run-2026-11-24-0600' }));
      const other = expectOk(await post(minimalReport(), { 'idempotency-key': 'run-2026-11-24-0700' }));
      const without = expectOk(await post(minimalReport()));

      expect(withKey.errorId).toBe(idOf('PAY_20261124.csv', {}, 'run-2026-11-24-0600'));
      expect(again.errorId).toBe(withKey.errorId);
      expect(other.errorId).not.toBe(withKey.errorId);
      expect(without.errorId).toBe(MINIMAL_ID);
      expect(withKey.errorId).not.toBe(MINIMAL_ID);
      expect(firstItem()).toMatchObject({ errorId: withKey.errorId, deadlineSort: `${DEADLINE}#${String(withKey.errorId)}` });
    });

    it('is trimmed', async () => {
      const body = expectOk(await post(minimalReport(), { 'idempotency-key': '  run-1 ' }));
      expect(body.errorId).toBe(idOf('PAY_20261124.csv', {}, 'run-1'));
    });

    it('255 visible characters are fine', async () => {
      const key = '~'.repeat(255);
      expect(expectOk(await post(minimalReport(), { 'idempotency-key': key })).errorId).toBe(idOf('PAY_20261124.csv', {}, key));
    });

    it('is part of every item’s id in a batch too (the id the item has when sent alone)', async () => {
      const body = expectOk(await post([minimalReport()], { 'idempotency-key': 'run-1' }));
      expect(body.results).toEqual([{ index: 0, errorId: idOf('PAY_20261124.csv', {}, 'run-1'), status: 'created' }]);
    });

    it('a bad one on a batch → the same 400 bad-idempotency-key, nothing written', async () => {
      const problem = expectProblem(await post([minimalReport()], { 'idempotency-key': 'run 1' }), 400, 'bad-idempotency-key');
      expect(problem.detail).toBe('The Idempotency-Key header must be 1 to 255 visible characters.');
      expect(h.ddb.calls()).toHaveLength(0);
    });

    it.each([
      ['empty', ''],
      ['white space only', '   '],
      ['longer than 255', 'k'.repeat(256)],
      ['with a control character', 'run\u00011'],
      ['with a tab inside', 'run\t1'],
      ['with a space inside', 'run 1'],
      ['with a non-ASCII character', 'läuft-1'],
    ])('%s → 400 bad-idempotency-key, nothing written', async (_label, key) => {
      const problem = expectProblem(await post(minimalReport(), { 'idempotency-key': key }), 400, 'bad-idempotency-key');
      expect(problem.detail).toBe('The Idempotency-Key header must be 1 to 255 visible characters.');
      expect(h.ddb.calls()).toHaveLength(0);
    });
  });

  describe('access token', () => {
    it('none → 401 with WWW-Authenticate: Bearer, nothing written', async () => {
      const response = await h.invoke({ body: minimalReport() });
      expectProblem(response, 401, 'unauthorized');
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(h.ddb.calls()).toHaveLength(0);
    });

    it.each([
      ['not a JWT', () => 'Bearer not-a-jwt'],
      ['signed by a key the pool does not publish', () => `Bearer ${issuer.foreignToken()}`],
      ['expired', () => `Bearer ${issuer.accessToken({ exp: nowSeconds() - 60, iat: nowSeconds() - 3660 })}`],
      ['an id token', () => `Bearer ${issuer.accessToken({ token_use: 'id' })}`],
      ['issued to another app client', () => `Bearer ${issuer.accessToken({ client_id: 'another-client' })}`],
      ['from another issuer', () => `Bearer ${issuer.accessToken({ iss: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Other' })}`],
    ])('%s → 401 with WWW-Authenticate: Bearer error="invalid_token"', async (_label, authorization) => {
      const response = await h.invoke({ body: minimalReport(), headers: { authorization: authorization() } });
      expectProblem(response, 401, 'unauthorized');
      expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(h.ddb.calls()).toHaveLength(0);
    });

    it('a bare JWT and a lower-case scheme work too', async () => {
      expectOk(await h.invoke({ body: minimalReport(), headers: { authorization: issuer.accessToken() } }));
      expectOk(await h.invoke({ body: minimalReport(), headers: { authorization: `bearer ${issuer.accessToken()}` } }));
    });

    it('the token’s username and client_id are stored as submittedBy and clientId', async () => {
      expectOk(await post(minimalReport(), { authorization: `Bearer ${issuer.accessToken({ username: 'svc-other-job' })}` }));
      expect(firstItem()).toMatchObject({ submittedBy: 'svc-other-job', clientId: CLIENT_ID });
    });

    it('without WRITER_GROUP any valid token may write', async () => {
      expectOk(await post(minimalReport(), { authorization: `Bearer ${issuer.accessToken({ 'cognito:groups': undefined })}` }));
    });
  });

  describe('routing', () => {
    it('PUT /sla-errors → 405 with allow: POST, GET', async () => {
      const response = await h.invoke({ method: 'PUT', body: minimalReport(), headers: { authorization: `Bearer ${issuer.accessToken()}` } });
      expectProblem(response, 405, 'method-not-allowed');
      expect(response.headers.allow).toBe('POST, GET');
      expect(h.ddb.calls()).toHaveLength(0);
    });

    it('POST /sla-errors/{errorId} → 405 with allow: GET', async () => {
      const response = await h.invoke({ method: 'POST', path: '/sla-errors/0123456789abcdef0123456789abcdef', body: minimalReport(), headers: { authorization: `Bearer ${issuer.accessToken()}` } });
      expectProblem(response, 405, 'method-not-allowed');
      expect(response.headers.allow).toBe('GET');
      expect(h.ddb.calls()).toHaveLength(0);
    });

    it.each([
      ['POST', '/sla-error'],
      ['POST', '/auth'],
      ['GET', '/'],
      ['DELETE', '/sla-errors-archive'],
    ])('%s %s → 404', async (method, path) => {
      const response = await h.invoke({ method, path, body: method === 'POST' ? minimalReport() : undefined, headers: { authorization: `Bearer ${issuer.accessToken()}` } });
      expectProblem(response, 404, 'not-found');
      expect(h.ddb.calls()).toHaveLength(0);
    });

    it.each([
      ['PUT', '/sla-errors', undefined, 'POST, GET'],
      ['PATCH', `/sla-errors/${'0'.repeat(32)}`, '{"fileName":"a.csv"}', 'GET'],
      ['POST', `/sla-errors/${'0'.repeat(32)}`, '{', 'GET'],
      ['DELETE', '/sla-errors', 'x'.repeat(300 * 1024), 'POST, GET'],
    ])('%s %s → 405 with the exact Allow whatever the body, before any token or body check', async (method, path, raw, allow) => {
      for (const headers of [{}, { authorization: `Bearer ${issuer.accessToken()}`, 'content-type': 'text/plain' }] as Record<string, string>[]) {
        const response = await h.invoke({ method, path, headers, ...(raw === undefined ? {} : { body: raw, raw: true }) });
        expectProblem(response, 405, 'method-not-allowed');
        expect(response.headers.allow).toBe(allow);
      }
      expect(h.ddb.calls()).toHaveLength(0);
    });

    it('an unknown path → 404 whatever the body, without a token', async () => {
      expectProblem(await h.invoke({ method: 'POST', path: '/sla-error', body: '{', raw: true, headers: {} }), 404, 'not-found');
    });

    it('a trailing slash is the same route', async () => {
      expectOk(await h.invoke({ path: '/sla-errors/', body: minimalReport(), headers: { authorization: `Bearer ${issuer.accessToken()}` } }));
    });
  });
});

describe('WRITER_GROUP set', () => {
  let h: LoadedHandler;
  beforeAll(async () => {
    h = await load({ WRITER_GROUP: 'sla-writers' });
  });
  afterAll(() => h.dispose());
  beforeEach(() => {
    h.ddb.reset();
    h.ddb.on(h.sdk.PutItemCommand).resolves({});
    captureOutput();
  });

  const postAs = (groups: string[] | undefined) =>
    h.invoke({ body: minimalReport(), headers: { authorization: `Bearer ${issuer.accessToken({ 'cognito:groups': groups })}` } });

  it('a token without the group → 403, nothing written', async () => {
    for (const groups of [undefined, [], ['sla-readers'], ['SLA-WRITERS']]) {
      const response = await postAs(groups);
      const problem = expectProblem(response, 403, 'forbidden');
      expect(problem.detail).toContain('"sla-writers"');
    }
    expect(h.ddb.calls()).toHaveLength(0);
  });

  it('a token with it → 200', async () => {
    expectOk(await postAs(['sla-readers', 'sla-writers']));
    expect(h.ddb.commandCalls(h.sdk.PutItemCommand)).toHaveLength(1);
  });

  it('no token at all is still 401', async () => {
    expectProblem(await h.invoke({ body: minimalReport() }), 401, 'unauthorized');
  });
});

describe('configuration', () => {
  const post = (h: LoadedHandler, body: unknown = minimalReport()) =>
    h.invoke({ body, headers: { authorization: `Bearer ${issuer.accessToken()}` } });

  it('DYNAMODB_TABLE names the table written to', async () => {
    captureOutput();
    const h = await load({ DYNAMODB_TABLE: 'sla-errors-test' });
    try {
      h.ddb.on(h.sdk.PutItemCommand).rejects(conditionFailed(h.sdk));
      h.ddb.on(h.sdk.GetItemCommand).resolves({ Item: itemOf({ createdAt: '2026-11-20T00:00:00.000Z' }) });
      expectOk(await post(h));
      expect(h.ddb.commandCalls(h.sdk.PutItemCommand)[0]!.args[0].input.TableName).toBe('sla-errors-test');
      expect(h.ddb.commandCalls(h.sdk.GetItemCommand)[0]!.args[0].input.TableName).toBe('sla-errors-test');
    } finally {
      h.dispose();
    }
  });

  it.each([
    ['0', undefined],
    ['30', 30],
  ])('RETENTION_DAYS=%s → expiresAt accordingly', async (days, expected) => {
    captureOutput();
    const h = await load({ RETENTION_DAYS: days });
    try {
      h.ddb.on(h.sdk.PutItemCommand).resolves({});
      const body = expectOk(await post(h));
      const item = valuesOf(h.ddb.commandCalls(h.sdk.PutItemCommand)[0]!.args[0].input.Item);
      if (expected === undefined) expect(item).not.toHaveProperty('expiresAt');
      else expect(item.expiresAt).toBe(Math.floor(Date.parse(String(body.createdAt)) / 1000) + expected * DAY);
    } finally {
      h.dispose();
    }
  });

  it.each([
    ['RETENTION_DAYS invalid', 'RETENTION_DAYS must be an integer from 0 to 36500 (got "forever")'],
    ['JWT_ISSUER without JWKS_URI', 'JWT_ISSUER and JWKS_URI go together (local stack only)'],
  ] as const)('%s → one log line at cold start, then every request 500, DynamoDB untouched', async (_label, logged) => {
    const output = captureOutput();
    const h = await loadHandler({ ...BASE_ENV, ...issuer.env }, invalidConfig(logged));
    try {
      const coldStart = output.lines();
      expect(coldStart).toHaveLength(1);
      expect(JSON.parse(coldStart[0]!)).toMatchObject({ level: 'ERROR', message: `Invalid configuration: ${logged}` });

      for (const response of [await post(h), await post(h, batchOf(2)), await h.invoke({ body: minimalReport() }), await h.invoke({ method: 'GET' })]) {
        const body = expectInternalError(response);
        expect(body).toEqual(INTERNAL_ERROR_BODY);
        expect(response.body).not.toContain('RETENTION_DAYS');
        expect(response.body).not.toContain('JWT_ISSUER');
      }
      expect(h.ddb.calls()).toHaveLength(0);
    } finally {
      h.dispose();
    }
  });
});

describe('GET /sla-errors/{errorId} and GET /sla-errors', () => {
  const RECORD = storedRecord({ receivedAt: '2026-11-24T06:42:00.000Z', hostName: 'FS01', details: { attempt: 3 } });
  const OLDER = storedRecord({
    errorId: 'b'.repeat(32),
    slaDeadline: '2026-11-23T06:00:00.000Z',
    deadlineDay: '2026-11-23',
    deadlineSort: `2026-11-23T06:00:00.000Z#${'b'.repeat(32)}`,
  });
  const INTERNAL_ATTRIBUTES = ['fileKey', 'deadlineDay', 'deadlineSort', 'expiresAt'];
  const publicOf = (record: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(record).filter(([name]) => !INTERNAL_ATTRIBUTES.includes(name)));

  const FILE = { sourceSystem: 'payments-sftp', fileName: 'PAY_20261124.csv' };
  const FILE_KEY_VALUE = 'payments-sftp#PAY_20261124.csv';
  const BY_FILE: ByFileQuery = { kind: 'byFile', ...FILE };
  const BY_DAY: ByDayQuery = { kind: 'byDay', date: '2026-11-24' };
  /** `LastEvaluatedKey` of a byFile page ending at {@link OLDER}, and of a byDay page ending at {@link RECORD}. */
  const FILE_LAST_KEY = { fileKey: FILE_KEY_VALUE, slaDeadline: OLDER.slaDeadline, errorId: OLDER.errorId };
  const DAY_LAST_KEY = { deadlineDay: RECORD.deadlineDay, deadlineSort: RECORD.deadlineSort, errorId: RECORD.errorId };

  const USAGE =
    'Query by file: ?sourceSystem=…&fileName=…[&from=…&to=…], or by day: ?date=YYYY-MM-DD; both take limit (1-100, default 50) and nextToken.';

  describe('any valid token (no READER_GROUP)', () => {
    let h: LoadedHandler;
    let output: CapturedOutput;

    beforeAll(async () => {
      h = await load();
    });
    afterAll(() => h.dispose());
    beforeEach(() => {
      h.ddb.reset();
      output = captureOutput();
    });

    /** `token` null: no Authorization header. */
    const get = (path: string, query?: Record<string, string>, token: string | null = issuer.accessToken()): Promise<HttpResponse> =>
      h.invoke({ method: 'GET', path, ...(query ? { query } : {}), headers: token === null ? {} : { authorization: `Bearer ${token}` } });
    const list = (query: Record<string, string>): Promise<HttpResponse> => get('/sla-errors', query);
    const queryInputs = () => h.ddb.commandCalls(h.sdk.QueryCommand).map((call) => call.args[0].input);
    /** A 400 for the query, DynamoDB never asked. */
    const badQuery = async (query: Record<string, string>, type = 'bad-request'): Promise<Record<string, unknown>> => {
      const problem = expectProblem(await list(query), 400, type);
      expect(h.ddb.calls()).toHaveLength(0);
      return problem;
    };

    describe('by id', () => {
      it('→ 200 the record without fileKey, deadlineDay, deadlineSort and expiresAt; one consistent GetItem', async () => {
        h.ddb.on(h.sdk.GetItemCommand).resolves({ Item: itemOf(RECORD) });

        const body = expectOk(await get(`/sla-errors/${RECORD.errorId}`));

        expect(body).toEqual(publicOf(RECORD as unknown as Record<string, unknown>));
        for (const name of INTERNAL_ATTRIBUTES) expect(body).not.toHaveProperty(name);
        expect(body).toMatchObject({ errorId: RECORD.errorId, fileName: RECORD.fileName, slaDeadline: RECORD.slaDeadline, submittedBy: RECORD.submittedBy });
        expect(h.ddb.commandCalls(h.sdk.GetItemCommand).map((call) => call.args[0].input)).toEqual([
          { TableName: 'FileSlaErrors', Key: { errorId: { S: RECORD.errorId } }, ConsistentRead: true },
        ]);
        expect(h.ddb.calls()).toHaveLength(1);
      });

      it('an unknown id → 404 problem+json', async () => {
        h.ddb.on(h.sdk.GetItemCommand).resolves({});
        const id = '0123456789abcdef0123456789abcdef';
        const problem = expectProblem(await get(`/sla-errors/${id}`), 404, 'not-found');
        expect(problem.detail).toBe(`No SLA error with id "${id}".`);
        expect(h.ddb.commandCalls(h.sdk.GetItemCommand)).toHaveLength(1);
      });

      it.each([
        ['not hex', '/sla-errors/not-an-error-id'],
        ['upper case', `/sla-errors/${'426A9AC1C4EAFD034AA6929CCFB92037'}`],
        ['31 characters', `/sla-errors/${MINIMAL_ID.slice(1)}`],
        ['33 characters', `/sla-errors/${MINIMAL_ID}0`],
        ['percent-encoded space', `/sla-errors/%20${MINIMAL_ID}`],
        ['very long', `/sla-errors/${'f'.repeat(3000)}`],
      ])('a malformed id (%s) → 404, DynamoDB not asked', async (_label, path) => {
        expectProblem(await get(path), 404, 'not-found');
        expect(h.ddb.calls()).toHaveLength(0);
      });

      it('a DynamoDB failure → 500, "Internal server error" only, the cause logged', async () => {
        const [, error] = storeFailures(h.sdk)[1]!;
        h.ddb.on(h.sdk.GetItemCommand).rejects(error);
        expect(expectInternalError(await get(`/sla-errors/${RECORD.errorId}`), error)).toEqual(INTERNAL_ERROR_BODY);
        expect(output.text()).toContain('DynamoDB GetItem throttled past retries');
      });

      it('no token → 401, DynamoDB not asked', async () => {
        const response = await get(`/sla-errors/${RECORD.errorId}`, undefined, null);
        expectProblem(response, 401, 'unauthorized');
        expect(response.headers['www-authenticate']).toBe('Bearer');
        expect(h.ddb.calls()).toHaveLength(0);
      });
    });

    describe('by file', () => {
      it('→ 200 the records newest deadline first as DynamoDB returns them, public, with nextToken when there is a LastEvaluatedKey', async () => {
        h.ddb.on(h.sdk.QueryCommand).resolves({ Items: [itemOf(RECORD), itemOf(OLDER)], LastEvaluatedKey: itemOf(FILE_LAST_KEY) });

        const body = expectOk(await list({ ...FILE, limit: '2' }));

        expect(Object.keys(body)).toEqual(['items', 'nextToken']);
        expect(body.items).toEqual([RECORD, OLDER].map((record) => publicOf(record as unknown as Record<string, unknown>)));
        expect(body.nextToken).toMatch(/^[\w-]+$/);
        expect(queryInputs()).toEqual([
          {
            TableName: 'FileSlaErrors',
            IndexName: 'byFile',
            KeyConditionExpression: 'fileKey = :fileKey',
            ExpressionAttributeValues: { ':fileKey': { S: FILE_KEY_VALUE } },
            ScanIndexForward: false,
            Limit: 2,
          },
        ]);
      });

      it('no LastEvaluatedKey → no nextToken', async () => {
        h.ddb.on(h.sdk.QueryCommand).resolves({ Items: [itemOf(RECORD)] });
        const body = expectOk(await list(FILE));
        expect(body).toEqual({ items: [publicOf(RECORD as unknown as Record<string, unknown>)] });
      });

      it('nothing found → 200 with an empty list', async () => {
        h.ddb.on(h.sdk.QueryCommand).resolves({ Items: [], Count: 0 });
        expect(expectOk(await list(FILE))).toEqual({ items: [] });
      });

      it('parameter names are case-insensitive (SourceSystem, FILENAME, From, TO, Limit)', async () => {
        h.ddb.on(h.sdk.QueryCommand).resolves({ Items: [] });
        expectOk(await list({ SourceSystem: FILE.sourceSystem, FILENAME: FILE.fileName, From: '2026-11-01T00:00:00Z', TO: '2026-11-30T00:00:00Z', Limit: '7' }));
        expect(queryInputs()[0]).toMatchObject({
          IndexName: 'byFile',
          KeyConditionExpression: 'fileKey = :fileKey AND slaDeadline BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':fileKey': { S: FILE_KEY_VALUE }, ':from': { S: '2026-11-01T00:00:00.000Z' }, ':to': { S: '2026-11-30T00:00:00.000Z' } },
          Limit: 7,
        });
      });

      it.each([
        ['RFC 3339 with Z', '2026-11-24T06:00:00Z', '2026-11-24T06:00:00.000Z'],
        ['RFC 3339 with an offset and 7 fraction digits', '2026-11-24T07:00:00.1234567+01:00', '2026-11-24T06:00:00.123Z'],
        ['a negative offset', '2026-11-24T01:00:00-05:00', '2026-11-24T06:00:00.000Z'],
        ['/Date(ms)/', '/Date(1795500000000)/', '2026-11-24T06:00:00.000Z'],
        ['/Date(ms-0500)/', '/Date(1795500000000-0500)/', '2026-11-24T06:00:00.000Z'],
      ])('from/to as %s → canonical UTC in the query', async (_label, value, canonical) => {
        h.ddb.on(h.sdk.QueryCommand).resolves({ Items: [] });

        expectOk(await list({ ...FILE, from: value }));
        expectOk(await list({ ...FILE, to: value }));
        expectOk(await list({ ...FILE, from: value, to: value }));

        expect(queryInputs().map((input) => [input.KeyConditionExpression, input.ExpressionAttributeValues])).toEqual([
          ['fileKey = :fileKey AND slaDeadline >= :from', { ':fileKey': { S: FILE_KEY_VALUE }, ':from': { S: canonical } }],
          ['fileKey = :fileKey AND slaDeadline <= :to', { ':fileKey': { S: FILE_KEY_VALUE }, ':to': { S: canonical } }],
          ['fileKey = :fileKey AND slaDeadline BETWEEN :from AND :to', { ':fileKey': { S: FILE_KEY_VALUE }, ':from': { S: canonical }, ':to': { S: canonical } }],
        ]);
      });

      it('a from without an offset → 400 asking for one', async () => {
        const problem = await badQuery({ ...FILE, from: '2026-11-24T06:00:00' });
        expect(problem.detail).toBe('from must be a date-time with a UTC offset, e.g. 2026-11-24T06:00:00Z (got "2026-11-24T06:00:00").');
      });

      it('from after to → 400', async () => {
        const problem = await badQuery({ ...FILE, from: '2026-11-25T00:00:00Z', to: '2026-11-24T00:00:00Z' });
        expect(problem.detail).toBe('from must not be after to.');
      });
    });

    describe('by day', () => {
      it('→ 200 that day’s records in deadline order: GSI byDay, ascending', async () => {
        h.ddb.on(h.sdk.QueryCommand).resolves({ Items: [itemOf(RECORD)], LastEvaluatedKey: itemOf(DAY_LAST_KEY) });

        const body = expectOk(await list({ date: '2026-11-24' }));

        expect(body.items).toEqual([publicOf(RECORD as unknown as Record<string, unknown>)]);
        expect(body.nextToken).toMatch(/^[\w-]+$/);
        expect(queryInputs()).toEqual([
          {
            TableName: 'FileSlaErrors',
            IndexName: 'byDay',
            KeyConditionExpression: 'deadlineDay = :day',
            ExpressionAttributeValues: { ':day': { S: '2026-11-24' } },
            ScanIndexForward: true,
            Limit: 50,
          },
        ]);
      });

      it('a date that is no day → 400', async () => {
        expect((await badQuery({ date: '2026-02-30' })).detail).toBe('date must be a UTC day as YYYY-MM-DD (got "2026-02-30").');
        expect((await badQuery({ DATE: '24.11.2026' })).detail).toBe('date must be a UTC day as YYYY-MM-DD (got "24.11.2026").');
      });
    });

    describe('limit', () => {
      it.each([
        [undefined, 50],
        ['1', 1],
        ['100', 100],
      ])('limit=%s → Limit %i', async (limit, expected) => {
        h.ddb.on(h.sdk.QueryCommand).resolves({ Items: [] });
        expectOk(await list({ ...FILE, ...(limit === undefined ? {} : { limit }) }));
        expectOk(await list({ date: '2026-11-24', ...(limit === undefined ? {} : { limit }) }));
        expect(queryInputs().map((input) => input.Limit)).toEqual([expected, expected]);
      });

      it.each(['0', '101', 'abc', '1.5', '-1', ''])('limit=%s → 400', async (limit) => {
        expect((await badQuery({ ...FILE, limit })).detail).toBe('limit must be an integer from 1 to 100.');
      });
    });

    describe('other combinations → 400 explaining the allowed ones', () => {
      it.each([
        ['only sourceSystem', { sourceSystem: 'payments-sftp' }, `sourceSystem and fileName go together. ${USAGE}`],
        ['only fileName', { fileName: 'PAY_20261124.csv' }, `sourceSystem and fileName go together. ${USAGE}`],
        ['date + sourceSystem', { date: '2026-11-24', sourceSystem: 'payments-sftp' }, USAGE],
        ['date + sourceSystem + fileName', { date: '2026-11-24', ...FILE }, USAGE],
        ['an unknown parameter "page"', { ...FILE, page: '2' }, `Unknown query parameter "page". ${USAGE}`],
        ['nothing at all', {}, USAGE],
        ['only limit', { limit: '10' }, USAGE],
      ])('%s', async (_label, query, detail) => {
        const problem = await badQuery(query);
        expect(problem.detail).toBe(detail);
        expect(problem.detail).toContain('?sourceSystem=…&fileName=…');
        expect(problem.detail).toContain('?date=YYYY-MM-DD');
      });

      it('no query string at all (no queryStringParameters in the event) → 400 too', async () => {
        const problem = expectProblem(await get('/sla-errors'), 400, 'bad-request');
        expect(problem.detail).toBe(USAGE);
        expect(h.ddb.calls()).toHaveLength(0);
      });
    });

    describe('nextToken', () => {
      it.each([
        ['by file', FILE, FILE_LAST_KEY],
        ['by day', { date: '2026-11-24' }, DAY_LAST_KEY],
      ] as const)('%s: the token of page 1 makes page 2 start at page 1’s LastEvaluatedKey', async (_label, query, lastKey) => {
        h.ddb.on(h.sdk.QueryCommand).resolvesOnce({ Items: [itemOf(RECORD)], LastEvaluatedKey: itemOf(lastKey) }).resolvesOnce({ Items: [itemOf(OLDER)] });

        const first = expectOk(await list({ ...query, limit: '1' }));
        const second = expectOk(await list({ ...query, limit: '1', nextToken: String(first.nextToken) }));

        const [page1, page2] = queryInputs();
        expect(page1).not.toHaveProperty('ExclusiveStartKey');
        expect(page2!.ExclusiveStartKey).toEqual(itemOf(lastKey));
        expect(valuesOf(page2!.ExclusiveStartKey)).toEqual(lastKey);
        expect({ ...page2, ExclusiveStartKey: undefined }).toEqual({ ...page1, ExclusiveStartKey: undefined });
        expect(second).toEqual({ items: [publicOf(OLDER as unknown as Record<string, unknown>)] });
      });

      it('the same query spelled differently (names’ case, offset form of from) still accepts the token; limit may change', async () => {
        h.ddb.on(h.sdk.QueryCommand).resolves({ Items: [itemOf(RECORD)], LastEvaluatedKey: itemOf(FILE_LAST_KEY) });
        const first = expectOk(await list({ ...FILE, from: '2026-11-01T00:00:00Z' }));
        expectOk(
          await list({ SOURCESYSTEM: FILE.sourceSystem, filename: FILE.fileName, FROM: '2026-11-01T01:00:00+01:00', limit: '10', NextToken: String(first.nextToken) }),
        );
        expect(queryInputs()[1]).toMatchObject({ ExclusiveStartKey: itemOf(FILE_LAST_KEY), Limit: 10 });
      });

      const pageOneToken = async (query: Record<string, string>, lastKey: Record<string, string>): Promise<string> => {
        h.ddb.on(h.sdk.QueryCommand).resolvesOnce({ Items: [itemOf(RECORD)], LastEvaluatedKey: itemOf(lastKey) });
        const token = String(expectOk(await list(query)).nextToken);
        h.ddb.reset();
        return token;
      };

      it.each([
        ['a character flipped', (token: string) => `${token.slice(0, 40)}${token[40] === 'A' ? 'B' : 'A'}${token.slice(41)}`],
        ['a character flipped inside the key', (token: string) => `${token.slice(0, -20)}${token.at(-20) === 'A' ? 'B' : 'A'}${token.slice(-19)}`],
        [
          'one character of the key changed, the fingerprint kept',
          (token: string) => {
            const payload = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { q: string; k: Record<string, string> };
            payload.k.errorId = `c${payload.k.errorId!.slice(1)}`;
            return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
          },
        ],
        ['the last character changed', (token: string) => `${token.slice(0, -1)}${token.at(-1) === 'A' ? 'B' : 'A'}`],
        ['truncated', (token: string) => token.slice(0, -3)],
        ['extended', (token: string) => `${token}AAAA`],
        ['random base64url', () => Buffer.from('a1b2c3d4e5f60718293a4b5c6d7e8f90', 'hex').toString('base64url')],
        ['non-base64 characters', (token: string) => `${token.slice(0, 10)}+/=${token.slice(13)}`],
        ['longer than 2048 characters', () => 'A'.repeat(2049)],
      ])('tampered (%s) → 400 invalid-next-token, DynamoDB not asked', async (_label, tamper) => {
        const token = await pageOneToken(FILE, FILE_LAST_KEY);
        const tampered = tamper(token);
        expect(tampered).not.toBe(token);
        const problem = await badQuery({ ...FILE, nextToken: tampered }, 'invalid-next-token');
        expect(problem.detail).toBe('nextToken is not valid for this query; start again without it.');
      });

      it('a token of another file’s query → 400 invalid-next-token', async () => {
        const token = await pageOneToken({ ...FILE, fileName: 'PAY_20261125.csv' }, { ...FILE_LAST_KEY, fileKey: 'payments-sftp#PAY_20261125.csv' });
        await badQuery({ ...FILE, nextToken: token }, 'invalid-next-token');
      });

      it('a token of a by-day query on a by-file query, and the other way round → 400 invalid-next-token', async () => {
        const dayToken = await pageOneToken({ date: '2026-11-24' }, DAY_LAST_KEY);
        await badQuery({ ...FILE, nextToken: dayToken }, 'invalid-next-token');
        const fileToken = await pageOneToken(FILE, FILE_LAST_KEY);
        await badQuery({ date: '2026-11-24', nextToken: fileToken }, 'invalid-next-token');
        await badQuery({ date: '2026-11-25', nextToken: dayToken }, 'invalid-next-token');
      });

      it('a token with the right fingerprint whose key names another partition → 400 invalid-next-token', async () => {
        // Encoded for query B (this file), holding a key of query A (another file's partition).
        const otherFilesKey = { ...FILE_LAST_KEY, fileKey: 'payments-sftp#PAY_20261125.csv' };
        await badQuery({ ...FILE, nextToken: encodeNextToken(BY_FILE, otherFilesKey) }, 'invalid-next-token');
        const otherDaysKey = { ...DAY_LAST_KEY, deadlineDay: '2026-11-23' };
        await badQuery({ date: '2026-11-24', nextToken: encodeNextToken(BY_DAY, otherDaysKey) }, 'invalid-next-token');
        // The same key, encoded for its own query, is accepted.
        h.ddb.on(h.sdk.QueryCommand).resolves({ Items: [] });
        expectOk(await list({ ...FILE, nextToken: encodeNextToken(BY_FILE, FILE_LAST_KEY) }));
        expect(queryInputs()[0]!.ExclusiveStartKey).toEqual(itemOf(FILE_LAST_KEY));
      });

      it('a token whose key lies outside from/to → 400, not a DynamoDB ValidationException (500)', async () => {
        const ranged: ByFileQuery = { ...BY_FILE, from: '2026-11-24T00:00:00.000Z', to: '2026-11-24T23:59:59.999Z' };
        const outside = encodeNextToken(ranged, { ...FILE_LAST_KEY, slaDeadline: '2026-11-23T06:00:00.000Z' });
        await badQuery({ ...FILE, from: ranged.from!, to: ranged.to!, nextToken: outside }, 'invalid-next-token');
      });

      it('an empty nextToken is no token', async () => {
        h.ddb.on(h.sdk.QueryCommand).resolves({ Items: [] });
        expectOk(await list({ ...FILE, nextToken: '' }));
        expect(queryInputs()[0]).not.toHaveProperty('ExclusiveStartKey');
      });
    });

    it('a DynamoDB failure → 500, "Internal server error" only, the cause logged', async () => {
      const [, error] = storeFailures(h.sdk)[3]!;
      h.ddb.on(h.sdk.QueryCommand).rejects(error);
      expect(expectInternalError(await list(FILE), error)).toEqual(INTERNAL_ERROR_BODY);
      expect(output.text()).toContain('DynamoDB Query failed (ValidationException)');
    });

    it('no token → 401 before the query is even read', async () => {
      for (const query of [FILE, { page: '2' }]) {
        const response = await get('/sla-errors', query, null);
        expectProblem(response, 401, 'unauthorized');
        expect(response.headers['www-authenticate']).toBe('Bearer');
      }
      expect(h.ddb.calls()).toHaveLength(0);
    });

    it('an invalid token → 401', async () => {
      expectProblem(await get('/sla-errors', FILE, issuer.foreignToken()), 401, 'unauthorized');
      expectProblem(await get(`/sla-errors/${RECORD.errorId}`, undefined, issuer.accessToken({ token_use: 'id' })), 401, 'unauthorized');
      expect(h.ddb.calls()).toHaveLength(0);
    });

    it('DELETE /sla-errors/{errorId} → 405 with allow: GET', async () => {
      const response = await h.invoke({ method: 'DELETE', path: `/sla-errors/${RECORD.errorId}`, headers: { authorization: `Bearer ${issuer.accessToken()}` } });
      expectProblem(response, 405, 'method-not-allowed');
      expect(response.headers.allow).toBe('GET');
    });
  });

  describe('READER_GROUP set', () => {
    let h: LoadedHandler;
    beforeAll(async () => {
      h = await load({ READER_GROUP: 'sla-readers', WRITER_GROUP: 'sla-writers' });
    });
    afterAll(() => h.dispose());
    beforeEach(() => {
      h.ddb.reset();
      h.ddb.on(h.sdk.GetItemCommand).resolves({ Item: itemOf(RECORD) });
      h.ddb.on(h.sdk.QueryCommand).resolves({ Items: [itemOf(RECORD)] });
      captureOutput();
    });

    const readAs = (groups: string[] | undefined) => {
      const authorization = `Bearer ${issuer.accessToken({ 'cognito:groups': groups })}`;
      return Promise.all([
        h.invoke({ method: 'GET', path: `/sla-errors/${RECORD.errorId}`, headers: { authorization } }),
        h.invoke({ method: 'GET', path: '/sla-errors', query: FILE, headers: { authorization } }),
        h.invoke({ method: 'GET', path: '/sla-errors', query: { date: '2026-11-24' }, headers: { authorization } }),
      ]);
    };

    it('a token without the group → 403 on every read, DynamoDB not asked', async () => {
      for (const groups of [undefined, [], ['sla-writers'], ['SLA-READERS']]) {
        for (const response of await readAs(groups)) {
          const problem = expectProblem(response, 403, 'forbidden');
          expect(problem.detail).toContain('"sla-readers"');
        }
      }
      expect(h.ddb.calls()).toHaveLength(0);
    });

    it('a token with it → 200', async () => {
      const [one, byFile, byDay] = await readAs(['sla-readers']);
      expect(expectOk(one!)).toMatchObject({ errorId: RECORD.errorId });
      expect(expectOk(byFile!)).toMatchObject({ items: [{ errorId: RECORD.errorId }] });
      expect(expectOk(byDay!)).toMatchObject({ items: [{ errorId: RECORD.errorId }] });
    });

    it('the group is checked before the query is read: a bad query without the group is 403', async () => {
      const response = await h.invoke({
        method: 'GET',
        path: '/sla-errors',
        query: { page: '2' },
        headers: { authorization: `Bearer ${issuer.accessToken({ 'cognito:groups': ['sla-writers'] })}` },
      });
      expectProblem(response, 403, 'forbidden');
    });

    it('no token → 401', async () => {
      expectProblem(await h.invoke({ method: 'GET', path: '/sla-errors', query: FILE }), 401, 'unauthorized');
      expectProblem(await h.invoke({ method: 'GET', path: `/sla-errors/${RECORD.errorId}` }), 401, 'unauthorized');
      expect(h.ddb.calls()).toHaveLength(0);
    });
  });

  describe('WRITER_GROUP does not gate reads', () => {
    let h: LoadedHandler;
    beforeAll(async () => {
      h = await load({ WRITER_GROUP: 'sla-writers' });
    });
    afterAll(() => h.dispose());
    beforeEach(() => {
      h.ddb.reset();
      h.ddb.on(h.sdk.GetItemCommand).resolves({ Item: itemOf(RECORD) });
      h.ddb.on(h.sdk.QueryCommand).resolves({ Items: [] });
      captureOutput();
    });

    it('a token without any group may read', async () => {
      const authorization = `Bearer ${issuer.accessToken({ 'cognito:groups': undefined })}`;
      expectOk(await h.invoke({ method: 'GET', path: `/sla-errors/${RECORD.errorId}`, headers: { authorization } }));
      expectOk(await h.invoke({ method: 'GET', path: '/sla-errors', query: FILE, headers: { authorization } }));
      expectOk(await h.invoke({ method: 'GET', path: '/sla-errors', query: { date: '2026-11-24' }, headers: { authorization } }));
    });

    it('but may not write', async () => {
      h.ddb.on(h.sdk.PutItemCommand).resolves({});
      const response = await h.invoke({ body: minimalReport(), headers: { authorization: `Bearer ${issuer.accessToken({ 'cognito:groups': ['sla-readers'] })}` } });
      expectProblem(response, 403, 'forbidden');
    });
  });
});
