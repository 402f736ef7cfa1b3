import { GetItemCommand, PutItemCommand, QueryCommand, type AttributeValue, type DynamoDBClient, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { InternalError } from '@file-sla/shared-middleware';
import { MARSHALL_OPTIONS } from './dynamodb-client.js';
import { fileKeyOf } from './file-key.js';
import type { ByDayQuery, ByFileQuery } from './list-query.js';
import type { PageKey } from './next-token.js';
import type { SlaErrorRecord } from './sla-error.js';

/** The outcome of a conditional write. */
export type PutOutcome = { status: 'created'; createdAt: string } | { status: 'duplicate'; createdAt: string };

/** A small port over the table: what the use cases need, nothing of DynamoDB leaks out. */
export interface SlaErrorStore {
  /** Writes the record unless one with its `errorId` exists; never overwrites. */
  putIfAbsent(record: SlaErrorRecord): Promise<PutOutcome>;
  /** The record, or `undefined`. */
  get(errorId: string): Promise<SlaErrorRecord | undefined>;
  /** One page of records of a file (newest deadline first) or of a day (deadline order). */
  query(filter: ByFileQuery | ByDayQuery, limit: number, startKey?: PageKey): Promise<{ items: SlaErrorRecord[]; lastKey?: PageKey }>;
}

/** The Query of one page: GSI `byFile` or `byDay` (docs/architecture.md, Data model), values in DynamoDB JSON. */
export const queryInput = (tableName: string, filter: ByFileQuery | ByDayQuery, limit: number, startKey?: PageKey): QueryCommandInput => {
  const page = { TableName: tableName, Limit: limit, ...(startKey ? { ExclusiveStartKey: marshall(startKey, MARSHALL_OPTIONS) } : {}) };
  if (filter.kind === 'byDay') {
    const values = { ':day': filter.date };
    return {
      ...page,
      IndexName: 'byDay',
      KeyConditionExpression: 'deadlineDay = :day',
      ExpressionAttributeValues: marshall(values, MARSHALL_OPTIONS),
      ScanIndexForward: true,
    };
  }
  const range =
    filter.from && filter.to
      ? ' AND slaDeadline BETWEEN :from AND :to'
      : filter.from
        ? ' AND slaDeadline >= :from'
        : filter.to
          ? ' AND slaDeadline <= :to'
          : '';
  const values = {
    ':fileKey': fileKeyOf(filter.sourceSystem, filter.fileName),
    ...(filter.from ? { ':from': filter.from } : {}),
    ...(filter.to ? { ':to': filter.to } : {}),
  };
  return {
    ...page,
    IndexName: 'byFile',
    KeyConditionExpression: `fileKey = :fileKey${range}`,
    ExpressionAttributeValues: marshall(values, MARSHALL_OPTIONS),
    ScanIndexForward: false,
  };
};

const THROTTLING = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);

/** Names the DynamoDB failure for the log; every one of them is a `500` for the caller. */
export const storeFailure = (operation: string, error: unknown): InternalError => {
  const name = (error as { name?: unknown } | null)?.name;
  const what = typeof name === 'string' && THROTTLING.has(name) ? 'throttled past retries' : `failed (${typeof name === 'string' ? name : 'unknown error'})`;
  return new InternalError(`DynamoDB ${operation} ${what}`, error);
};

const isConditionFailure = (error: unknown): error is { Item?: Record<string, AttributeValue> } =>
  (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';

/**
 * `createdAt` of the existing item as the failed condition returned it (`ALL_OLD`, DynamoDB JSON),
 * or `undefined` when it is missing or not DynamoDB JSON (the caller then reads the item).
 */
const existingCreatedAt = (item: Record<string, AttributeValue> | undefined): string | undefined => {
  const attribute = item?.createdAt;
  if (attribute === undefined) return undefined;
  try {
    const { createdAt } = unmarshall({ createdAt: attribute });
    return typeof createdAt === 'string' ? createdAt : undefined;
  } catch {
    return undefined;
  }
};

/** The store on a DynamoDB table (docs/architecture.md, Data model): records marshalled to items and back here. */
export const createSlaErrorStore = (client: DynamoDBClient, tableName: string): SlaErrorStore => {
  const get = async (errorId: string): Promise<SlaErrorRecord | undefined> => {
    try {
      const result = await client.send(new GetItemCommand({ TableName: tableName, Key: { errorId: { S: errorId } }, ConsistentRead: true }));
      return result.Item ? (unmarshall(result.Item) as SlaErrorRecord) : undefined;
    } catch (error) {
      throw storeFailure('GetItem', error);
    }
  };

  return {
    get,
    async query(filter, limit, startKey) {
      try {
        const result = await client.send(new QueryCommand(queryInput(tableName, filter, limit, startKey)));
        return {
          items: (result.Items ?? []).map((item) => unmarshall(item) as SlaErrorRecord),
          ...(result.LastEvaluatedKey ? { lastKey: unmarshall(result.LastEvaluatedKey) as PageKey } : {}),
        };
      } catch (error) {
        throw storeFailure('Query', error);
      }
    },
    async putIfAbsent(record) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall(record, MARSHALL_OPTIONS),
            ConditionExpression: 'attribute_not_exists(errorId)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { status: 'created', createdAt: record.createdAt };
      } catch (error) {
        if (!isConditionFailure(error)) throw storeFailure('PutItem', error);
        const createdAt = existingCreatedAt(error.Item) ?? (await get(record.errorId))?.createdAt ?? record.createdAt;
        return { status: 'duplicate', createdAt };
      }
    },
  };
};
