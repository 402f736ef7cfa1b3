import { describe, expect, it } from '@jest/globals';
import { Match } from 'aws-cdk-lib/assertions';
import type { EnvSource } from '@file-sla/shared-middleware';
import { functionNames, pascalCase, shortName } from '../../src/naming.mjs';
import { actionsOf, loadManifests, resourceOf, statementsOfRole, synthesize } from '../support/app.js';

const manifests = await loadManifests();
const { service: template } = synthesize(manifests);
const httpManifests = manifests.filter((manifest) => manifest.kind === 'http');

/** `file-sla-<Stage>-<name>` as CloudFormation writes it. */
const named = (suffix: string) => ({ 'Fn::Join': ['', ['file-sla-', { Ref: 'Stage' }, ...(suffix ? [suffix] : [])]] });

const expectedEnvironmentValue = (source: EnvSource): unknown => {
  if ('value' in source) return source.value;
  if ('parameter' in source) return { Ref: source.parameter };
  if ('local' in source) return undefined;
  const ref = source.ref;
  if (ref === 'user-pool-id') return { Ref: 'UserPool' };
  if (ref === 'user-pool-client-id') return { Ref: 'UserPoolClient' };
  if (ref === 'user-pool-client-secret') return { 'Fn::GetAtt': ['UserPoolClient', 'ClientSecret'] };
  if (ref === 'user-pool-jwks') return { Ref: 'UserPoolJwks' };
  if (ref === 'table-name') return { Ref: 'Table' };
  if (ref.startsWith('group-name:')) {
    const id = `${pascalCase(ref.slice('group-name:'.length))}Group`;
    return { 'Fn::If': [`Has${id}`, { Ref: id }, { Ref: 'AWS::NoValue' }] };
  }
  throw new Error(`no expectation for ${ref}`);
};

