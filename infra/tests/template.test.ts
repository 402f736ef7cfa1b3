import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  INTRINSIC_TAGS,
  PSEUDO_PARAMETERS,
  collectReferences,
  parseCloudFormation,
  subVariables,
} from './support/cloudformation.js';

interface Resource {
  Type: string;
  Condition?: string;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Properties: Record<string, unknown>;
}

interface Template {
  AWSTemplateFormatVersion: string;
  Transform?: unknown;
  Parameters: Record<string, Record<string, unknown>>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, Resource>;
  Outputs: Record<string, { Value: unknown }>;
}

interface Statement {
  Effect: string;
  Action: string | string[];
  NotAction?: unknown;
  Resource: unknown;
  NotResource?: unknown;
  Principal?: unknown;
}

const templateText = readFileSync(new URL('../template.yaml', import.meta.url), 'utf8');
const template = parseCloudFormation(templateText) as Template;
const { Resources: resources, Parameters: parameters } = template;

const ref = (name: string) => ({ Ref: name });
const getAtt = (resource: string, attribute: string) => ({ 'Fn::GetAtt': [resource, attribute] });
const sub = (text: string) => ({ 'Fn::Sub': text });

const resource = (name: string): Resource => {
  const found = resources[name];
  if (!found) throw new Error(`no resource ${name}`);
  return found;
};
const ofType = (type: string): [string, Resource][] =>
  Object.entries(resources).filter(([, candidate]) => candidate.Type === type);
const props = (name: string): Record<string, unknown> => resource(name).Properties;
const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
/** `{ Ref: X }` → `X`; `{ 'Fn::GetAtt': [X, …] }` → `X`. */
const targetOf = (value: unknown): string => {
  const object = value as { Ref?: string; 'Fn::GetAtt'?: string[] };
  const target = object.Ref ?? object['Fn::GetAtt']?.[0];
  if (target === undefined) throw new Error(`not a Ref or GetAtt: ${JSON.stringify(value)}`);
  return target;
};

const FUNCTIONS = {
  auth: { resource: 'AuthFunction', alias: 'AuthLiveAlias', memory: 'AuthMemorySize', timeout: 'AuthTimeout', codeKey: 'AuthCodeKey' },
  sla: {
    resource: 'SlaErrorFunction',
    alias: 'SlaErrorLiveAlias',
    memory: 'SlaErrorMemorySize',
    timeout: 'SlaErrorTimeout',
    codeKey: 'SlaErrorCodeKey',
  },
} as const;

/** Every statement that applies to a role: its inline policies and any policy resource naming it. */
const statementsOfRole = (role: string): Statement[] => {
  const inline = (props(role).Policies as { PolicyDocument: { Statement: Statement | Statement[] } }[] | undefined) ?? [];
  const attached = [...ofType('AWS::IAM::Policy'), ...ofType('AWS::IAM::ManagedPolicy')]
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles ?? []).includes(`"${role}"`))
    .map(([, policy]) => policy.Properties as { PolicyDocument: { Statement: Statement | Statement[] } });
  return [...inline, ...attached].flatMap((policy) => asList(policy.PolicyDocument.Statement));
};
const roleOfFunction = (fn: string): string => targetOf(props(fn).Role);
const logGroupOfFunction = (fn: string): string => targetOf((props(fn).LoggingConfig as { LogGroup: unknown }).LogGroup);

