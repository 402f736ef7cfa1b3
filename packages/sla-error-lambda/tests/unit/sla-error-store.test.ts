import * as sdk from '@aws-sdk/client-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { InternalError } from '@file-sla/shared-middleware';
import { mockClient } from 'aws-sdk-client-mock';
import type { ByDayQuery, ByFileQuery } from '../../src/list-query.js';
import { createSlaErrorStore, queryInput, storeFailure } from '../../src/sla-error-store.js';
import { AWS_TEXT, conditionFailed, storeFailures } from '../support/dynamodb.js';
import { storedRecord } from '../support/sla-errors.js';

const TABLE = 'FileSlaErrors';
const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1', credentials: { accessKeyId: 'unit', secretAccessKey: 'unit' } }));
const store = createSlaErrorStore(client, TABLE);
const record = storedRecord();

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
  it('created: one conditional PutItem with the whole record, never overwriting', async () => {
    ddb.on(PutCommand).resolves({});

    expect(await store.putIfAbsent(record)).toEqual({ status: 'created', createdAt: record.createdAt });

    expect(ddb.calls()).toHaveLength(1);
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: TABLE,
      Item: record,
      ConditionExpression: 'attribute_not_exists(errorId)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('duplicate, the failed condition returning the old item marshalled ({createdAt:{S}}): its createdAt, no GetItem', async () => {
    ddb.on(PutCommand).rejects(conditionFailed(sdk, '2026-11-24T06:01:02.345Z'));

    expect(await store.putIfAbsent(record)).toEqual({ status: 'duplicate', createdAt: '2026-11-24T06:01:02.345Z' });
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('duplicate, the old item already unmarshalled: its createdAt', async () => {
    ddb.on(PutCommand).rejects(
      new sdk.ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: { createdAt: '2026-11-24T06:01:02.345Z' } as never,
      }),
    );
    expect(await store.putIfAbsent(record)).toEqual({ status: 'duplicate', createdAt: '2026-11-24T06:01:02.345Z' });
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('duplicate without the old item: a consistent GetItem follows and its createdAt is answered', async () => {
    ddb.on(PutCommand).rejects(conditionFailed(sdk));
    ddb.on(GetCommand).resolves({ Item: storedRecord({ createdAt: '2026-11-23T22:00:00.000Z' }) });

    expect(await store.putIfAbsent(record)).toEqual({ status: 'duplicate', createdAt: '2026-11-23T22:00:00.000Z' });

    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toEqual({ TableName: TABLE, Key: { errorId: record.errorId }, ConsistentRead: true });
  });

  it('duplicate without the old item, and the GetItem finds none (expired meanwhile): still duplicate, with this createdAt', async () => {
    ddb.on(PutCommand).rejects(conditionFailed(sdk));
    ddb.on(GetCommand).resolves({});
    expect(await store.putIfAbsent(record)).toEqual({ status: 'duplicate', createdAt: record.createdAt });
  });

  it('duplicate without the old item, and the GetItem fails: 500 naming GetItem', async () => {
    ddb.on(PutCommand).rejects(conditionFailed(sdk));
    const failure = new sdk.ProvisionedThroughputExceededException({ message: AWS_TEXT, $metadata: {} });
    ddb.on(GetCommand).rejects(failure);
    const error = await rejectionOf(store.putIfAbsent(record));
    expect(error).toBeInstanceOf(InternalError);
    expect(error).toMatchObject({ statusCode: 500, logMessage: 'DynamoDB GetItem throttled past retries', cause: failure });
  });

  it.each(storeFailures(sdk))('%s → InternalError (500) naming the failure, the AWS error as cause', async (_label, failure, logged) => {
    ddb.on(PutCommand).rejects(failure);

    const error = await rejectionOf(store.putIfAbsent(record));

    expect(error).toBeInstanceOf(InternalError);
    const internal = error as InternalError;
    expect(internal.statusCode).toBe(500);
    expect(internal.logMessage).toBe(`DynamoDB PutItem ${logged}`);
    expect(internal.cause).toBe(failure);
    expect(internal.detail).toBe('Internal server error');
    expect(internal.message).not.toContain(AWS_TEXT);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });
});

