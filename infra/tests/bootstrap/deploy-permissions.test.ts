import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { functionNames, shortName } from '../../src/naming.mjs';
import { loadManifests, resourceOf, synthesize } from '../support/app.js';
import { deployWorkspace } from '../support/deploy-script.js';
import { allowedBy, resolve, type Request, type Statement } from '../support/iam.js';

// Every AWS call of the deploy plan (scripts/deploy.sh --dry-run, deploy and rollback) is allowed
// by the deploy role's policy of the bootstrap stack, as CloudFormation would resolve it.
const manifests = await loadManifests();
const { bootstrap } = synthesize(manifests);
const work = mkdtempSync(join(tmpdir(), 'deploy-permissions-'));
const ws = deployWorkspace(work, manifests);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ACCOUNT = '123456789012';
const REGION = 'eu-central-1';
const STACK = 'file-sla-errors';
const BUCKET = 'file-sla-bootstrap-artifactbucket-abc123';
const EXECUTION_ROLE = `arn:aws:iam::${ACCOUNT}:role/file-sla-cloudformation-${REGION}`;

const bucket = resourceOf(bootstrap, 'AWS::S3::Bucket', 'ArtifactBucket').id;
const executionRole = resourceOf(bootstrap, 'AWS::IAM::Role', 'ExecutionRole').id;
const refs = {
  'AWS::Partition': 'aws',
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
  ServiceStackName: STACK,
  [`${bucket}.Arn`]: `arn:aws:s3:::${BUCKET}`,
  [`${executionRole}.Arn`]: EXECUTION_ROLE,
};
const policyStatements = (prefix: string) => resolve((resourceOf(bootstrap, 'AWS::IAM::ManagedPolicy', prefix).resource.Properties as { PolicyDocument: { Statement: unknown } }).PolicyDocument.Statement, refs) as Statement[];
const deployPolicy = policyStatements('DeployPolicy');
const executionPolicy = policyStatements('ExecutionPolicy');

/** What a function placeholder of the plan (`<…FunctionName>`) is once the stack exists (Stage prod). */
const deployedNames = Object.fromEntries(manifests.map((manifest) => [`<${functionNames(manifest.name).functionNameOutput}>`, `file-sla-prod-${shortName(manifest.name)}`]));

/** Splits a printed command into its words (the plan quotes with '…' or "…"). */
const words = (line: string): string[] => [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3]!);
const option = (args: string[], name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};

const stackArn = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${STACK}/0c6b1a40-6d2e-11ef-8f0a-0a1b2c3d4e5f`;
const fnArn = (placeholder: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${deployedNames[placeholder] ?? placeholder}`;

