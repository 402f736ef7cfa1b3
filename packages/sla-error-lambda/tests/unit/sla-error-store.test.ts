import * as sdk from '@aws-sdk/client-dynamodb';
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { InternalError } from '@file-sla/shared-middleware';
import { mockClient } from 'aws-sdk-client-mock';
import type { ByDayQuery, ByFileQuery } from '../../src/list-query.js';
import { createSlaErrorStore, queryInput, storeFailure } from '../../src/sla-error-store.js';
import { toRecord } from '../../src/to-record.js';
import { AWS_TEXT, conditionFailed, storeFailures } from '../support/dynamodb.js';
import { recordContext, storedRecord, validInput } from '../support/sla-errors.js';

const TABLE = 'FileSlaErrors';
const ddb = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: 'eu-central-1', credentials: { accessKeyId: 'unit', secretAccessKey: 'unit' } });
const store = createSlaErrorStore(client, TABLE);
const record = storedRecord();

/** {@link record} as DynamoDB JSON, written out attribute by attribute. */
const RECORD_ITEM = {
  fileName: { S: 'PAY_20261124.csv' },
  sourceSystem: { S: 'payments-sftp' },
  slaDeadline: { S: '2026-11-24T06:00:00.000Z' },
  errorType: { S: 'MISSING' },
  errorMessage: { S: 'File PAY_20261124.csv did not arrive by 06:00 UTC.' },
  errorId: { S: '426a9ac1c4eafd034aa6929ccfb92037' },
  severity: { S: 'MEDIUM' },
  detectedAt: { S: '2026-11-24T06:07:08.901Z' },
  submittedBy: { S: 'svc-file-monitor' },
  clientId: { S: 'test-client-id' },
  createdAt: { S: '2026-11-24T06:07:08.901Z' },
  requestId: { S: 'req-unit-1' },
  fileKey: { S: 'payments-sftp#PAY_20261124.csv' },
  deadlineDay: { S: '2026-11-24' },
  deadlineSort: { S: '2026-11-24T06:00:00.000Z#426a9ac1c4eafd034aa6929ccfb92037' },
  expiresAt: { N: '1830060428' },
};

afterAll(() => ddb.restore());
beforeEach(() => {
  ddb.reset();
});

const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

