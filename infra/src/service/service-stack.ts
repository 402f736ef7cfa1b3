import { Aws, CfnCondition, CfnOutput, Fn, Stack, type StackProps, type CfnResource } from 'aws-cdk-lib';
import { CfnUserPoolGroup } from 'aws-cdk-lib/aws-cognito';
import { Grant, type Role } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { EnvSource, Permission } from '@file-sla/shared-middleware';
import type { FunctionManifest, HttpFunctionManifest } from '../manifests.js';
import { acknowledgeWildcards } from '../nag.js';
import { functionNames, pascalCase, RESOURCE_PREFIX } from '../naming.mjs';
import { ServiceHttpApi } from './http-api.js';
import { ManifestFunction } from './manifest-function.js';
import { ManifestParameters } from './parameters.js';
import { SlaErrorTable, type StreamView } from './table.js';
import { ServiceTopics } from './topics.js';
import { ServiceUserPool } from './user-pool.js';

/** Days CloudWatch Logs can keep a log group. */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653].map(String);

export interface ServiceStackProps extends StackProps {
  /** Every function's manifest (`loadManifests()`), in the order the functions are created. */
  manifests: readonly FunctionManifest[];
}

/**
 * The File SLA Error service, built from the function manifests: the user pool and its app
 * client, the SLA error table, one function per manifest (see {@link ManifestFunction}), the HTTP
 * API with every HTTP function's routes, the topics and groups the manifests declare, and the
 * alarms to the operations topic. Plain CloudFormation: the code locations are parameters.
 */
export class ServiceStack extends Stack {
  readonly functions: ManifestFunction[] = [];

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    this.templateOptions.description =
      'File SLA Error service: Cognito user pool and app client, the SLA error table, one Lambda function (Node.js 24, arm64) per function manifest with a live alias, ' +
      'an HTTP API in front of the HTTP functions, and alarms to an operations topic. Deployed by scripts/deploy.sh.';
    const parameters = new ManifestParameters(this);

    const stage = parameters.get('Stage', {
      type: 'String',
      default: 'prod',
      allowedPattern: '^[a-z][a-z0-9-]{0,15}$',
      description: `Name prefix of every named resource (${RESOURCE_PREFIX}-<Stage>-…), e.g. prod or staging: lower-case letters, digits and hyphens, at most 16.`,
    });
    const namePrefix = `${RESOURCE_PREFIX}-${stage.valueAsString}`;
    const codeBucket = parameters.get('CodeBucket', { type: 'String', description: 'S3 bucket holding the Lambda zips (the bootstrap stack\'s artifact bucket).' });
    const logRetention = parameters.get('LogRetentionDays', {
      type: 'Number',
      default: 30,
      allowedValues: RETENTION_DAYS,
      description: 'Days CloudWatch keeps the function logs and the API access log.',
    });
    const rateLimit = parameters.get('ThrottlingRateLimit', { type: 'Number', default: 50, minValue: 1, description: 'Steady-state requests per second the HTTP API stage accepts.' });
    const burstLimit = parameters.get('ThrottlingBurstLimit', { type: 'Number', default: 100, minValue: 1, description: 'Burst of requests the HTTP API stage accepts.' });
    const errorRate = parameters.get('ApiErrorRateAlarmPercent', {
      type: 'Number',
      default: 5,
      minValue: 0,
      maxValue: 100,
      description: 'The API 5xx alarm fires when at least this percentage of the requests of 5 minutes are answered 5xx.',
    });
    const jwks = parameters.get('UserPoolJwks', {
      type: 'String',
      default: '',
      description: "The user pool's JWKS document, filled in by scripts/deploy.sh after the pool exists (empty = the functions fetch it on first use).",
    });

    const userPool = new ServiceUserPool(this, 'UserPool', { namePrefix });
    const streamViews = props.manifests.flatMap((manifest): StreamView[] => (manifest.kind === 'event' ? [manifest.eventSource.streamView] : []));
    const { table } = new SlaErrorTable(this, 'SlaErrors', { tableName: `${namePrefix}-errors`, streamViews });
    const topics = new ServiceTopics(this, 'Topics', { namePrefix, parameters });

    // Resources the manifests bring with them.
    const groups = new Map<string, { group: CfnUserPoolGroup; condition: CfnCondition }>();
    for (const manifest of props.manifests) {
      for (const [groupId, group] of Object.entries(manifest.resources?.groups ?? {})) {
        const name = parameters.get(group.parameter, {
          type: 'String',
          default: group.default,
          allowedPattern: '^[\\w+=,.@-]{0,128}$',
          description: `Cognito group: ${group.description} Empty = no group is created.`,
        });
        if (groups.has(groupId)) continue;
        const id = `${pascalCase(groupId)}Group`;
        const condition = new CfnCondition(this, `Has${id}`, { expression: Fn.conditionNot(Fn.conditionEquals(name.valueAsString, '')) });
        const cfnGroup = new CfnUserPoolGroup(this, id, { userPoolId: userPool.pool.userPoolId, groupName: name.valueAsString, description: group.description });
        cfnGroup.cfnOptions.condition = condition;
        groups.set(groupId, { group: cfnGroup, condition });
      }
      for (const [topicId, topic] of Object.entries(manifest.resources?.topics ?? {})) topics.declare(topicId, topic);
    }

