import { Aws, Fn } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { RESOURCE_PREFIX } from '../naming.mjs';

const arn = (service: string, resource: string, region = Aws.REGION, account = Aws.ACCOUNT_ID) =>
  Fn.join('', ['arn:', Aws.PARTITION, `:${service}:`, region, ':', account, ':', resource]);

/** The service's functions: `file-sla-<Stage>-<name>`, and their aliases and versions (`…:live`, `…:7`). */
const functionsArn = () => arn('lambda', `function:${RESOURCE_PREFIX}-*`);

/**
 * Why each statement's wildcards are the narrowest grant there is (cdk-nag AwsSolutions-IAM5),
 * by statement id.
 */
export const WILDCARD_REASONS: Readonly<Record<string, string>> = {
  UploadArtifacts: "Content-hash keys under the service stack's own prefix (<stack>/<function>/<sha256>.zip, <stack>/templates/…): unknown until the build.",
  ReadServiceStack: 'A stack ARN ends in a generated id; the name is fixed by the ServiceStackName parameter.',
  ChangeServiceStackAsExecutionRole: 'A stack ARN ends in a generated id; the name is fixed by the ServiceStackName parameter.',
  RunServiceStackChangeSets: "The stack's ARN ends in a generated id, and the AWS CLI names its change sets awscli-cloudformation-package-deploy-<time>.",
  PublishFunctions: 'The functions are named file-sla-<Stage>-<function> (and their versions and aliases file-sla-…:<qualifier>); the stage is a parameter of the service stack.',
  ReadCode: "Content-hash keys under the service stack's own prefix: unknown until the build.",
  Functions: 'Functions named file-sla-<Stage>-<function>, created from the manifests.',
  EventSourceMappings: 'CreateEventSourceMapping has no resource-level permission, and a mapping\'s ARN is a generated id.',
  FunctionRoles: 'The functions\' roles are named file-sla-<Stage>-<function>-<region>.',
  PassFunctionRolesToLambda: 'The functions\' roles are named file-sla-<Stage>-<function>-<region>; passed to Lambda only.',
  LogGroups: 'Log groups named /aws/lambda/file-sla-… and /aws/apigateway/file-sla-….',
  ApiAccessLogDelivery: "The HTTP API's access log is set up through CloudWatch Logs' log delivery, whose actions have no resource-level permission.",
  Table: 'The table is named file-sla-<Stage>-errors.',
  TableStreams: 'dynamodb:ListStreams has no resource-level permission.',
  CreateUserPool: 'cognito-idp:CreateUserPool has no resource-level permission.',
  UserPool: "A user pool's ARN ends in a generated id.",
  HttpApi: "An HTTP API's ARN is its generated id (/apis/<id>…).",
  Topics: 'Topics named file-sla-<Stage>-… (and their subscriptions).',
  Queues: 'Dead-letter queues named file-sla-<Stage>-<function>-dlq.',
  Alarms: 'Alarms named file-sla-<Stage>-….',
  CreateTopicKey: 'kms:CreateKey has no resource-level permission.',
  TopicKey: "A KMS key's ARN is its generated id.",
};

/**
 * Exactly what scripts/deploy.sh does with the deploy role (see docs/deploy.md): upload the zips and
 * the template under `<stack>/` in the artifact bucket, run `aws cloudformation deploy` with the
 * CloudFormation execution role (and no other), read the stack's outputs, publish each function's
 * code, wait for it, move its `live` alias, and for a rollback list its versions.
 * infra/tests/bootstrap/deploy-permissions.test.ts checks every command of the deploy plan against it.
 */
