import * as sdk from '@aws-sdk/client-dynamodb';
import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { HttpError, InternalError } from '@file-sla/shared-middleware';
import { mockClient } from 'aws-sdk-client-mock';
import type { ByDayQuery, ByFileQuery } from '../../src/list-query.js';
import { decodeNextToken, encodeNextToken } from '../../src/next-token.js';
import { getSlaError, listSlaErrors, toPublic } from '../../src/read-sla-errors.js';
import { createSlaErrorStore } from '../../src/sla-error-store.js';
import { itemOf, storeFailures } from '../support/dynamodb.js';
import { storedRecord } from '../support/sla-errors.js';

const TABLE = 'FileSlaErrors';
const ddb = mockClient(DynamoDBClient);
const store = createSlaErrorStore(new DynamoDBClient({ region: 'eu-central-1', credentials: { accessKeyId: 'unit', secretAccessKey: 'unit' } }), TABLE);

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

const INTERNAL = ['fileKey', 'deadlineDay', 'deadlineSort', 'expiresAt'];
const record = storedRecord({ receivedAt: '2026-11-24T06:42:00.000Z', hostName: 'FS01', details: { attempt: 3 } });
const ID = record.errorId;

const BY_FILE: ByFileQuery = { kind: 'byFile', sourceSystem: 'payments-sftp', fileName: 'PAY_20261124.csv' };
const BY_DAY: ByDayQuery = { kind: 'byDay', date: '2026-11-24' };
const FILE_KEY = { fileKey: record.fileKey, slaDeadline: record.slaDeadline, errorId: ID };
const DAY_KEY = { deadlineDay: record.deadlineDay, deadlineSort: record.deadlineSort, errorId: ID };

describe('toPublic', () => {
  it('drops fileKey, deadlineDay, deadlineSort and expiresAt, keeps everything else', () => {
    const result = toPublic(record);
    for (const name of INTERNAL) expect(result).not.toHaveProperty(name);
    const { fileKey: _a, deadlineDay: _b, deadlineSort: _c, expiresAt: _d, ...rest } = record;
    expect(result).toEqual(rest);
  });

  it('copes with a record stored without expiresAt (RETENTION_DAYS=0)', () => {
    const { expiresAt: _expires, ...kept } = storedRecord();
    expect(toPublic(kept)).not.toHaveProperty('expiresAt');
  });
});

describe('getSlaError', () => {
  it('the record without the index and TTL attributes, read consistently by id', async () => {
    ddb.on(GetItemCommand).resolves({ Item: itemOf(record) });
    expect(await getSlaError(store, ID)).toEqual(toPublic(record));
    expect(ddb.commandCalls(GetItemCommand).map((call) => call.args[0].input)).toEqual([{ TableName: TABLE, Key: { errorId: { S: ID } }, ConsistentRead: true }]);
  });

  it('no such record → 404 naming the id', async () => {
    ddb.on(GetItemCommand).resolves({});
    const error = await rejectionOf(getSlaError(store, '0'.repeat(32)));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ statusCode: 404, type: 'not-found', detail: `No SLA error with id "${'0'.repeat(32)}".` });
  });

  it.each([
    ['empty', ''],
    ['upper-case hex', ID.toUpperCase()],
    ['31 characters', ID.slice(1)],
    ['33 characters', `${ID}0`],
    ['not hex', 'g'.repeat(32)],
    ['with white space', ` ${ID}`],
    ['a path', '../../etc/passwd'],
    ['very long', 'x'.repeat(5000)],
  ])('a malformed id (%s) → 404 without asking DynamoDB', async (_label, errorId) => {
    const error = await rejectionOf(getSlaError(store, errorId));
    expect(error).toMatchObject({ statusCode: 404, type: 'not-found', detail: `No SLA error with id "${errorId.slice(0, 64)}".` });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('a DynamoDB failure → InternalError (500)', async () => {
    const [, failure, logged] = storeFailures(sdk)[0]!;
    ddb.on(GetItemCommand).rejects(failure);
    const error = await rejectionOf(getSlaError(store, ID));
    expect(error).toBeInstanceOf(InternalError);
    expect(error).toMatchObject({ statusCode: 500, logMessage: `DynamoDB GetItem ${logged}` });
  });
});