    const environmentValue = (source: EnvSource, by: string): string | undefined => {
      if ('value' in source) return source.value;
      if ('parameter' in source) return parameters.fromSource(source).valueAsString;
      if ('local' in source) return undefined;
      const ref = source.ref;
      if (ref === 'user-pool-id') return userPool.pool.userPoolId;
      if (ref === 'user-pool-client-id') return userPool.client.userPoolClientId;
      if (ref === 'user-pool-client-secret') return userPool.clientSecret;
      if (ref === 'user-pool-jwks') return jwks.valueAsString;
      if (ref === 'table-name') return table.tableName;
      if (ref.startsWith('group-name:')) {
        const group = groups.get(ref.slice('group-name:'.length));
        if (!group) throw new Error(`${by} refers to group "${ref.slice('group-name:'.length)}", which no manifest declares in resources.groups`);
        return Fn.conditionIf(group.condition.logicalId, group.group.ref, Aws.NO_VALUE).toString();
      }
      if (ref.startsWith('topic-arn:')) return topics.get(ref.slice('topic-arn:'.length), by).topicArn;
      throw new Error(`${by}: unknown platform reference "${ref}"`);
    };

    const grant = (role: Role, permission: Permission, by: string): void => {
      if (permission.resource === 'table') {
        const resourceArns = permission.indexes ? [table.tableArn, `${table.tableArn}/index/*`] : [table.tableArn];
        Grant.addToPrincipal({ grantee: role, actions: [...permission.actions], resourceArns });
        acknowledgeWildcards(role, { resources: resourceArns }, `${permission.actions.join(', ')} on the table's indexes (byFile, byDay) too, as ${by}'s manifest declares (indexes: true).`);
        return;
      }
      if (permission.resource.startsWith('topic:')) {
        topics.get(permission.resource.slice('topic:'.length), by).grantPublish(role);
        acknowledgeWildcards(role, { actions: ['kms:GenerateDataKey*'] }, `Publishing to a topic encrypted with the service's key needs its data keys (CDK's grantPublish, on that one key), as ${by}'s manifest declares sns:Publish.`);
        return;
      }
      throw new Error(`${by}: unknown permission resource "${(permission as { resource: string }).resource}"`);
    };

    const platform = { namePrefix, codeBucket: Bucket.fromBucketName(this, 'CodeBucketRef', codeBucket.valueAsString), logRetention, parameters, table, operations: topics.operations, environmentValue, grant };
    const httpFunctions: { manifest: HttpFunctionManifest; target: ManifestFunction['alias'] }[] = [];
    for (const manifest of props.manifests) {
      const names = functionNames(manifest.name);
      const fn = new ManifestFunction(this, names.id, manifest, platform);
      this.functions.push(fn);
      if (manifest.kind === 'http') httpFunctions.push({ manifest, target: fn.alias });
      new CfnOutput(this, names.functionNameOutput, { value: fn.function.functionName, description: `${manifest.name} (scripts/deploy.sh publishes it and moves its live alias).` });
      new CfnOutput(this, names.aliasArnOutput, { value: fn.alias.functionArn, description: `${manifest.name}'s live alias.` });
    }

    const api = new ServiceHttpApi(this, 'HttpApi', { namePrefix, logRetention, rateLimit, burstLimit, errorRatePercent: errorRate, operations: topics.operations, functions: httpFunctions });
    (api.api.node.defaultChild as CfnResource).overrideLogicalId('HttpApi');

    new CfnOutput(this, 'ApiUrl', { value: api.api.apiEndpoint, description: 'Base URL of the HTTP API (POST <ApiUrl>/auth, POST <ApiUrl>/sla-errors).' });
    new CfnOutput(this, 'UserPoolId', { value: userPool.pool.userPoolId, description: 'COGNITO_USER_POOL_ID; scripts/deploy.sh reads the pool\'s JWKS with it.' });
    new CfnOutput(this, 'UserPoolClientId', { value: userPool.client.userPoolClientId, description: 'COGNITO_CLIENT_ID.' });
    new CfnOutput(this, 'TableName', { value: table.tableName, description: 'DYNAMODB_TABLE.' });
    new CfnOutput(this, 'OperationsTopicArn', { value: topics.operations.topicArn, description: 'Where the alarms go (subscribe with the OperationsEmail parameter).' });
  }
}

