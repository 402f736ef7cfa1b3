import type * as ClientDynamoDb from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

type Sdk = typeof ClientDynamoDb;

/** A record or key as DynamoDB JSON: how DynamoDB answers it (`Item`, `Items`, `LastEvaluatedKey`). */
export const itemOf = (value: object): Record<string, AttributeValue> => marshall(value);

/** A record or key sent to DynamoDB (DynamoDB JSON), read back as plain values. */
export const valuesOf = (item: Record<string, AttributeValue> | undefined): Record<string, unknown> => unmarshall(item!);

/** `$metadata` of a DynamoDB error answer. */
const $metadata = { httpStatusCode: 400, requestId: 'DDB0REQ1ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', attempts: 3, totalRetryDelay: 180 };

/** AWS text that must never reach a response body (each error below carries it). */
export const AWS_TEXT = 'arn:aws:dynamodb:eu-central-1:123456789012:table/FileSlaErrors';

/**
 * The DynamoDB failures the store must turn into `500`, as the SDK throws them (built from `sdk`,
 * the module instance the code under test loaded). Each: label, error, the log line expected.
 */
export const storeFailures = (sdk: Sdk): [label: string, error: Error, logged: string][] => [
  [
    'ProvisionedThroughputExceededException (throttled past retries)',
    new sdk.ProvisionedThroughputExceededException({
      message: `The level of configured provisioned throughput for the table was exceeded: ${AWS_TEXT}`,
      $metadata,
    }),
    'throttled past retries',
  ],
  [
    'ThrottlingException (throttled past retries)',
    new sdk.ThrottlingException({ message: `Throughput exceeds the current capacity of your table or index: ${AWS_TEXT}`, $metadata }),
    'throttled past retries',
  ],
  [
    'RequestLimitExceeded (throttled past retries)',
    new sdk.RequestLimitExceeded({ message: `Throughput exceeds the current capacity for your account: ${AWS_TEXT}`, $metadata }),
    'throttled past retries',
  ],
  [
    'ValidationException',
    new sdk.DynamoDBServiceException({
      name: 'ValidationException',
      $fault: 'client',
      message: `One or more parameter values were invalid: Missing the key errorId in the item (${AWS_TEXT})`,
      $metadata,
    }),
    'failed (ValidationException)',
  ],
  [
    'ResourceNotFoundException',
    new sdk.ResourceNotFoundException({ message: `Requested resource not found: Table: ${AWS_TEXT} not found`, $metadata }),
    'failed (ResourceNotFoundException)',
  ],
  [
    'InternalServerError',
    new sdk.InternalServerError({ message: `Internal server error (${AWS_TEXT})`, $metadata }),
    'failed (InternalServerError)',
  ],
  [
    'a network time-out (TimeoutError)',
    Object.assign(new Error(`Connection timed out after 1000 ms (${AWS_TEXT})`), { name: 'TimeoutError' }),
    'failed (TimeoutError)',
  ],
  [
    'a refused connection (ECONNREFUSED)',
    Object.assign(new Error(`connect ECONNREFUSED 10.0.3.17:443 (${AWS_TEXT})`), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' }),
    'failed (Error)',
  ],
];

/** The conditional put found the record: DynamoDB returns the old item (`ALL_OLD`), still marshalled. */
export const conditionFailed = (sdk: Sdk, createdAt?: string, errorId = '426a9ac1c4eafd034aa6929ccfb92037'): Error =>
  new sdk.ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata,
    ...(createdAt === undefined ? {} : { Item: { errorId: { S: errorId }, createdAt: { S: createdAt } } }),
  });

/**
 * An in-memory table behind the mocked `PutItemCommand`: a conditional put stores the item (DynamoDB
 * JSON, as sent) once and answers a repeat with `ConditionalCheckFailedException` carrying the old
 * item, as DynamoDB does with `ReturnValuesOnConditionCheckFailure: ALL_OLD`. `failFor` makes the
 * puts of that fileName fail with `error` (nothing stored).
 */
export const conditionalTable = (sdk: Sdk) => {
  const items = new Map<string, Record<string, AttributeValue>>();
  let failing: { fileName: string; error: Error } | undefined;
  return {
    items,
    failFor(fileName: string | undefined, error?: Error) {
      failing = fileName === undefined || error === undefined ? undefined : { fileName, error };
    },
    put(input: { Item?: Record<string, AttributeValue> | undefined; ConditionExpression?: string | undefined }): Record<string, never> {
      const item = input.Item!;
      const { errorId, fileName } = unmarshall(item);
      if (failing && fileName === failing.fileName) throw failing.error;
      const old = items.get(String(errorId));
      if (old && input.ConditionExpression === 'attribute_not_exists(errorId)') {
        throw new sdk.ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata, Item: old });
      }
      items.set(String(errorId), item);
      return {};
    },
  };
};