export const deployStatements = (props: { bucketArn: string; stackName: string; executionRoleArn: string }): PolicyStatement[] => [
  new PolicyStatement({
    sid: 'UploadArtifacts',
    actions: ['s3:PutObject', 's3:GetObject'],
    resources: [Fn.join('', [props.bucketArn, '/', props.stackName, '/*'])],
  }),
  new PolicyStatement({
    sid: 'ReadServiceStack',
    actions: ['cloudformation:DescribeStacks'],
    resources: [arn('cloudformation', Fn.join('', ['stack/', props.stackName, '/*']))],
  }),
  new PolicyStatement({
    sid: 'ChangeServiceStackAsExecutionRole',
    actions: ['cloudformation:CreateChangeSet'],
    resources: [arn('cloudformation', Fn.join('', ['stack/', props.stackName, '/*']))],
    conditions: { StringEquals: { 'cloudformation:RoleArn': props.executionRoleArn } },
  }),
  new PolicyStatement({
    sid: 'RunServiceStackChangeSets',
    actions: ['cloudformation:DescribeChangeSet', 'cloudformation:ExecuteChangeSet'],
    resources: [arn('cloudformation', Fn.join('', ['stack/', props.stackName, '/*'])), arn('cloudformation', 'changeSet/awscli-cloudformation-package-deploy-*/*')],
  }),
  new PolicyStatement({
    sid: 'PassExecutionRoleToCloudFormation',
    actions: ['iam:PassRole'],
    resources: [props.executionRoleArn],
    conditions: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
  }),
  new PolicyStatement({
    sid: 'PublishFunctions',
    actions: ['lambda:UpdateFunctionCode', 'lambda:PublishVersion', 'lambda:GetFunction', 'lambda:UpdateAlias', 'lambda:ListVersionsByFunction'],
    resources: [functionsArn()],
  }),
];

/**
 * What CloudFormation needs to create, update and delete the service stack's resources, as the
 * execution role the deploy passes (`--role-arn`). Named resources are scoped to `file-sla-*`;
 * what AWS offers no resource-level permission for is on `*` (listed in docs/deploy.md).
 */