describe('putIfAbsent', () => {
  it('created: one conditional PutItem with the whole record in DynamoDB JSON, never overwriting', async () => {
    ddb.on(PutItemCommand).resolves({});

    expect(await store.putIfAbsent(record)).toEqual({ status: 'created', createdAt: record.createdAt });

    expect(ddb.calls()).toHaveLength(1);
    expect(ddb.commandCalls(PutItemCommand)[0]!.args[0].input).toEqual({
      TableName: TABLE,
      Item: RECORD_ITEM,
      ConditionExpression: 'attribute_not_exists(errorId)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('the optional attributes: details as a map (M), numbers as N, null as NULL, an undefined value left out', async () => {
    ddb.on(PutItemCommand).resolves({});
    const full = storedRecord({
      receivedAt: '2026-11-24T06:42:00.000Z',
      filePath: '\\\\fs01\\inbound',
      fileSizeBytes: 0,
      hostName: 'FS01',
      details: { jobName: 'Watch-PaymentFiles', attempt: 3, ratio: 0.5, retried: true, ticket: null },
      expiresAt: undefined,
    });

    await store.putIfAbsent(full);

    const { expiresAt: _expires, ...kept } = RECORD_ITEM;
    expect(ddb.commandCalls(PutItemCommand)[0]!.args[0].input.Item).toEqual({
      ...kept,
      receivedAt: { S: '2026-11-24T06:42:00.000Z' },
      filePath: { S: '\\\\fs01\\inbound' },
      fileSizeBytes: { N: '0' },
      hostName: { S: 'FS01' },
      details: {
        M: { jobName: { S: 'Watch-PaymentFiles' }, attempt: { N: '3' }, ratio: { N: '0.5' }, retried: { BOOL: true }, ticket: { NULL: true } },
      },
    });
    expect(ddb.commandCalls(PutItemCommand)[0]!.args[0].input.Item).not.toHaveProperty('expiresAt');
  });

  it('duplicate, the failed condition returning the old item marshalled ({createdAt:{S}}): its createdAt, no GetItem', async () => {
    ddb.on(PutItemCommand).rejects(conditionFailed(sdk, '2026-11-24T06:01:02.345Z'));

    expect(await store.putIfAbsent(record)).toEqual({ status: 'duplicate', createdAt: '2026-11-24T06:01:02.345Z' });
    expect(ddb.commandCalls(GetItemCommand)).toHaveLength(0);
  });

  it('duplicate, the whole old item returned (ALL_OLD): its createdAt, no GetItem', async () => {
    const old = marshall(storedRecord({ createdAt: '2026-11-24T06:01:02.345Z' }));
    ddb.on(PutItemCommand).rejects(new sdk.ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item: old }));
    expect(await store.putIfAbsent(record)).toEqual({ status: 'duplicate', createdAt: '2026-11-24T06:01:02.345Z' });
    expect(ddb.commandCalls(GetItemCommand)).toHaveLength(0);
  });

  it.each([
    ['not DynamoDB JSON ({createdAt: "…"})', { createdAt: '2026-11-24T06:01:02.345Z' }],
    ['createdAt not a string ({N})', { createdAt: { N: '1' } }],
    ['an unknown attribute type', { createdAt: { X: '2026-11-24T06:01:02.345Z' } }],
  ])('duplicate, the old item unusable (%s): not trusted, a consistent GetItem answers its createdAt', async (_label, item) => {
    ddb.on(PutItemCommand).rejects(
      new sdk.ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item: item as never }),
    );
    ddb.on(GetItemCommand).resolves({ Item: marshall(storedRecord({ createdAt: '2026-11-23T22:00:00.000Z' })) });
    expect(await store.putIfAbsent(record)).toEqual({ status: 'duplicate', createdAt: '2026-11-23T22:00:00.000Z' });
    expect(ddb.commandCalls(GetItemCommand)).toHaveLength(1);
  });

  it('duplicate without the old item: a consistent GetItem follows and its createdAt is answered', async () => {
    ddb.on(PutItemCommand).rejects(conditionFailed(sdk));
    ddb.on(GetItemCommand).resolves({ Item: marshall(storedRecord({ createdAt: '2026-11-23T22:00:00.000Z' })) });

    expect(await store.putIfAbsent(record)).toEqual({ status: 'duplicate', createdAt: '2026-11-23T22:00:00.000Z' });

    expect(ddb.commandCalls(GetItemCommand)).toHaveLength(1);
    expect(ddb.commandCalls(GetItemCommand)[0]!.args[0].input).toEqual({ TableName: TABLE, Key: { errorId: { S: record.errorId } }, ConsistentRead: true });
  });

  it('duplicate without the old item, and the GetItem finds none (expired meanwhile): still duplicate, with this createdAt', async () => {
    ddb.on(PutItemCommand).rejects(conditionFailed(sdk));
    ddb.on(GetItemCommand).resolves({});
    expect(await store.putIfAbsent(record)).toEqual({ status: 'duplicate', createdAt: record.createdAt });
  });

  it('duplicate without the old item, and the GetItem fails: 500 naming GetItem', async () => {
    ddb.on(PutItemCommand).rejects(conditionFailed(sdk));
    const failure = new sdk.ProvisionedThroughputExceededException({ message: AWS_TEXT, $metadata: {} });
    ddb.on(GetItemCommand).rejects(failure);
    const error = await rejectionOf(store.putIfAbsent(record));
    expect(error).toBeInstanceOf(InternalError);
    expect(error).toMatchObject({ statusCode: 500, logMessage: 'DynamoDB GetItem throttled past retries', cause: failure });
  });

  it.each(storeFailures(sdk))('%s → InternalError (500) naming the failure, the AWS error as cause', async (_label, failure, logged) => {
    ddb.on(PutItemCommand).rejects(failure);

    const error = await rejectionOf(store.putIfAbsent(record));

    expect(error).toBeInstanceOf(InternalError);
    const internal = error as InternalError;
    expect(internal.statusCode).toBe(500);
    expect(internal.logMessage).toBe(`DynamoDB PutItem ${logged}`);
    expect(internal.cause).toBe(failure);
    expect(internal.detail).toBe('Internal server error');
    expect(internal.message).not.toContain(AWS_TEXT);
    expect(ddb.commandCalls(GetItemCommand)).toHaveLength(0);
  });
});