describe.each(manifests)('$name', (manifest) => {
  const names = functionNames(manifest.name);
  const fn = resourceOf(template, 'AWS::Lambda::Function', `${names.id}Function`);
  const role = resourceOf(template, 'AWS::IAM::Role', `${names.id}Role`);
  const logGroup = resourceOf(template, 'AWS::Logs::LogGroup', `${names.id}LogGroup`);
  const alias = resourceOf(template, 'AWS::Lambda::Alias', `${names.id}Live`);
  const props = fn.resource.Properties as Record<string, unknown>;

  it('is a Node.js 24 arm64 function whose code, memory and timeout are stack parameters (the manifest\'s values as defaults)', () => {
    expect(props).toMatchObject({
      FunctionName: named(`-${shortName(manifest.name)}`),
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Code: { S3Bucket: { Ref: 'CodeBucket' }, S3Key: { Ref: names.codeKeyParameter } },
      MemorySize: { Ref: names.memoryParameter },
      Timeout: { Ref: names.timeoutParameter },
      Role: { 'Fn::GetAtt': [role.id, 'Arn'] },
      LoggingConfig: { LogGroup: { Ref: logGroup.id } },
    });
    template.hasParameter(names.memoryParameter, { Type: 'Number', Default: manifest.memoryMb });
    template.hasParameter(names.timeoutParameter, { Type: 'Number', Default: manifest.timeoutSeconds, MaxValue: manifest.kind === 'http' ? 29 : 900 });
    template.hasParameter(names.codeKeyParameter, { Type: 'String' });
  });

  it('gets exactly the environment its manifest declares (local-stack values left out)', () => {
    const expected = Object.fromEntries(
      Object.entries(manifest.environment).flatMap(([key, source]) => {
        const value = expectedEnvironmentValue(source);
        return value === undefined ? [] : [[key, value]];
      }),
    );
    expect((props.Environment as { Variables: Record<string, unknown> }).Variables).toEqual(expected);
    for (const source of Object.values(manifest.environment)) {
      if ('parameter' in source) template.hasParameter(source.parameter, { Type: 'String', Default: source.default, ...(source.allowedValues ? { AllowedValues: [...source.allowedValues] } : {}) });
    }
  });

  it('has a role that may do exactly what the manifest declares, plus writing its own log group', () => {
    expect(role.resource.Properties).toMatchObject({
      RoleName: { 'Fn::Join': ['', ['file-sla-', { Ref: 'Stage' }, `-${shortName(manifest.name)}-`, { Ref: 'AWS::Region' }]] },
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }] },
    });
    expect((role.resource.Properties as Record<string, unknown>).ManagedPolicyArns).toBeUndefined();
    const granted = statementsOfRole(template, role.id).flatMap((statement) => {
      expect(statement.Effect).toBe('Allow');
      return actionsOf(statement).flatMap((action) => [statement.Resource].flat().map((resource) => `${action} ${JSON.stringify(resource)}`));
    });
    const tableArn = { 'Fn::GetAtt': ['Table', 'Arn'] };
    const expected = [
      ...['logs:CreateLogStream', 'logs:PutLogEvents'].map((action) => `${action} ${JSON.stringify({ 'Fn::GetAtt': [logGroup.id, 'Arn'] })}`),
      ...manifest.permissions.flatMap((permission) =>
        permission.resource === 'table'
          ? permission.actions.flatMap((action) => [tableArn, ...(permission.indexes ? [{ 'Fn::Join': ['', [tableArn, '/index/*']] }] : [])].map((arn) => `${action} ${JSON.stringify(arn)}`))
          : [],
      ),
    ];
    if (manifest.kind === 'http' && manifest.permissions.every((permission) => permission.resource === 'table')) expect(granted.sort()).toEqual(expected.sort());
    else expect(granted).toEqual(expect.arrayContaining(expected));
    expect(granted.filter((grant) => /^(dynamodb|sns|logs):\*/.test(grant) || grant.startsWith('* '))).toEqual([]);
  });

  it('logs to its own log group, kept for LogRetentionDays and deleted with the stack', () => {
    expect(logGroup.resource).toMatchObject({
      DeletionPolicy: 'Delete',
      Properties: { LogGroupName: { 'Fn::Join': ['', ['/aws/lambda/file-sla-', { Ref: 'Stage' }, `-${shortName(manifest.name)}`]] }, RetentionInDays: { Ref: 'LogRetentionDays' } },
    });
  });

  it('has a live alias that starts on $LATEST (the deploy moves it), and its ARN and the function name are outputs', () => {
    expect(alias.resource.Properties).toMatchObject({ Name: 'live', FunctionVersion: '$LATEST', FunctionName: { Ref: fn.id } });
    template.hasOutput(names.functionNameOutput, { Value: { Ref: fn.id } });
    template.hasOutput(names.aliasArnOutput, { Value: { Ref: alias.id } });
  });

  it('alarms the operations topic on its errors and throttles', () => {
    for (const metric of ['Errors', 'Throttles']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn.id } }],
        Threshold: 1,
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^TopicsOperations') }],
      });
    }
  });

  if (manifest.kind === 'http') {
    it('serves its routes through the HTTP API, which invokes its live alias', () => {
      const integration = resourceOf(template, 'AWS::ApiGatewayV2::Integration', `HttpApiANY${manifest.routes[0]!.path.replace(/[^A-Za-z0-9]/g, '')}`);
      expect(integration.resource.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', IntegrationUri: { Ref: alias.id }, PayloadFormatVersion: '2.0' });
      for (const path of new Set(manifest.routes.map((route) => route.path))) {
        template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
          ApiId: { Ref: 'HttpApi' },
          RouteKey: `ANY ${path}`,
          Target: { 'Fn::Join': ['', ['integrations/', { Ref: integration.id }]] },
        });
        template.hasResourceProperties('AWS::Lambda::Permission', {
          Action: 'lambda:InvokeFunction',
          FunctionName: { Ref: alias.id },
          Principal: 'apigateway.amazonaws.com',
          SourceArn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: 'HttpApi' }, `/*/*${path}`])] },
        });
      }
    });
  }
});