describe('CloudFormation YAML reader', () => {
  it('turns every short form, scalar and sequence, into its long form', () => {
    const lines = INTRINSIC_TAGS.map((name) => `  scalar${name}: !${name} ${name === 'GetAtt' ? 'Res.Attr.Sub' : 'x'}`);
    const seqs = INTRINSIC_TAGS.map((name) => `  seq${name}: !${name} [a, !Ref b]`);
    const parsed = parseCloudFormation(`v:\n${lines.join('\n')}\n${seqs.join('\n')}\n  map: !Base64 { k: !Sub '\${AWS::Region}' }\n`) as {
      v: Record<string, unknown>;
    };
    for (const name of INTRINSIC_TAGS) {
      const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
      expect(parsed.v[`scalar${name}`]).toEqual({ [key]: name === 'GetAtt' ? ['Res', 'Attr.Sub'] : 'x' });
      expect(parsed.v[`seq${name}`]).toEqual({ [key]: ['a', { Ref: 'b' }] });
    }
    expect(parsed.v.map).toEqual({ 'Fn::Base64': { k: { 'Fn::Sub': '${AWS::Region}' } } });
  });

  it('refuses a tag CloudFormation does not know', () => {
    expect(() => parseCloudFormation('a: !Reff b\n')).toThrow(/Unresolved tag/);
  });

  it('finds Sub variables and skips ${!literals}', () => {
    expect(subVariables('arn:${AWS::Partition}:x:${Table.Arn}/index/*${!Literal}')).toEqual([
      { name: 'AWS::Partition' },
      { name: 'Table', attribute: 'Arn' },
    ]);
  });
});

