// The bench scenario of sla-error-lambda (`pnpm bench`, see bench/README.md): what one invocation
// sends, what counts as success, the SDK call the own-work loop answers in-process, and the bare
// baseline. Plain data and functions, no imports: the bench's child processes load it cheaply.

/** A PutItem of about the size the function sends (for the plain round-trip probe). */
const PUT_ITEM_FIELDS = ['errorId', 'fileName', 'sourceSystem', 'slaDeadline', 'errorType', 'errorMessage', 'severity', 'hostName', 'detectedAt', 'submittedBy', 'clientId', 'createdAt', 'requestId', 'fileKey', 'deadlineDay', 'deadlineSort'];

/** @type {import('../../../bench/scenario-types.js').Scenario} */
export const scenario = {
  kind: 'http',
  /** `POST /sla-errors` with one SLA error (a different file each time) and a valid Bearer token. */
  event: (i, { httpApiEvent, tokens }) =>
    httpApiEvent({
      method: 'POST',
      path: '/sla-errors',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Mozilla/5.0 (Windows NT 10.0) WindowsPowerShell/5.1',
        host: 'api.example.test',
        authorization: `Bearer ${tokens.accessToken}`,
      },
      body: JSON.stringify({
        fileName: `daily-report-${i}.csv`,
        sourceSystem: 'SAP',
        slaDeadline: '2026-11-24T06:00:00Z',
        errorType: 'MISSING',
        errorMessage: 'File not received by the deadline',
        severity: 'HIGH',
        hostName: 'FILESRV01',
        details: { expectedBy: '06:00', attempts: 3 },
      }),
    }),
  ok: (response) => response?.statusCode === 200,
  probe: (identity) => ({
    endpoint: 'dynamodb',
    target: 'DynamoDB_20120810.PutItem',
    contentType: 'application/x-amz-json-1.0',
    body: JSON.stringify({
      ConditionExpression: 'attribute_not_exists(errorId)',
      Item: Object.fromEntries(PUT_ITEM_FIELDS.map((name) => [name, { S: `${name}-value-0123456789abcdef` }])),
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      TableName: identity.tableName,
    }),
  }),
  /** Own work: the DynamoDB client's send() answered in-process (PutItem accepted). */
  sdk: {
    module: '@aws-sdk/client-dynamodb',
    clientClass: 'DynamoDBClient',
    command: 'PutItemCommand',
    answer: () => ({ $metadata: { httpStatusCode: 200 } }),
    /** As the fake DynamoDB does with BENCH_DUPLICATE_SHARE: a refused PutItem, with the stored item. */
    conditionFailed: () =>
      Object.assign(new Error('The conditional request failed'), {
        name: 'ConditionalCheckFailedException',
        $metadata: { httpStatusCode: 400 },
        Item: { createdAt: { S: '2026-11-24T06:05:01.000Z' } },
      }),
    sampleInput: { TableName: 'table', Item: { errorId: { S: 'e' }, fileName: { S: 'f' } }, ConditionExpression: 'attribute_not_exists(errorId)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
  },
  verifiesToken: true,
  bare: 'bare.mjs',
};