describe('the service stack', () => {
  it('keeps the user pool: admin-created accounts only, a strong password policy, recovery by an administrator', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        UserPoolName: named(''),
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UsernameConfiguration: { CaseSensitive: false },
        Policies: { PasswordPolicy: { MinimumLength: 16, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 7 } },
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] },
        MfaConfiguration: 'OFF',
      },
    });
  });

  it('has one app client with a secret, USER_PASSWORD_AUTH and refresh, and no user-existence hints', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: { Ref: 'UserPool' },
      GenerateSecret: true,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AllowedOAuthFlowsUserPoolClient: false,
    });
  });

  it('keeps the SLA error table: on demand, point-in-time recovery, encrypted, TTL expiresAt, both indexes', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        TableName: named('-errors'),
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'errorId', KeyType: 'HASH' }],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        GlobalSecondaryIndexes: [
          { IndexName: 'byFile', KeySchema: [{ AttributeName: 'fileKey', KeyType: 'HASH' }, { AttributeName: 'slaDeadline', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } },
          { IndexName: 'byDay', KeySchema: [{ AttributeName: 'deadlineDay', KeyType: 'HASH' }, { AttributeName: 'deadlineSort', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } },
        ],
      },
    });
  });

  it('gives the table a stream only when a manifest declares a stream source', () => {
    const wantsStream = manifests.some((manifest) => manifest.kind === 'event');
    const table = Object.values(template.findResources('AWS::DynamoDB::Table'))[0] as { Properties: Record<string, unknown> };
    expect(table.Properties.StreamSpecification !== undefined).toBe(wantsStream);
  });

  it('creates each declared group only when its name parameter is not empty', () => {
    for (const manifest of manifests) {
      for (const [id, group] of Object.entries(manifest.resources?.groups ?? {})) {
        const logicalId = `${pascalCase(id)}Group`;
        template.hasParameter(group.parameter, { Type: 'String', Default: group.default });
        template.hasCondition(`Has${logicalId}`, { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: group.parameter }, ''] }] });
        template.hasResource('AWS::Cognito::UserPoolGroup', { Condition: `Has${logicalId}`, Properties: { GroupName: { Ref: group.parameter }, UserPoolId: { Ref: 'UserPool' } } });
      }
    }
  });

  it('has a throttled $default stage with a JSON access log that logs no header', () => {
    const stage = resourceOf(template, 'AWS::ApiGatewayV2::Stage', 'HttpApiStage').resource.Properties as Record<string, unknown>;
    expect(stage).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: { Ref: 'ThrottlingRateLimit' }, ThrottlingBurstLimit: { Ref: 'ThrottlingBurstLimit' }, DetailedMetricsEnabled: false },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [expect.stringMatching(/^HttpApiAccessLog/), 'Arn'] } },
    });
    const format = JSON.parse((stage.AccessLogSettings as { Format: string }).Format) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(Object.values(format).filter((value) => /header|authorization/i.test(value))).toEqual([]);
  });

  it('sends every other request to an HTTP function, which answers 404 as problem+json', () => {
    const fallback = functionNames(httpManifests[0]!.name).id;
    const route = resourceOf(template, 'AWS::ApiGatewayV2::Route', 'HttpApiDefaultRoute').resource.Properties as { RouteKey: string; Target: unknown };
    expect(route.RouteKey).toBe('$default');
    const integrationId = ((route.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1][1]).Ref;
    expect(template.toJSON().Resources[integrationId].Properties.IntegrationUri).toEqual({ Ref: resourceOf(template, 'AWS::Lambda::Alias', `${fallback}Live`).id });
  });

  it('alarms on the API 5xx rate and sends every alarm to the encrypted operations topic, with an optional e-mail subscription', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: { Ref: 'ApiErrorRateAlarmPercent' },
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'IF(requests > 0, 100 * errors / requests, 0)' })]),
    });
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: named('-operations'), KmsMasterKeyId: Match.anyValue() });
    template.hasResource('AWS::SNS::Subscription', { Condition: Match.stringLikeRegexp('OperationsHasEmail'), Properties: { Protocol: 'email', Endpoint: { Ref: 'OperationsEmail' } } });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as { Properties: { AlarmActions: unknown[]; OKActions: unknown[] } }[];
    expect(alarms.length).toBe(2 * manifests.length + manifests.filter((manifest) => manifest.kind === 'event').length + 1);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^TopicsOperations/) }]);
  });

  it('has the outputs the deploy reads and a placeholder parameter for the JWKS it fills in', () => {
    for (const output of ['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'TableName', 'OperationsTopicArn']) template.hasOutput(output, {});
    template.hasParameter('UserPoolJwks', { Type: 'String', Default: '' });
  });

  it('is plain CloudFormation: no bootstrap version rule or parameter, no CDK metadata, no assets', () => {
    const json = template.toJSON();
    expect(json.Rules).toBeUndefined();
    expect(Object.keys(json.Parameters)).not.toContain('BootstrapVersion');
    expect(Object.values(json.Resources).map((resource) => (resource as { Type: string }).Type)).not.toContain('AWS::CDK::Metadata');
    expect(JSON.stringify(json)).not.toMatch(/cdk-hnb659fds|AssetParameters|\.zip"/);
    expect(Object.values(json.Resources).map((resource) => (resource as { Type: string }).Type).filter((type) => type.startsWith('Custom::'))).toEqual([]);
  });
});
