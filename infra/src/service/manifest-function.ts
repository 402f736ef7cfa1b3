import { Aws, Duration, RemovalPolicy, Validations, type CfnParameter, type CfnResource } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Alias, Architecture, Code, Function, LoggingFormat, Runtime, StartingPosition, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { EnvSource, Permission } from '@file-sla/shared-middleware';
import type { FunctionManifest } from '../manifests.js';
import { functionNames, LIVE_ALIAS, shortName } from '../naming.mjs';
import { ALARM_PERIOD, operationsAlarm } from './alarms.js';
import type { ManifestParameters } from './parameters.js';

/** An HTTP function stays below the HTTP API's 30 s integration timeout. */
const HTTP_MAX_TIMEOUT_SECONDS = 29;

/** What the stack gives every function. */
export interface FunctionPlatform {
  namePrefix: string;
  codeBucket: IBucket;
  logRetention: CfnParameter;
  parameters: ManifestParameters;
  table: ITable;
  operations: ITopic;
  /** The value of one environment variable, or `undefined` when it is set on the local stack only. */
  environmentValue: (source: EnvSource, by: string) => string | undefined;
  /** Grants one manifest permission to a role. */
  grant: (role: Role, permission: Permission, by: string) => void;
}

/**
 * One function from its manifest: code from the artifact bucket (a key parameter per function),
 * memory and timeout as parameters with the manifest's defaults, a role with exactly the
 * manifest's permissions (and its log group), the log group with retention, the `live` alias that
 * callers invoke, its error and throttle alarms, and for an event function its event source
 * mapping with a dead-letter queue (and that queue's depth alarm).
 */
export class ManifestFunction extends Construct {
  readonly function: Function;
  readonly alias: Alias;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly deadLetterQueue?: Queue;