describe('infra/template.yaml', () => {
  it('is plain CloudFormation: no transform', () => {
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(template.Transform).toBeUndefined();
    expect(templateText).not.toMatch(/AWS::Serverless/);
  });

  describe('references', () => {
    const references = collectReferences(template);
    const names = new Set([...Object.keys(resources), ...Object.keys(parameters), ...PSEUDO_PARAMETERS]);

    it('every !Ref and ${Var} names a resource, a parameter or a pseudo parameter', () => {
      const refs = references.filter((reference) => reference.kind === 'Ref' || (reference.kind === 'Sub' && !reference.attribute));
      expect(refs.length).toBeGreaterThan(30);
      expect(refs.filter((reference) => !names.has(reference.target))).toEqual([]);
    });

    it('every !GetAtt and ${Res.Attr} names a resource', () => {
      const getAtts = references.filter((reference) => reference.kind === 'GetAtt' || (reference.kind === 'Sub' && reference.attribute));
      expect(getAtts.length).toBeGreaterThan(5);
      expect(getAtts.filter((reference) => resources[reference.target] === undefined)).toEqual([]);
    });

    it('every condition used exists, and a conditional resource is referred to only under its condition', () => {
      const conditions = new Set(Object.keys(template.Conditions));
      const used = [
        ...references.filter((reference) => reference.kind === 'Condition').map((reference) => reference.target),
        ...Object.values(resources).flatMap((candidate) => (candidate.Condition ? [candidate.Condition] : [])),
      ];
      expect(used.filter((name) => !conditions.has(name))).toEqual([]);
      for (const reference of references) {
        const condition = resources[reference.target]?.Condition;
        if (condition) expect({ ...reference, underConditions: reference.underConditions.includes(condition) }).toMatchObject({ underConditions: true });
      }
    });
  });

  describe('parameters', () => {
    it.each([
      ['Stage', 'String'],
      ['AuthMemorySize', 'Number'],
      ['AuthTimeout', 'Number'],
      ['SlaErrorMemorySize', 'Number'],
      ['SlaErrorTimeout', 'Number'],
      ['LogRetentionDays', 'Number'],
      ['RetentionDays', 'Number'],
      ['ThrottlingRateLimit', 'Number'],
      ['ThrottlingBurstLimit', 'Number'],
      ['LogLevel', 'String'],
      ['CodeBucket', 'String'],
      ['AuthCodeKey', 'String'],
      ['SlaErrorCodeKey', 'String'],
      ['WriterGroupName', 'String'],
      ['ReaderGroupName', 'String'],
    ])('%s is a %s parameter', (name, type) => {
      expect(parameters[name]).toMatchObject({ Type: type });
    });

    it('function timeouts stay below the HTTP API integration limit of 30 s', () => {
      expect(parameters.AuthTimeout!.MaxValue).toBeLessThan(30);
      expect(parameters.SlaErrorTimeout!.MaxValue).toBeLessThan(30);
    });

    it('RetentionDays defaults to 400 like the code, and the group names default to the local stack ones', () => {
      expect(parameters.RetentionDays).toMatchObject({ Default: 400, MinValue: 0 });
      expect(parameters.WriterGroupName).toMatchObject({ Default: 'sla-writers' });
      expect(parameters.ReaderGroupName).toMatchObject({ Default: 'sla-readers' });
    });

    it('no parameter carries a secret', () => {
      expect(Object.keys(parameters).filter((name) => /secret|password|token/i.test(name))).toEqual([]);
    });
  });

  describe('Cognito', () => {
    it('user pool: admin-created users only, a password policy, case-insensitive user names, kept on delete', () => {
      const pool = resource('UserPool');
      expect(pool.Type).toBe('AWS::Cognito::UserPool');
      expect(pool.Properties.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
      expect(pool.Properties.UsernameConfiguration).toEqual({ CaseSensitive: false });
      expect(pool.Properties.Policies).toEqual({
        PasswordPolicy: expect.objectContaining({
          MinimumLength: expect.any(Number),
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      });
      expect((pool.Properties.Policies as { PasswordPolicy: { MinimumLength: number } }).PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
      expect(pool).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });

    it('app client: a secret, USER_PASSWORD_AUTH and refresh only, no user existence errors, token validity set', () => {
      const client = resource('UserPoolClient');
      expect(client.Type).toBe('AWS::Cognito::UserPoolClient');
      expect(client.Properties).toMatchObject({
        UserPoolId: ref('UserPool'),
        GenerateSecret: true,
        PreventUserExistenceErrors: 'ENABLED',
        AccessTokenValidity: expect.any(Number),
        IdTokenValidity: expect.any(Number),
        RefreshTokenValidity: expect.any(Number),
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      });
      expect([...(client.Properties.ExplicitAuthFlows as string[])].sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH']);
    });

    it.each([
      ['WriterGroup', 'WriterGroupName', 'HasWriterGroup'],
      ['ReaderGroup', 'ReaderGroupName', 'HasReaderGroup'],
    ])('%s is a user pool group named by %s, created only when the name is not empty', (name, parameter, condition) => {
      expect(resource(name)).toMatchObject({
        Type: 'AWS::Cognito::UserPoolGroup',
        Condition: condition,
        Properties: { UserPoolId: ref('UserPool'), GroupName: ref(parameter) },
      });
      expect(template.Conditions[condition]).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [ref(parameter), ''] }] });
    });
  });

  describe('DynamoDB table (DESIGN §5)', () => {
    const table = resource('Table');
    const attributeType = (name: string) =>
      (table.Properties.AttributeDefinitions as { AttributeName: string; AttributeType: string }[]).find(
        (definition) => definition.AttributeName === name,
      )?.AttributeType;

    it('is keyed by errorId and kept on delete or replacement', () => {
      expect(table.Type).toBe('AWS::DynamoDB::Table');
      expect(table.Properties.KeySchema).toEqual([{ AttributeName: 'errorId', KeyType: 'HASH' }]);
      expect(table).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });

    it('has the byFile and byDay indexes, both projecting ALL, and defines exactly their key attributes', () => {
      expect(table.Properties.GlobalSecondaryIndexes).toEqual([
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
      ]);
      const names = (table.Properties.AttributeDefinitions as { AttributeName: string }[]).map((definition) => definition.AttributeName);
      expect(names.sort()).toEqual(['deadlineDay', 'deadlineSort', 'errorId', 'fileKey', 'slaDeadline']);
      for (const name of names) expect(attributeType(name)).toBe('S');
    });

    it('is on demand, with point-in-time recovery, encryption at rest and TTL on expiresAt', () => {
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      });
      expect(table.Properties.ProvisionedThroughput).toBeUndefined();
    });
  });

  describe('functions', () => {
    it.each(Object.values(FUNCTIONS))('$resource: nodejs24.x on arm64, index.handler, code from the bucket, sizes from parameters', (fn) => {
      expect(resource(fn.resource)).toMatchObject({
        Type: 'AWS::Lambda::Function',
        Properties: {
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          Code: { S3Bucket: ref('CodeBucket'), S3Key: ref(fn.codeKey) },
          MemorySize: ref(fn.memory),
          Timeout: ref(fn.timeout),
        },
      });
    });

    it('only the two functions exist, each with a role of its own', () => {
      expect(ofType('AWS::Lambda::Function').map(([name]) => name).sort()).toEqual(['AuthFunction', 'SlaErrorFunction']);
      const roles = Object.values(FUNCTIONS).map((fn) => roleOfFunction(fn.resource));
      expect(new Set(roles).size).toBe(2);
      for (const role of roles) expect(resource(role).Type).toBe('AWS::IAM::Role');
      expect(ofType('AWS::IAM::Role')).toHaveLength(2);
    });

    const env = (fn: string) => (props(fn).Environment as { Variables: Record<string, unknown> }).Variables;

    it('auth: exactly the variables of DESIGN §6 (+ NODE_OPTIONS for source-mapped stack traces)', () => {
      expect(env('AuthFunction')).toEqual({
        COGNITO_USER_POOL_ID: ref('UserPool'),
        COGNITO_CLIENT_ID: ref('UserPoolClient'),
        COGNITO_CLIENT_SECRET: getAtt('UserPoolClient', 'ClientSecret'),
        NODE_OPTIONS: '--enable-source-maps',
      });
    });

    it('sla-error: exactly the variables of DESIGN §6 (+ NODE_OPTIONS); groups only when they exist', () => {
      expect(env('SlaErrorFunction')).toEqual({
        COGNITO_USER_POOL_ID: ref('UserPool'),
        COGNITO_CLIENT_ID: ref('UserPoolClient'),
        DYNAMODB_TABLE: ref('Table'),
        RETENTION_DAYS: ref('RetentionDays'),
        WRITER_GROUP: { 'Fn::If': ['HasWriterGroup', ref('WriterGroup'), ref('AWS::NoValue')] },
        READER_GROUP: { 'Fn::If': ['HasReaderGroup', ref('ReaderGroup'), ref('AWS::NoValue')] },
        LOG_LEVEL: ref('LogLevel'),
        NODE_OPTIONS: '--enable-source-maps',
      });
    });

    it.each([
      ['AuthFunction', 'auth-lambda'],
      ['SlaErrorFunction', 'sla-error-lambda'],
    ])('%s sets every variable %s requires, and none it does not read', (fn, pkg) => {
      const source = readFileSync(new URL(`../../packages/${pkg}/src/config.ts`, import.meta.url), 'utf8');
      const read = (method: string) => [...source.matchAll(new RegExp(`env\\.${method}\\('([A-Z_]+)'`, 'g'))].map((match) => match[1]!);
      const required = read('required');
      const known = new Set([...required, ...read('optional'), ...read('integer'), ...read('url'), 'LOG_LEVEL', 'NODE_OPTIONS']);
      const names = Object.keys(env(fn));
      expect(required.length).toBeGreaterThan(0);
      expect(required.filter((name) => !names.includes(name))).toEqual([]);
      expect(names.filter((name) => !known.has(name))).toEqual([]);
      // local stack only (DESIGN §6)
      for (const local of ['COGNITO_ENDPOINT', 'DYNAMODB_ENDPOINT', 'JWT_ISSUER', 'JWKS_URI']) expect(names).not.toContain(local);
    });
  });

  describe('IAM: least privilege', () => {
    const auth = () => statementsOfRole(roleOfFunction('AuthFunction'));
    const sla = () => statementsOfRole(roleOfFunction('SlaErrorFunction'));
    const actions = (statements: Statement[]) => statements.flatMap((statement) => asList(statement.Action));

    it.each(Object.values(FUNCTIONS))('$resource role: only Lambda may assume it; no managed policies; no Deny tricks', (fn) => {
      const role = resource(roleOfFunction(fn.resource));
      expect(role.Properties.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      });
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.PermissionsBoundary).toBeUndefined();
      for (const statement of statementsOfRole(roleOfFunction(fn.resource))) {
        expect(statement).toMatchObject({ Effect: 'Allow' });
        expect(statement.NotAction).toBeUndefined();
        expect(statement.NotResource).toBeUndefined();
        expect(asList(statement.Resource)).not.toContain('*');
        for (const action of asList(statement.Action)) expect(action).not.toMatch(/\*/);
      }
    });

    it.each(Object.values(FUNCTIONS))('$resource role: logs only to its own log group, which the function logs to', (fn) => {
      const logGroup = logGroupOfFunction(fn.resource);
      const logs = statementsOfRole(roleOfFunction(fn.resource)).filter((statement) => asList(statement.Action).some((action) => action.startsWith('logs:')));
      expect(logs).toEqual([{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: getAtt(logGroup, 'Arn') }]);
      const name = (props(fn.resource).FunctionName as { 'Fn::Sub': string })['Fn::Sub'];
      expect(props(logGroup).LogGroupName).toEqual(sub(`/aws/lambda/${name}`));
    });

    it('auth role: no DynamoDB action at all, nothing but its log stream actions', () => {
      expect(actions(auth()).filter((action) => /dynamodb/i.test(action))).toEqual([]);
      expect(JSON.stringify(resource(roleOfFunction('AuthFunction')))).not.toMatch(/dynamodb|Table/i);
      expect(actions(auth()).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    });

    it('sla-error role: exactly PutItem, GetItem and Query, on the table and its indexes only', () => {
      const dynamodb = sla().filter((statement) => asList(statement.Action).some((action) => /dynamodb/i.test(action)));
      expect(actions(dynamodb).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
      for (const statement of dynamodb) {
        expect(asList(statement.Action).every((action) => action.startsWith('dynamodb:'))).toBe(true);
        expect(statement.Resource).toEqual([getAtt('Table', 'Arn'), sub('${Table.Arn}/index/*')]);
      }
      expect(actions(sla()).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'logs:CreateLogStream', 'logs:PutLogEvents']);
    });

    it('no other policy resource grants anything to the function roles', () => {
      expect([...ofType('AWS::IAM::Policy'), ...ofType('AWS::IAM::ManagedPolicy')]).toEqual([]);
    });
  });

  describe('logs', () => {
    it('every log group expires after LogRetentionDays', () => {
      const groups = ofType('AWS::Logs::LogGroup');
      expect(groups.map(([name]) => name).sort()).toEqual(['ApiAccessLogGroup', 'AuthLogGroup', 'SlaErrorLogGroup']);
      for (const [, group] of groups) expect(group.Properties.RetentionInDays).toEqual(ref('LogRetentionDays'));
    });

    it('each function logs to its own log group, created before it', () => {
      expect(logGroupOfFunction('AuthFunction')).toBe('AuthLogGroup');
      expect(logGroupOfFunction('SlaErrorFunction')).toBe('SlaErrorLogGroup');
    });
  });

  describe('live aliases', () => {
    it.each(Object.values(FUNCTIONS))('$alias: `live` on $resource, starting at $LATEST (scripts/deploy.sh moves it)', (fn) => {
      expect(resource(fn.alias)).toEqual({
        Type: 'AWS::Lambda::Alias',
        Properties: expect.objectContaining({ FunctionName: ref(fn.resource), Name: 'live', FunctionVersion: '$LATEST' }),
      });
    });

    it.each(Object.values(FUNCTIONS))('API Gateway may invoke $alias, from this API only', (fn) => {
      const permissions = ofType('AWS::Lambda::Permission').filter(([, permission]) => targetOf(permission.Properties.FunctionName) === fn.alias);
      expect(permissions).toHaveLength(1);
      const [, permission] = permissions[0]!;
      expect(permission.Properties).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' });
      const sourceArn = (permission.Properties.SourceArn as { 'Fn::Sub': string })['Fn::Sub'];
      expect(sourceArn).toMatch(/^arn:\$\{AWS::Partition\}:execute-api:\$\{AWS::Region\}:\$\{AWS::AccountId\}:\$\{HttpApi\}\//);
    });

    it('no function is invoked unqualified: every permission is on an alias', () => {
      for (const [, permission] of ofType('AWS::Lambda::Permission')) {
        expect(resource(targetOf(permission.Properties.FunctionName)).Type).toBe('AWS::Lambda::Alias');
      }
    });
  });

  describe('HTTP API', () => {
    const routeTarget = (route: string): string => {
      const target = (props(route).Target as { 'Fn::Sub': string })['Fn::Sub'];
      const match = /^integrations\/\$\{(\w+)\}$/.exec(target);
      if (!match) throw new Error(`route ${route} target ${target}`);
      return match[1]!;
    };
    const functionBehind = (route: string): string => {
      const integration = resource(routeTarget(route));
      expect(integration).toMatchObject({
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: { ApiId: ref('HttpApi'), IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' },
      });
      const alias = targetOf(integration.Properties.IntegrationUri);
      expect(resource(alias).Type).toBe('AWS::Lambda::Alias');
      return targetOf(props(alias).FunctionName);
    };

    it('is an HTTP API', () => {
      expect(resource('HttpApi')).toMatchObject({ Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP' } });
    });

    it('routes ANY /auth to the auth alias and everything else ($default) to the sla-error alias', () => {
      const routes = ofType('AWS::ApiGatewayV2::Route');
      expect(routes.map(([, route]) => route.Properties.RouteKey).sort()).toEqual(['$default', 'ANY /auth']);
      const byKey = Object.fromEntries(routes.map(([name, route]) => [route.Properties.RouteKey as string, name]));
      for (const [, route] of routes) expect(route.Properties.ApiId).toEqual(ref('HttpApi'));
      expect(functionBehind(byKey['ANY /auth']!)).toBe('AuthFunction');
      expect(functionBehind(byKey.$default!)).toBe('SlaErrorFunction');
    });

    it('$default stage: auto-deployed, throttled from the parameters, access-logged without headers', () => {
      const stages = ofType('AWS::ApiGatewayV2::Stage');
      expect(stages).toHaveLength(1);
      const [, stage] = stages[0]!;
      expect(stage.Properties).toMatchObject({
        ApiId: ref('HttpApi'),
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: ref('ThrottlingRateLimit'), ThrottlingBurstLimit: ref('ThrottlingBurstLimit') },
        AccessLogSettings: { DestinationArn: getAtt('ApiAccessLogGroup', 'Arn') },
      });
      const format = (stage.Properties.AccessLogSettings as { Format: string }).Format;
      expect(JSON.parse(format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
      expect(format).not.toMatch(/header|authorization|\$context\.authorizer/i);
    });
  });

  describe('the app client secret', () => {
    it('is read from the client by CloudFormation, used once (the auth environment), and written nowhere', () => {
      const uses = collectReferences(template).filter((reference) => reference.attribute === 'ClientSecret');
      expect(uses.map((reference) => reference.path)).toEqual(['Resources.AuthFunction.Properties.Environment.Variables.COGNITO_CLIENT_SECRET']);
      expect(templateText).not.toMatch(/^\s*ClientSecret\s*:/m);
      expect(templateText).not.toMatch(/SecretString|NoEcho/);
      expect(JSON.stringify(template.Outputs)).not.toMatch(/Secret/i);
    });

    it('no value in the template looks like a generated secret', () => {
      const strings: string[] = [];
      const walk = (value: unknown): void => {
        if (typeof value === 'string') strings.push(value);
        else if (Array.isArray(value)) value.forEach(walk);
        else if (value && typeof value === 'object') Object.values(value).forEach(walk);
      };
      walk(template);
      expect(strings.filter((value) => /^[A-Za-z0-9+/=_-]{24,}$/.test(value) && /\d/.test(value) && /[a-z]/i.test(value))).toEqual([]);
    });
  });

  it('outputs the API URL, pool and client ids, table, function names and alias ARNs', () => {
    expect(template.Outputs).toEqual({
      ApiUrl: expect.objectContaining({ Value: getAtt('HttpApi', 'ApiEndpoint') }),
      UserPoolId: expect.objectContaining({ Value: ref('UserPool') }),
      UserPoolClientId: expect.objectContaining({ Value: ref('UserPoolClient') }),
      TableName: expect.objectContaining({ Value: ref('Table') }),
      AuthFunctionName: expect.objectContaining({ Value: ref('AuthFunction') }),
      SlaErrorFunctionName: expect.objectContaining({ Value: ref('SlaErrorFunction') }),
      AuthLiveAliasArn: expect.objectContaining({ Value: ref('AuthLiveAlias') }),
      SlaErrorLiveAliasArn: expect.objectContaining({ Value: ref('SlaErrorLiveAlias') }),
    });
  });
});
