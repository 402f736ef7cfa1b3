// The bench scenario of sla-notifier-lambda (`pnpm bench`, see bench/README.md): a batch of the
// table's stream as Lambda delivers it, what counts as success, the fake SNS it publishes to, the
// SDK call the own-work loop answers in-process. Plain data and functions, no imports: the bench's
// child processes load it cheaply.

/* global URLSearchParams -- Node's, as in every module */

/** Records per invocation: new SLA errors of as many source systems, so each is one alert (one PublishBatch call). */
const RECORDS = 10;

/** A stored SLA error as the stream's NEW_IMAGE carries it (DynamoDB JSON). */
const image = (i, r) => {
  const errorId = `${String(i).padStart(16, '0')}${String(r).padStart(16, '0')}`;
  const text = (value) => ({ S: value });
  return {
    errorId: text(errorId),
    fileName: text(`SETTLEMENT_2026112${r % 10}_${i}.csv`),
    sourceSystem: text(`SAP-${r}`),
    slaDeadline: text('2026-11-24T06:00:00.000Z'),
    errorType: text('MISSING'),
    errorMessage: text('File not received by 06:00 UTC in \\\\fs01\\inbound\\sap'),
    severity: text(r % 3 === 0 ? 'CRITICAL' : 'HIGH'),
    detectedAt: text('2026-11-24T06:12:40.000Z'),
    filePath: text(`\\\\fs01\\inbound\\sap\\SETTLEMENT_2026112${r % 10}_${i}.csv`),
    hostName: text('FILEWATCH01'),
    submittedBy: text('svc-filewatch'),
    clientId: text('bench-client'),
    createdAt: text('2026-11-24T06:12:41.120Z'),
    requestId: text('KxQ3sjBfoAMEVZw='),
    fileKey: text(`SAP-${r}#SETTLEMENT_${i}.csv`),
    deadlineDay: text('2026-11-24'),
    deadlineSort: text(`2026-11-24T06:00:00.000Z#${errorId}`),
    expiresAt: { N: '1800000000' },
  };
};

/** PublishBatch answered with every entry published (AWS query protocol, XML). */
const publishBatchAnswer = (ids) =>
  '<PublishBatchResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishBatchResult><Successful>' +
  ids.map((id, n) => `<member><Id>${id}</Id><MessageId>00000000-0000-4000-8000-${String(n).padStart(12, '0')}</MessageId></member>`).join('') +
  '</Successful><Failed></Failed></PublishBatchResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></PublishBatchResponse>';

/** The entry ids of a form-encoded PublishBatch request. */
const entryIds = (body) =>
  [...new URLSearchParams(body.toString('utf8'))].filter(([key]) => /^PublishBatchRequestEntries\.member\.\d+\.Id$/.test(key)).map(([, value]) => value);

/** @type {import('../../../bench/scenario.mjs').Scenario} */
export const scenario = {
  kind: 'event',
  /** A batch of RECORDS INSERTs, new sequence numbers every invocation. */
  event: (i) => ({
    Records: Array.from({ length: RECORDS }, (_, r) => ({
      eventID: `bench-${i}-${r}`,
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-central-1',
      dynamodb: {
        ApproximateCreationDateTime: 1_795_000_000,
        Keys: { errorId: image(i, r).errorId },
        NewImage: image(i, r),
        SequenceNumber: String(1e20 + i * RECORDS + r),
        SizeBytes: 900,
        StreamViewType: 'NEW_IMAGE',
      },
      eventSourceARN: 'arn:aws:dynamodb:eu-central-1:000000000000:table/FileSlaErrors/stream/2026-11-01T00:00:00.000',
    })),
  }),
  ok: (response) => Array.isArray(response?.batchItemFailures) && response.batchItemFailures.length === 0,
  recordsPerInvocation: RECORDS,
  /** SNS, as the function's client speaks to it: form-encoded query protocol in, XML out. */
  fakeEndpoints: {
    'sns-endpoint': (_request, body) => ({ status: 200, headers: { 'content-type': 'text/xml' }, body: publishBatchAnswer(entryIds(body)) }),
  },
  /** A PublishBatch of RECORDS alerts of about the size the function sends, for the plain round trip. */
  probe: () => ({
    endpoint: 'sns-endpoint',
    target: 'AmazonSimpleNotificationService.PublishBatch',
    contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    body: new URLSearchParams([
      ['Action', 'PublishBatch'],
      ['Version', '2010-03-31'],
      ['TopicArn', 'arn:aws:sns:eu-central-1:000000000000:bench-alerts'],
      ...Array.from({ length: RECORDS }, (_, n) => [
        [`PublishBatchRequestEntries.member.${n + 1}.Id`, `alert-${n}`],
        [`PublishBatchRequestEntries.member.${n + 1}.Subject`, `[HIGH] MISSING SAP-${n} SETTLEMENT_20261124_${n}.csv`],
        [`PublishBatchRequestEntries.member.${n + 1}.MessageStructure`, 'json'],
        [`PublishBatchRequestEntries.member.${n + 1}.Message`, JSON.stringify({ default: 'x'.repeat(900), email: 'y'.repeat(700) })],
      ]).flat(),
    ]).toString(),
  }),
  /** Own work: the SNS client's send() answered in-process (every entry published). */
  sdk: {
    module: '@aws-sdk/client-sns',
    clientClass: 'SNSClient',
    command: 'PublishBatchCommand',
    answer: () => ({ $metadata: { httpStatusCode: 200 }, Successful: Array.from({ length: RECORDS }, (_, n) => ({ Id: `alert-${n}`, MessageId: `m-${n}` })), Failed: [] }),
    sampleInput: {
      TopicArn: 'arn:aws:sns:eu-central-1:000000000000:bench-alerts',
      PublishBatchRequestEntries: [{ Id: 'alert-0', Subject: '[HIGH] MISSING SAP-0 F.csv', Message: '{"default":"{}","email":"x"}', MessageStructure: 'json' }],
    },
  },
  verifiesToken: false,
};
