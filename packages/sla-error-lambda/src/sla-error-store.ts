import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InternalError } from '@file-sla/shared-middleware';
import type { SlaErrorRecord } from './sla-error.js';

/** The outcome of a conditional write. */
export type PutOutcome = { status: 'created'; createdAt: string } | { status: 'duplicate'; createdAt: string };

/** A small port over the table: what the use cases need, nothing of DynamoDB leaks out. */
export interface SlaErrorStore {
  /** Writes the record unless one with its `errorId` exists; never overwrites. */
  putIfAbsent(record: SlaErrorRecord): Promise<PutOutcome>;
  /** The record, or `undefined`. */
  get(errorId: string): Promise<SlaErrorRecord | undefined>;
}

const THROTTLING = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);

/** Names the DynamoDB failure for the log; every one of them is a `500` for the caller. */
export const storeFailure = (operation: string, error: unknown): InternalError => {
  const name = (error as { name?: unknown } | null)?.name;
  const what = typeof name === 'string' && THROTTLING.has(name) ? 'throttled past retries' : `failed (${typeof name === 'string' ? name : 'unknown error'})`;
  return new InternalError(`DynamoDB ${operation} ${what}`, error);
};

const isConditionFailure = (error: unknown): error is { Item?: Record<string, unknown> } =>
  (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';

/** The existing item as the failed condition returned it (lib-dynamodb may leave it marshalled). */
const existingCreatedAt = (item: Record<string, unknown> | undefined): string | undefined => {
  const createdAt = item?.createdAt;
  if (typeof createdAt === 'string') return createdAt;
  const marshalled = (createdAt as { S?: unknown } | undefined)?.S;
  return typeof marshalled === 'string' ? marshalled : undefined;
};

/** The store on a DynamoDB table (DESIGN §5). */
export const createSlaErrorStore = (client: DynamoDBDocumentClient, tableName: string): SlaErrorStore => {
  const get = async (errorId: string): Promise<SlaErrorRecord | undefined> => {
    try {
      const result = await client.send(new GetCommand({ TableName: tableName, Key: { errorId }, ConsistentRead: true }));
      return result.Item as SlaErrorRecord | undefined;
    } catch (error) {
      throw storeFailure('GetItem', error);
    }
  };

  return {
    get,
    async putIfAbsent(record) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: record,
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
