import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Context } from 'aws-lambda';

/** A stored SLA error as the table holds it (what the stream's NEW_IMAGE carries). */
export const slaErrorItem = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  errorId: '4f1c2a9e0b7d4c3f8a6e5d2c1b0a9f8e',
  fileName: 'SETTLEMENT_20261124.csv',
  sourceSystem: 'SAP-FI',
  slaDeadline: '2026-11-24T06:00:00.000Z',
  errorType: 'MISSING',
  errorMessage: 'No file in \\\\fs01\\inbound\\sap by 06:00 UTC',
  severity: 'CRITICAL',
  detectedAt: '2026-11-24T06:12:40.000Z',
  filePath: '\\\\fs01\\inbound\\sap\\SETTLEMENT_20261124.csv',
  hostName: 'FILEWATCH01',
  submittedBy: 'svc-filewatch',
  clientId: 'client-1',
  createdAt: '2026-11-24T06:12:41.120Z',
  requestId: 'req-1',
  fileKey: 'SAP-FI#SETTLEMENT_20261124.csv',
  deadlineDay: '2026-11-24',
  deadlineSort: '2026-11-24T06:00:00.000Z#4f1c2a9e0b7d4c3f8a6e5d2c1b0a9f8e',
  expiresAt: 1_800_000_000,
  ...overrides,
});

let sequence = 1000;

/** A stream record of the table as Lambda delivers it. */
export const streamRecord = (
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  item: Record<string, unknown> | undefined,
  { sequenceNumber = String((sequence += 1)) }: { sequenceNumber?: string } = {},
): DynamoDBRecord => ({
  eventID: `event-${sequenceNumber}`,
  eventName,
  eventVersion: '1.1',
  eventSource: 'aws:dynamodb',
  awsRegion: 'eu-central-1',
  dynamodb: {
    ApproximateCreationDateTime: 1_795_000_000,
    Keys: { errorId: { S: String(item?.errorId ?? 'unknown') } },
    ...(item ? { NewImage: marshall(item, { removeUndefinedValues: true }) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'] } : {}),
    SequenceNumber: sequenceNumber,
    SizeBytes: 512,
    StreamViewType: 'NEW_IMAGE',
  },
  eventSourceARN: 'arn:aws:dynamodb:eu-central-1:123456789012:table/FileSlaErrors/stream/2026-11-01T00:00:00.000',
});

/** An INSERT of the SLA error `overrides` describe. */
export const insertOf = (overrides: Record<string, unknown> = {}): DynamoDBRecord => streamRecord('INSERT', slaErrorItem(overrides));

/** A batch of records. */
export const streamEvent = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

/** A Lambda context. */
export const lambdaContext = (awsRequestId = 'c6af9ac6-7b61-11e6-9a41-93e812345678'): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'file-sla-sla-notifier',
  functionVersion: '3',
  invokedFunctionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:file-sla-sla-notifier',
  memoryLimitInMB: '256',
  awsRequestId,
  logGroupName: '/aws/lambda/file-sla-sla-notifier',
  logStreamName: '2026/11/24/[3]abcdef',
  getRemainingTimeInMillis: () => 29_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
