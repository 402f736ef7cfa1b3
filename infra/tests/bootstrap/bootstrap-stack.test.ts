import { describe, expect, it } from '@jest/globals';
import { Match } from 'aws-cdk-lib/assertions';
import { loadManifests, synthesize } from '../support/app.js';

const { bootstrap: template } = synthesize(await loadManifests());

describe('the bootstrap stack', () => {
  it('has a versioned, encrypted, private, TLS-only artifact bucket whose old objects expire', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({
              Status: 'Enabled',
              ExpirationInDays: { Ref: 'ArtifactExpirationDays' },
              NoncurrentVersionExpiration: { NoncurrentDays: { Ref: 'OldArtifactVersionDays' } },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            }),
          ],
        },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('creates GitHub\'s OIDC provider unless the account has one (ExistingOidcProviderArn)', () => {
    template.hasCondition('CreateOidcProvider', { 'Fn::Equals': [{ Ref: 'ExistingOidcProviderArn' }, ''] });
    template.hasResource('AWS::IAM::OIDCProvider', {
      Condition: 'CreateOidcProvider',
      Properties: { Url: 'https://token.actions.githubusercontent.com', ClientIdList: ['sts.amazonaws.com'] },
    });
    template.hasParameter('GitHubRepository', { AllowedPattern: Match.anyValue() });
  });

  it('lets only CloudFormation assume the execution role', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' } }] },
    });
  });

  it('outputs what the repository variables and scripts/deploy.sh need', () => {
    for (const output of ['ArtifactBucketName', 'DeployRoleArn', 'ExecutionRoleArn', 'OidcProviderArn']) template.hasOutput(output, {});
    expect(template.toJSON().Rules).toBeUndefined();
  });
});