  constructor(scope: Construct, id: string, manifest: FunctionManifest, platform: FunctionPlatform) {
    super(scope, id);
    const names = functionNames(manifest.name);
    const functionName = `${platform.namePrefix}-${shortName(manifest.name)}`;
    const { parameters } = platform;

    const codeKey = parameters.get(names.codeKeyParameter, {
      type: 'String',
      description: `S3 key of ${manifest.name}.zip in CodeBucket (uploaded by scripts/deploy.sh under a content-hash key).`,
    });
    const memory = parameters.get(names.memoryParameter, {
      type: 'Number',
      default: manifest.memoryMb,
      minValue: 128,
      maxValue: 10240,
      description: `Memory (MB) of ${manifest.name}.`,
    });
    const timeout = parameters.get(names.timeoutParameter, {
      type: 'Number',
      default: manifest.timeoutSeconds,
      minValue: 1,
      maxValue: manifest.kind === 'http' ? HTTP_MAX_TIMEOUT_SECONDS : 900,
      description: `Timeout (s) of ${manifest.name}${manifest.kind === 'http' ? ", below the HTTP API's 30 s integration limit" : ''}.`,
    });

    // Created before the function (its LoggingConfig names it), so Lambda never makes a log group
    // of its own that keeps logs for ever.
    this.logGroup = new LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: platform.logRetention.valueAsNumber as RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.role = new Role(this, 'Role', {
      roleName: `${functionName}-${Aws.REGION}`,
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${manifest.name}: its own log group and what its manifest declares.`,
    });
    this.logGroup.grantWrite(this.role);
    for (const permission of manifest.permissions) platform.grant(this.role, permission, manifest.name);

    const environment: Record<string, string> = {};
    for (const [key, source] of Object.entries(manifest.environment)) {
      const value = platform.environmentValue(source, `${manifest.name} ${key}`);
      if (value !== undefined) environment[key] = value;
    }

    this.function = new Function(this, 'Function', {
      functionName,
      description: manifest.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      handler: 'index.handler',
      code: Code.fromBucket(platform.codeBucket, codeKey.valueAsString),
      memorySize: memory.valueAsNumber,
      timeout: Duration.seconds(timeout.valueAsNumber),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.TEXT,
      environment,
    });
    Validations.of(this.function).acknowledge(
      { id: 'Serverless-LambdaTracing', reason: 'No X-Ray: every log line and every response carries the request id, and the role holds only what the manifest declares.' },
    );
    // The role is already a dependency through Fn::GetAtt; only its policy needs DependsOn (so the
    // function can use its permissions as soon as it exists).
    const cfnFunction = this.function.node.defaultChild as CfnFunction;
    const policy = this.role.node.tryFindChild('DefaultPolicy')?.node.defaultChild as CfnResource | undefined;
    cfnFunction.addOverride('DependsOn', policy ? [policy.logicalId] : undefined);

    // Starts on $LATEST; scripts/deploy.sh publishes a version and moves the alias to it, and a
    // rollback moves it back. The stack never changes the version, so an update leaves it there.
    this.alias = new Alias(this, 'Live', {
      aliasName: LIVE_ALIAS,
      version: this.function.latestVersion,
      description: 'What the HTTP API and event sources invoke; moved by scripts/deploy.sh.',
    });

    operationsAlarm(this, 'Errors', {
      alarmName: `${functionName}-errors`,
      description: `${manifest.name} threw or timed out (Lambda Errors).`,
      metric: this.function.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum' }),
      threshold: 1,
      topic: platform.operations,
    });
    operationsAlarm(this, 'Throttles', {
      alarmName: `${functionName}-throttles`,
      description: `${manifest.name} was throttled (Lambda Throttles): raise its concurrency or find the caller.`,
      metric: this.function.metricThrottles({ period: ALARM_PERIOD, statistic: 'Sum' }),
      threshold: 1,
      topic: platform.operations,
    });

    if (manifest.kind === 'event') {
      this.deadLetterQueue = this.streamSource(manifest, functionName, platform);
      Validations.of(this.function).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason: 'Invoked by its stream event source mapping only, whose on-failure destination is the dead-letter queue; a function DLQ serves asynchronous invocations, which it has none of.',
      });
    } else {
      Validations.of(this.function).acknowledge(
        { id: 'Serverless-LambdaDLQ', reason: 'Invoked synchronously by the HTTP API: a failure is the caller\'s 500, there is no event to keep.' },
        { id: 'Serverless-LambdaAsyncFailureDestination', reason: 'Invoked synchronously by the HTTP API only; no asynchronous invocation to send anywhere.' },
      );
    }
  }

  private streamSource(manifest: Extract<FunctionManifest, { kind: 'event' }>, functionName: string, platform: FunctionPlatform): Queue {
    const source = manifest.eventSource;
    const queue = new Queue(this, 'DeadLetterQueue', {
      queueName: `${functionName}-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge(
      { id: 'AwsSolutions-SQS3', reason: 'This queue is the dead-letter destination of the event source mapping itself.' },
      { id: 'Serverless-SQSRedrivePolicy', reason: 'This queue is the dead-letter destination of the event source mapping itself.' },
    );
    this.alias.addEventSource(
      new DynamoEventSource(platform.table, {
        startingPosition: StartingPosition[source.startingPosition],
        batchSize: source.batchSize,
        maxBatchingWindow: Duration.seconds(source.maxBatchingWindowSeconds),
        retryAttempts: source.retryAttempts,
        ...(source.maxRecordAgeSeconds !== undefined ? { maxRecordAge: Duration.seconds(source.maxRecordAgeSeconds) } : {}),
        bisectBatchOnError: source.bisectBatchOnError,
        reportBatchItemFailures: source.reportBatchItemFailures,
        filters: source.filters.map((pattern) => ({ pattern: JSON.stringify(pattern) })),
        onFailure: new SqsDlq(queue),
      }),
    );
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'dynamodb:ListStreams, which the stream event source mapping needs, has no resource-level permission.',
    });
    operationsAlarm(this, 'DeadLetters', {
      alarmName: `${functionName}-dead-letters`,
      description: `Records ${manifest.name} could not handle after its retries wait in ${functionName}-dlq.`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD, statistic: 'Maximum' }),
      threshold: 1,
      topic: platform.operations,
    });
    return queue;
  }
}