describe('get', () => {
  it('reads consistently by errorId', async () => {
    ddb.on(GetCommand).resolves({ Item: record });
    expect(await store.get(record.errorId)).toEqual(record);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toEqual({ TableName: TABLE, Key: { errorId: record.errorId }, ConsistentRead: true });
  });

  it('undefined when there is no such record', async () => {
    ddb.on(GetCommand).resolves({});
    expect(await store.get('0'.repeat(32))).toBeUndefined();
  });

  it.each(storeFailures(sdk))('%s → InternalError (500)', async (_label, failure, logged) => {
    ddb.on(GetCommand).rejects(failure);
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
  const queryInputs = () => ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);

  describe('by file: GSI byFile, newest deadline first', () => {
    it.each([
      ['without from/to', {}, 'fileKey = :fileKey', {}],
      ['with from and to', { from: FROM, to: TO }, 'fileKey = :fileKey AND slaDeadline BETWEEN :from AND :to', { ':from': FROM, ':to': TO }],
      ['with from only', { from: FROM }, 'fileKey = :fileKey AND slaDeadline >= :from', { ':from': FROM }],
      ['with to only', { to: TO }, 'fileKey = :fileKey AND slaDeadline <= :to', { ':to': TO }],
    ])('%s: exactly this QueryCommand', async (_label, range, condition, values) => {
      ddb.on(QueryCommand).resolves({ Items: [] });

      await store.query({ ...BY_FILE, ...range }, 25);

      expect(ddb.calls()).toHaveLength(1);
      expect(queryInputs()).toEqual([
        {
          TableName: TABLE,
          IndexName: 'byFile',
          KeyConditionExpression: condition,
          ExpressionAttributeValues: { ':fileKey': 'payments-sftp#PAY_20261124.csv', ...values },
          ScanIndexForward: false,
          Limit: 25,
        },
      ]);
    });

    it('a start key becomes ExclusiveStartKey, as given', async () => {
      ddb.on(QueryCommand).resolves({ Items: [] });

      await store.query({ ...BY_FILE, from: FROM, to: TO }, 100, FILE_KEY);

      expect(queryInputs()).toEqual([
        {
          TableName: TABLE,
          IndexName: 'byFile',
          KeyConditionExpression: 'fileKey = :fileKey AND slaDeadline BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':fileKey': 'payments-sftp#PAY_20261124.csv', ':from': FROM, ':to': TO },
          ScanIndexForward: false,
          Limit: 100,
          ExclusiveStartKey: FILE_KEY,
        },
      ]);
    });

    it('names are used as they are, "#" and all (the value is bound, not spliced into the expression)', () => {
      const input = queryInput(TABLE, { kind: 'byFile', sourceSystem: 'a#b', fileName: "x' OR :y = :y" }, 1);
      expect(input.KeyConditionExpression).toBe('fileKey = :fileKey');
      expect(input.ExpressionAttributeValues).toEqual({ ':fileKey': "a#b#x' OR :y = :y" });
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
          ExpressionAttributeValues: { ':day': '2026-11-24' },
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
        ExpressionAttributeValues: { ':day': '2026-11-24' },
        ScanIndexForward: true,
        Limit: 1,
        ExclusiveStartKey: DAY_KEY,
      });
    });
  });

  it('answers the items in DynamoDB’s order and passes LastEvaluatedKey through as lastKey', async () => {
    const second = storedRecord({ errorId: 'f'.repeat(32), slaDeadline: '2026-11-20T06:00:00.000Z' });
    ddb.on(QueryCommand).resolves({ Items: [record, second], LastEvaluatedKey: { ...FILE_KEY, errorId: second.errorId }, Count: 2, ScannedCount: 2 });

    expect(await store.query(BY_FILE, 2)).toEqual({ items: [record, second], lastKey: { ...FILE_KEY, errorId: second.errorId } });
  });

  it('no LastEvaluatedKey → no lastKey; no Items → an empty list', async () => {
    ddb.on(QueryCommand).resolves({ Items: [record] });
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
