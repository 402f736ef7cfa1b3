import { defineEventLambda } from '@file-sla/shared-middleware';
import { ALERTABLE_SEVERITIES, DEFAULT_MIN_SEVERITY } from './severity.js';

/**
 * The notifier: new SLA errors from the table's stream become alerts on the alerts topic. Build,
 * local stack, infrastructure, deploy and bench read this declaration (see docs/architecture.md,
 * "Function manifests" and "Alerts").
 *
 * Delivery: only INSERTs of records at HIGH or above invoke the function (a duplicate report writes
 * nothing, so it never alerts again). A record that fails — its publish failed, or its image is not
 * an SLA error — is reported in `batchItemFailures`; the stream retries from it, splitting a failing
 * batch until a bad record fails alone, and after `retryAttempts` it goes to the dead-letter queue
 * while the shard moves on.
 */
export const manifest = defineEventLambda({
  kind: 'event',
  name: 'sla-notifier-lambda',
  description: 'Alerts on new SLA errors: DynamoDB stream of the table → SNS alerts topic.',
  memoryMb: 256,
  timeoutSeconds: 30,
  eventSource: {
    type: 'dynamodb-stream',
    table: 'table',
    streamView: 'NEW_IMAGE',
    startingPosition: 'LATEST',
    batchSize: 100,
    maxBatchingWindowSeconds: 5,
    retryAttempts: 3,
    maxRecordAgeSeconds: 3600,
    bisectBatchOnError: true,
    reportBatchItemFailures: true,
    filters: [{ eventName: ['INSERT'], dynamodb: { NewImage: { severity: { S: [...ALERTABLE_SEVERITIES] } } } }],
    onFailure: 'dead-letter-queue',
  },
  environment: {
    ALERTS_TOPIC_ARN: { ref: 'topic-arn:alerts' },
    ALERT_MIN_SEVERITY: {
      parameter: 'AlertMinSeverity',
      default: DEFAULT_MIN_SEVERITY,
      description: 'Least severity that alerts (the stream filter already drops LOW and MEDIUM).',
      allowedValues: ALERTABLE_SEVERITIES,
    },
    ALERT_DIGEST_THRESHOLD: {
      parameter: 'AlertDigestThreshold',
      default: '5',
      description: 'More breaches than this of one source system in one batch are sent as one digest message.',
    },
    LOG_LEVEL: { parameter: 'LogLevel', default: 'INFO', description: 'LOG_LEVEL of the functions.', allowedValues: ['DEBUG', 'INFO', 'WARN', 'ERROR'] },
    SNS_ENDPOINT: { local: 'sns-endpoint' },
  },
  permissions: [{ resource: 'topic:alerts', actions: ['sns:Publish'] }],
  resources: {
    topics: {
      alerts: {
        description: 'SLA breach alerts: one message per new SLA error at or above ALERT_MIN_SEVERITY, or one digest per source system in a storm.',
        emailSubscriptionParameter: 'AlertEmail',
      },
    },
  },
});