describe('listSlaErrors', () => {
  const older = storedRecord({ errorId: 'b'.repeat(32), slaDeadline: '2026-11-23T06:00:00.000Z' });

  it('the page as DynamoDB returns it, public records, and a nextToken holding LastEvaluatedKey', async () => {
    ddb.on(QueryCommand).resolves({ Items: [itemOf(record), itemOf(older)], LastEvaluatedKey: itemOf({ ...FILE_KEY, errorId: older.errorId, slaDeadline: older.slaDeadline }) });

    const page = await listSlaErrors(store, { filter: BY_FILE, limit: 2 });

    expect(page.items).toEqual([toPublic(record), toPublic(older)]);
    expect(page.nextToken).toEqual(expect.any(String));
    expect(decodeNextToken(BY_FILE, page.nextToken!)).toEqual({ ...FILE_KEY, errorId: older.errorId, slaDeadline: older.slaDeadline });
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ IndexName: 'byFile', Limit: 2 });
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).not.toHaveProperty('ExclusiveStartKey');
  });

  it('no LastEvaluatedKey → no nextToken (last page)', async () => {
    ddb.on(QueryCommand).resolves({ Items: [itemOf(record)] });
    const page = await listSlaErrors(store, { filter: BY_FILE, limit: 50 });
    expect(page).toEqual({ items: [toPublic(record)] });
    expect(Object.keys(page)).toEqual(['items']);
  });

  it('no Items → an empty list', async () => {
    ddb.on(QueryCommand).resolves({});
    expect(await listSlaErrors(store, { filter: BY_DAY, limit: 50 })).toEqual({ items: [] });
  });

  it('a nextToken continues from its key (ExclusiveStartKey), and the next token is for the same query', async () => {
    ddb.on(QueryCommand).resolves({ Items: [itemOf(record)], LastEvaluatedKey: itemOf(DAY_KEY) });
    const first = await listSlaErrors(store, { filter: BY_DAY, limit: 1 });
    const second = await listSlaErrors(store, { filter: BY_DAY, limit: 1, nextToken: first.nextToken! });

    const inputs = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(inputs[0]).not.toHaveProperty('ExclusiveStartKey');
    expect(inputs[1]).toMatchObject({
      IndexName: 'byDay',
      ExclusiveStartKey: { deadlineDay: { S: DAY_KEY.deadlineDay }, deadlineSort: { S: DAY_KEY.deadlineSort }, errorId: { S: ID } },
    });
    expect(decodeNextToken(BY_DAY, second.nextToken!)).toEqual(DAY_KEY);
  });

  it('an invalid nextToken → 400 invalid-next-token, DynamoDB not asked', async () => {
    for (const nextToken of ['garbage', encodeNextToken(BY_DAY, DAY_KEY)]) {
      const error = await rejectionOf(listSlaErrors(store, { filter: BY_FILE, limit: 50, nextToken }));
      expect(error).toMatchObject({ statusCode: 400, type: 'invalid-next-token' });
    }
    expect(ddb.calls()).toHaveLength(0);
  });

  it('a DynamoDB failure → InternalError (500) naming Query', async () => {
    const [, failure, logged] = storeFailures(sdk)[4]!;
    ddb.on(QueryCommand).rejects(failure);
    const error = await rejectionOf(listSlaErrors(store, { filter: BY_FILE, limit: 50 }));
    expect(error).toBeInstanceOf(InternalError);
    expect(error).toMatchObject({ statusCode: 500, logMessage: `DynamoDB Query ${logged}`, cause: failure });
  });
});