/** The IAM requests one AWS CLI command makes (the AWS CLI's own sequence for `cloudformation deploy`). */
const requestsOf = (args: string[]): Request[] => {
  const [service, command] = args;
  const call = `${service} ${command}`;
  switch (call) {
    case 's3 cp': {
      const target = /^s3:\/\/([^/]+)\/(.+)$/.exec(args[3]!)!;
      return [{ action: 's3:PutObject', resource: `arn:aws:s3:::${target[1]}/${target[2]}` }];
    }
    case 'cloudformation deploy': {
      const role = option(args, '--role-arn');
      const template = `arn:aws:s3:::${option(args, '--s3-bucket')}/${option(args, '--s3-prefix')}/5d41402abc4b2a76b9719d911017c592.template`;
      const changeSet = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:changeSet/awscli-cloudformation-package-deploy-1764626400/6a2e0c5e-1f7b-4b0e-9d4a-0a1b2c3d4e5f`;
      return [
        { action: 'cloudformation:DescribeStacks', resource: stackArn },
        { action: 's3:GetObject', resource: template },
        { action: 's3:PutObject', resource: template },
        ...(role ? [{ action: 'iam:PassRole', resource: role, context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } }] : []),
        { action: 'cloudformation:CreateChangeSet', resource: stackArn, context: role ? { 'cloudformation:RoleArn': role } : {} },
        { action: 'cloudformation:DescribeChangeSet', resource: changeSet },
        { action: 'cloudformation:ExecuteChangeSet', resource: changeSet },
        { action: 'cloudformation:DescribeStacks', resource: stackArn },
      ];
    }
    case 'cloudformation describe-stacks':
      return [{ action: 'cloudformation:DescribeStacks', resource: stackArn }];
    case 'lambda update-function-code':
      return [
        { action: 'lambda:UpdateFunctionCode', resource: fnArn(option(args, '--function-name')!) },
        ...(args.includes('--publish') ? [{ action: 'lambda:PublishVersion', resource: fnArn(option(args, '--function-name')!) }] : []),
      ];
    case 'lambda wait':
      if (args[2] !== 'function-updated-v2') break;
      return [{ action: 'lambda:GetFunction', resource: fnArn(option(args, '--function-name')!) }];
    case 'lambda update-alias':
      return [{ action: 'lambda:UpdateAlias', resource: `${fnArn(option(args, '--function-name')!)}:${option(args, '--name')}` }];
    case 'lambda list-versions-by-function':
      return [{ action: 'lambda:ListVersionsByFunction', resource: fnArn(option(args, '--function-name')!) }];
  }
  throw new Error(`no IAM mapping for "aws ${args.join(' ')}": add it to this test`);
};

const planOf = (args: string[]) => {
  const run = ws.deploySh(['--dry-run', '--stack-name', STACK, '--region', REGION, '--dist-dir', ws.dist, ...args]);
  expect(run.status).toBe(0);
  return run.lines.filter((line) => !line.startsWith('#')).map(words);
};

describe.each([
  ['a deploy', ['--artifact-bucket', BUCKET, '--execution-role-arn', EXECUTION_ROLE, '--stage', 'prod']],
  ['a rollback', ['--rollback']],
])('the deploy role, for %s', (_what, args) => {
  const plan = planOf(args);

  it('is allowed every AWS call of the plan', () => {
    const aws = plan.filter((command) => command[0] === 'aws');
    expect(aws.length).toBeGreaterThan(0);
    const denied = aws.flatMap((command) => requestsOf(command.slice(1)).filter((request) => !allowedBy(deployPolicy, request)).map((request) => ({ command: command.join(' '), ...request })));
    expect(denied).toEqual([]);
  });

  it('makes no other call than the AWS CLI\'s, and the JWKS read of a deploy (public, unsigned)', () => {
    expect([...new Set(plan.map((command) => command[0]))].sort()).toEqual(args.includes('--rollback') ? ['aws'] : ['aws', 'curl']);
  });
});

describe('the deploy role', () => {
  it('is refused what the deploy does not do: another stack, another bucket prefix, CloudFormation without the execution role, a function outside the service', () => {
    const refused: Request[] = [
      { action: 'cloudformation:CreateChangeSet', resource: stackArn, context: {} },
      { action: 'cloudformation:CreateChangeSet', resource: stackArn, context: { 'cloudformation:RoleArn': `arn:aws:iam::${ACCOUNT}:role/admin` } },
      { action: 'cloudformation:DescribeStacks', resource: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/other-stack/1` },
      { action: 's3:PutObject', resource: `arn:aws:s3:::${BUCKET}/other-stack/x.zip` },
      { action: 's3:DeleteObject', resource: `arn:aws:s3:::${BUCKET}/${STACK}/x.zip` },
      { action: 'iam:PassRole', resource: EXECUTION_ROLE, context: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
      { action: 'lambda:UpdateFunctionCode', resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:billing` },
      { action: 'lambda:InvokeFunction', resource: fnArn(Object.keys(deployedNames)[0]!) },
      { action: 'cloudformation:DeleteStack', resource: stackArn },
    ];
    expect(refused.filter((request) => allowedBy(deployPolicy, request))).toEqual([]);
  });

  it('has no action on "*"; the execution role has only those without a resource-level permission', () => {
    const onStar = (statements: Statement[]) => statements.filter((statement) => [statement.Resource].flat().includes('*')).flatMap((statement) => [statement.Action].flat()).sort();
    expect(onStar(deployPolicy)).toEqual([]);
    expect(onStar(executionPolicy)).toEqual(
      [
        'cognito-idp:CreateUserPool',
        'dynamodb:ListStreams',
        'kms:CreateKey',
        'lambda:CreateEventSourceMapping', 'lambda:DeleteEventSourceMapping', 'lambda:GetEventSourceMapping', 'lambda:ListEventSourceMappings', 'lambda:TagResource', 'lambda:UpdateEventSourceMapping',
        'logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'logs:DescribeLogGroups', 'logs:DescribeResourcePolicies', 'logs:GetLogDelivery', 'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:UpdateLogDelivery',
      ].sort(),
    );
  });

  it('can be assumed only by the repository\'s deploy environment, through GitHub\'s OIDC provider', () => {
    const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
    const trust = (values: Record<string, string>) =>
      resolve(resourceOf(bootstrap, 'AWS::IAM::Role', 'DeployRole').resource.Properties, { ...refs, GitHubRepository: 'acme/file-sla', GitHubEnvironment: 'production', 'GitHubOidcProvider.Arn': provider, ...values }) as never;
    expect(trust({ 'Condition:CreateOidcProvider': 'false', ExistingOidcProviderArn: `${provider}-existing` })).toMatchObject({
      AssumeRolePolicyDocument: { Statement: [{ Principal: { Federated: `${provider}-existing` } }] },
    });
    const role = trust({});
    expect(role).toMatchObject({
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRoleWithWebIdentity',
            Effect: 'Allow',
            Principal: { Federated: provider },
            Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/file-sla:environment:production' } },
          },
        ],
      },
    });
  });
});
