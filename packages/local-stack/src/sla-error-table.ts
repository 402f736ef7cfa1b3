import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type CreateTableCommandInput,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';

/** The TTL attribute of docs/architecture.md, Data model (epoch seconds). */
export const SLA_ERROR_TTL_ATTRIBUTE = 'expiresAt';

/** A DynamoDB client for a local engine (region `local`, credentials `local`/`local`). */
export const createLocalDynamoDbClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

/** The CreateTable request for the table of docs/architecture.md (Data model): `errorId`, GSIs `byFile` and `byDay`, on demand. */
export const slaErrorTableDefinition = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: 'errorId', AttributeType: 'S' },
    { AttributeName: 'fileKey', AttributeType: 'S' },
    { AttributeName: 'slaDeadline', AttributeType: 'S' },
    { AttributeName: 'deadlineDay', AttributeType: 'S' },
    { AttributeName: 'deadlineSort', AttributeType: 'S' },
  ],
  KeySchema: [{ AttributeName: 'errorId', KeyType: 'HASH' }],
  GlobalSecondaryIndexes: [
    {
      IndexName: 'byFile',
      KeySchema: [
        { AttributeName: 'fileKey', KeyType: 'HASH' },
        { AttributeName: 'slaDeadline', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
    {
      IndexName: 'byDay',
      KeySchema: [
        { AttributeName: 'deadlineDay', KeyType: 'HASH' },
        { AttributeName: 'deadlineSort', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
});

const errorName = (error: unknown): string => (error as { name?: string }).name ?? '';

/** Throws when an existing table lacks the key or an index the service queries. */
const assertShape = (table: TableDescription | undefined, tableName: string): void => {
  const expected = slaErrorTableDefinition(tableName);
  const keys = (schema: { AttributeName?: string; KeyType?: string }[] | undefined): string =>
    (schema ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`).join(',');
  const problems: string[] = [];
  if (keys(table?.KeySchema) !== keys(expected.KeySchema)) problems.push(`key ${keys(table?.KeySchema)}`);
  for (const index of expected.GlobalSecondaryIndexes ?? []) {
    const found = table?.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === index.IndexName);
    if (!found) problems.push(`no index ${index.IndexName}`);
    else if (keys(found.KeySchema) !== keys(index.KeySchema)) problems.push(`index ${index.IndexName} keyed ${keys(found.KeySchema)}`);
  }
  if (problems.length > 0) {
    throw new Error(`Table ${tableName} exists with another shape (${problems.join('; ')}): delete it, or the local data folder`);
  }
};

/** Turns TTL on, unless it is on already or the engine has no TTL (dynalite). */
const enableTtl = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  const described = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const { TimeToLiveStatus, AttributeName } = described.TimeToLiveDescription ?? {};
  if ((TimeToLiveStatus === 'ENABLED' || TimeToLiveStatus === 'ENABLING') && AttributeName === SLA_ERROR_TTL_ATTRIBUTE) return;
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: SLA_ERROR_TTL_ATTRIBUTE },
      }),
    );
  } catch (error) {
    // UnknownOperationException: no TTL in this engine; ValidationException: already enabled.
    if (!['UnknownOperationException', 'ValidationException'].includes(errorName(error))) throw error;
  }
};

/**
 * Creates the SLA error table of docs/architecture.md (Data model) unless it exists (an existing one must have its key and
 * indexes), waits until it is ACTIVE, then enables TTL on `expiresAt` where the engine supports it.
 * Idempotent; says whether it created the table.
 */
export const ensureSlaErrorTable = async (client: DynamoDBClient, tableName: string): Promise<'created' | 'existed'> => {
  let outcome: 'created' | 'existed' = 'existed';
  try {
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
    assertShape(described.Table, tableName);
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') throw error;
    try {
      await client.send(new CreateTableCommand(slaErrorTableDefinition(tableName)));
      outcome = 'created';
    } catch (createError) {
      // Someone else created it in between.
      if (errorName(createError) !== 'ResourceInUseException') throw createError;
    }
  }
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  await enableTtl(client, tableName);
  return outcome;
};