describe('get', () => {
  it('reads consistently by errorId, the item back to the record', async () => {
    ddb.on(GetItemCommand).resolves({ Item: RECORD_ITEM });
    expect(await store.get(record.errorId)).toEqual(record);
    expect(ddb.commandCalls(GetItemCommand)[0]!.args[0].input).toEqual({ TableName: TABLE, Key: { errorId: { S: record.errorId } }, ConsistentRead: true });
  });

  it('undefined when there is no such record', async () => {
    ddb.on(GetItemCommand).resolves({});
    expect(await store.get('0'.repeat(32))).toBeUndefined();
  });

  it.each(storeFailures(sdk))('%s → InternalError (500)', async (_label, failure, logged) => {
    ddb.on(GetItemCommand).rejects(failure);
    const error = await rejectionOf(store.get(record.errorId));
    expect(error).toBeInstanceOf(InternalError);
    expect(error).toMatchObject({ statusCode: 500, logMessage: `DynamoDB GetItem ${logged}`, cause: failure });
  });
});

describe('query', () => {
  const BY_FILE: ByFileQuery = { kind: 'byFile', sourceSystem: 'payments-sftp', fileName: 'PAY_20261124.csv' };
  const BY_DAY: ByDayQuery = { kind: 'byDay', date: '2026-11-24' };
  const FROM = '2026-11-01T00:00:00.000Z';
  const TO = '2026-11-30T23:59:59.999Z';
  const FILE_KEY = { fileKey: record.fileKey, slaDeadline: record.slaDeadline, errorId: record.errorId };
  const DAY_KEY = { deadlineDay: record.deadlineDay, deadlineSort: record.deadlineSort, errorId: record.errorId };
  /** The keys above as DynamoDB JSON. */
  const FILE_KEY_ITEM = { fileKey: { S: record.fileKey }, slaDeadline: { S: record.slaDeadline }, errorId: { S: record.errorId } };
  const DAY_KEY_ITEM = { deadlineDay: { S: record.deadlineDay }, deadlineSort: { S: record.deadlineSort }, errorId: { S: record.errorId } };
  const queryInputs = () => ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);

  describe('by file: GSI byFile, newest deadline first', () => {
    it.each([
      ['without from/to', {}, 'fileKey = :fileKey', {}],
      ['with from and to', { from: FROM, to: TO }, 'fileKey = :fileKey AND slaDeadline BETWEEN :from AND :to', { ':from': { S: FROM }, ':to': { S: TO } }],
      ['with from only', { from: FROM }, 'fileKey = :fileKey AND slaDeadline >= :from', { ':from': { S: FROM } }],
      ['with to only', { to: TO }, 'fileKey = :fileKey AND slaDeadline <= :to', { ':to': { S: TO } }],
    ])('%s: exactly this QueryCommand', async (_label, range, condition, values) => {
      ddb.on(QueryCommand).resolves({ Items: [] });

      await store.query({ ...BY_FILE, ...range }, 25);

      expect(ddb.calls()).toHaveLength(1);
      expect(queryInputs()).toEqual([
        {
          TableName: TABLE,
          IndexName: 'byFile',
          KeyConditionExpression: condition,
          ExpressionAttributeValues: { ':fileKey': { S: 'payments-sftp#PAY_20261124.csv' }, ...values },
          ScanIndexForward: false,
          Limit: 25,
        },
      ]);
    });

    it('a start key becomes ExclusiveStartKey, as given (in DynamoDB JSON)', async () => {
      ddb.on(QueryCommand).resolves({ Items: [] });

      await store.query({ ...BY_FILE, from: FROM, to: TO }, 100, FILE_KEY);

      expect(queryInputs()).toEqual([
        {
          TableName: TABLE,
          IndexName: 'byFile',
          KeyConditionExpression: 'fileKey = :fileKey AND slaDeadline BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':fileKey': { S: 'payments-sftp#PAY_20261124.csv' }, ':from': { S: FROM }, ':to': { S: TO } },
          ScanIndexForward: false,
          Limit: 100,
          ExclusiveStartKey: FILE_KEY_ITEM,
        },
      ]);
    });

    it('names go into the file key (the value is bound, not spliced into the expression)', () => {
      const input = queryInput(TABLE, { kind: 'byFile', sourceSystem: 'ab', fileName: "x' OR :y = :y" }, 1);
      expect(input.KeyConditionExpression).toBe('fileKey = :fileKey');
      expect(input.ExpressionAttributeValues).toEqual({ ':fileKey': { S: "ab#x' OR :y = :y" } });
    });

    it('the file key is the one records are written with: "#" and "\\" of the source system escaped', () => {
      const key = (sourceSystem: string, fileName: string) => queryInput(TABLE, { kind: 'byFile', sourceSystem, fileName }, 1).ExpressionAttributeValues;
      expect(key('a#b', 'c')).toEqual({ ':fileKey': { S: 'a\\#b#c' } });
      expect(key('a', 'b#c')).toEqual({ ':fileKey': { S: 'a#b#c' } });
      expect(key('a\\', '#c')).toEqual({ ':fileKey': { S: 'a\\\\##c' } });
      const breach = validInput({ sourceSystem: 'PARTNER#EU\\x', fileName: 'feed#1.csv' });
      expect(key(breach.sourceSystem, breach.fileName)).toEqual({ ':fileKey': { S: toRecord(breach, recordContext()).fileKey } });
    });
  });

  describe('by day: GSI byDay, deadline order', () => {
    it('exactly this QueryCommand', async () => {
      ddb.on(QueryCommand).resolves({ Items: [] });

      await store.query(BY_DAY, 50);

      expect(queryInputs()).toEqual([
        {
          TableName: TABLE,
          IndexName: 'byDay',
          KeyConditionExpression: 'deadlineDay = :day',
          ExpressionAttributeValues: { ':day': { S: '2026-11-24' } },
          ScanIndexForward: true,
          Limit: 50,
        },
      ]);
    });

    it('with a start key', async () => {
      ddb.on(QueryCommand).resolves({ Items: [] });
      await store.query(BY_DAY, 1, DAY_KEY);
      expect(queryInputs()[0]).toEqual({
        TableName: TABLE,
        IndexName: 'byDay',
        KeyConditionExpression: 'deadlineDay = :day',
        ExpressionAttributeValues: { ':day': { S: '2026-11-24' } },
        ScanIndexForward: true,
        Limit: 1,
        ExclusiveStartKey: DAY_KEY_ITEM,
      });
    });
  });

  it('answers the items in DynamoDB’s order, as records, and passes LastEvaluatedKey through as lastKey', async () => {
    const second = storedRecord({ errorId: 'f'.repeat(32), slaDeadline: '2026-11-20T06:00:00.000Z' });
    ddb.on(QueryCommand).resolves({
      Items: [RECORD_ITEM, marshall(second)],
      LastEvaluatedKey: { ...FILE_KEY_ITEM, errorId: { S: second.errorId } },
      Count: 2,
      ScannedCount: 2,
    });

    expect(await store.query(BY_FILE, 2)).toEqual({ items: [record, second], lastKey: { ...FILE_KEY, errorId: second.errorId } });
  });

  it('no LastEvaluatedKey → no lastKey; no Items → an empty list', async () => {
    ddb.on(QueryCommand).resolves({ Items: [RECORD_ITEM] });
    const page = await store.query(BY_DAY, 50);
    expect(page).toEqual({ items: [record] });
    expect(page).not.toHaveProperty('lastKey');

    ddb.on(QueryCommand).resolves({ Count: 0 });
    expect(await store.query(BY_DAY, 50)).toEqual({ items: [] });
  });

  it.each(storeFailures(sdk))('%s → InternalError (500) naming Query, the AWS error as cause', async (_label, failure, logged) => {
    ddb.on(QueryCommand).rejects(failure);

    const error = await rejectionOf(store.query(BY_FILE, 50));

    expect(error).toBeInstanceOf(InternalError);
    const internal = error as InternalError;
    expect(internal).toMatchObject({ statusCode: 500, logMessage: `DynamoDB Query ${logged}`, cause: failure, detail: 'Internal server error' });
    expect(internal.message).not.toContain(AWS_TEXT);
  });
});

describe('storeFailure', () => {
  it('copes with thrown values that are not errors', () => {
    expect(storeFailure('PutItem', null).logMessage).toBe('DynamoDB PutItem failed (unknown error)');
    expect(storeFailure('PutItem', 'boom').logMessage).toBe('DynamoDB PutItem failed (unknown error)');
    expect(storeFailure('PutItem', { name: 42 }).logMessage).toBe('DynamoDB PutItem failed (unknown error)');
    expect(storeFailure('GetItem', { name: 'ThrottlingException' }).logMessage).toBe('DynamoDB GetItem throttled past retries');
  });
});