export const executionStatements = (props: { bucketArn: string; stackName: string }): PolicyStatement[] => {
  const named = (service: string, resource: string) => arn(service, resource);
  return [
    new PolicyStatement({
      sid: 'ReadCode',
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [Fn.join('', [props.bucketArn, '/', props.stackName, '/*'])],
    }),
    new PolicyStatement({
      sid: 'Functions',
      actions: [
        'lambda:CreateFunction', 'lambda:DeleteFunction', 'lambda:GetFunction', 'lambda:GetFunctionConfiguration', 'lambda:UpdateFunctionConfiguration',
        'lambda:UpdateFunctionCode', 'lambda:PublishVersion', 'lambda:ListVersionsByFunction', 'lambda:CreateAlias', 'lambda:DeleteAlias', 'lambda:GetAlias',
        'lambda:UpdateAlias', 'lambda:AddPermission', 'lambda:RemovePermission', 'lambda:GetPolicy', 'lambda:TagResource', 'lambda:UntagResource', 'lambda:ListTags',
        'lambda:GetRuntimeManagementConfig', 'lambda:PutRuntimeManagementConfig', 'lambda:GetFunctionCodeSigningConfig', 'lambda:GetFunctionRecursionConfig',
        'lambda:PutFunctionRecursionConfig',
      ],
      resources: [functionsArn()],
    }),
    new PolicyStatement({
      sid: 'EventSourceMappings',
      actions: ['lambda:CreateEventSourceMapping', 'lambda:GetEventSourceMapping', 'lambda:UpdateEventSourceMapping', 'lambda:DeleteEventSourceMapping', 'lambda:ListEventSourceMappings', 'lambda:TagResource'],
      resources: ['*'],
    }),
    new PolicyStatement({
      sid: 'FunctionRoles',
      actions: [
        'iam:CreateRole', 'iam:DeleteRole', 'iam:GetRole', 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:TagRole', 'iam:UntagRole',
        'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:GetRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies',
      ],
      resources: [arn('iam', `role/${RESOURCE_PREFIX}-*`, '', Aws.ACCOUNT_ID)],
    }),
    new PolicyStatement({
      sid: 'PassFunctionRolesToLambda',
      actions: ['iam:PassRole'],
      resources: [arn('iam', `role/${RESOURCE_PREFIX}-*`, '', Aws.ACCOUNT_ID)],
      conditions: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    }),
    new PolicyStatement({
      sid: 'LogGroups',
      actions: ['logs:CreateLogGroup', 'logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy', 'logs:TagResource', 'logs:UntagResource', 'logs:ListTagsForResource', 'logs:TagLogGroup'],
      resources: [named('logs', `log-group:/aws/lambda/${RESOURCE_PREFIX}-*`), named('logs', `log-group:/aws/apigateway/${RESOURCE_PREFIX}-*`)],
    }),
    new PolicyStatement({
      sid: 'ApiAccessLogDelivery',
      actions: ['logs:DescribeLogGroups', 'logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies'],
      resources: ['*'],
    }),
    new PolicyStatement({
      sid: 'Table',
      actions: [
        'dynamodb:CreateTable', 'dynamodb:DescribeTable', 'dynamodb:UpdateTable', 'dynamodb:DeleteTable', 'dynamodb:UpdateTimeToLive', 'dynamodb:DescribeTimeToLive',
        'dynamodb:UpdateContinuousBackups', 'dynamodb:DescribeContinuousBackups', 'dynamodb:TagResource', 'dynamodb:UntagResource', 'dynamodb:ListTagsOfResource',
        'dynamodb:DescribeKinesisStreamingDestination', 'dynamodb:DescribeContributorInsights', 'dynamodb:GetResourcePolicy', 'dynamodb:DescribeStream',
      ],
      resources: [named('dynamodb', `table/${RESOURCE_PREFIX}-*`)],
    }),
    new PolicyStatement({ sid: 'TableStreams', actions: ['dynamodb:ListStreams'], resources: ['*'] }),
    new PolicyStatement({ sid: 'CreateUserPool', actions: ['cognito-idp:CreateUserPool'], resources: ['*'] }),
    new PolicyStatement({
      sid: 'UserPool',
      actions: [
        'cognito-idp:DescribeUserPool', 'cognito-idp:UpdateUserPool', 'cognito-idp:DeleteUserPool', 'cognito-idp:SetUserPoolMfaConfig', 'cognito-idp:GetUserPoolMfaConfig',
        'cognito-idp:CreateUserPoolClient', 'cognito-idp:DescribeUserPoolClient', 'cognito-idp:UpdateUserPoolClient', 'cognito-idp:DeleteUserPoolClient',
        'cognito-idp:CreateGroup', 'cognito-idp:GetGroup', 'cognito-idp:UpdateGroup', 'cognito-idp:DeleteGroup',
        'cognito-idp:TagResource', 'cognito-idp:UntagResource', 'cognito-idp:ListTagsForResource',
      ],
      resources: [named('cognito-idp', 'userpool/*')],
    }),
    new PolicyStatement({
      sid: 'HttpApi',
      actions: ['apigateway:GET', 'apigateway:POST', 'apigateway:PUT', 'apigateway:PATCH', 'apigateway:DELETE', 'apigateway:TagResource', 'apigateway:UntagResource'],
      resources: [arn('apigateway', '/apis', Aws.REGION, ''), arn('apigateway', '/apis/*', Aws.REGION, ''), arn('apigateway', '/tags/*', Aws.REGION, '')],
    }),
    new PolicyStatement({
      sid: 'Topics',
      actions: ['sns:CreateTopic', 'sns:DeleteTopic', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:TagResource', 'sns:UntagResource', 'sns:ListTagsForResource', 'sns:Subscribe', 'sns:Unsubscribe', 'sns:GetSubscriptionAttributes', 'sns:ListSubscriptionsByTopic'],
      resources: [named('sns', `${RESOURCE_PREFIX}-*`)],
    }),
    new PolicyStatement({
      sid: 'Queues',
      actions: ['sqs:CreateQueue', 'sqs:DeleteQueue', 'sqs:GetQueueAttributes', 'sqs:SetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:TagQueue', 'sqs:UntagQueue', 'sqs:ListQueueTags'],
      resources: [named('sqs', `${RESOURCE_PREFIX}-*`)],
    }),
    new PolicyStatement({
      sid: 'Alarms',
      actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource', 'cloudwatch:ListTagsForResource'],
      resources: [named('cloudwatch', `alarm:${RESOURCE_PREFIX}-*`)],
    }),
    new PolicyStatement({ sid: 'CreateTopicKey', actions: ['kms:CreateKey'], resources: ['*'] }),
    new PolicyStatement({
      sid: 'TopicKey',
      actions: ['kms:DescribeKey', 'kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:EnableKeyRotation', 'kms:GetKeyRotationStatus', 'kms:ScheduleKeyDeletion', 'kms:TagResource', 'kms:UntagResource', 'kms:ListResourceTags', 'kms:UpdateKeyDescription', 'kms:EnableKey', 'kms:DisableKey'],
      resources: [named('kms', 'key/*')],
    }),
  ];
};
