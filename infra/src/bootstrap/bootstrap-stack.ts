import { Aws, CfnCondition, CfnOutput, CfnParameter, Duration, Fn, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { CfnOIDCProvider, ManagedPolicy, Role, type PolicyStatement, ServicePrincipal, WebIdentityPrincipal } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { RESOURCE_PREFIX } from '../naming.mjs';
import { acknowledgeWildcards } from '../nag.js';
import { deployStatements, executionStatements, WILDCARD_REASONS } from './deploy-policy.js';

const acknowledgeStatements = (policy: ManagedPolicy, statements: readonly PolicyStatement[]): void => {
  for (const statement of statements) {
    const reason = WILDCARD_REASONS[statement.sid ?? ''];
    if (reason) acknowledgeWildcards(policy, statement, reason);
  }
};

/** GitHub's OIDC issuer (without scheme, as the trust conditions name it). */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/**
 * What a first deploy needs, once per account and region: the artifact bucket the zips and
 * templates go to, GitHub's OIDC identity provider (or an existing one), the deploy role that
 * only this repository's deploy environment can assume, and the CloudFormation execution role the
 * deploy passes to CloudFormation. See docs/deploy.md.
 */
export class BootstrapStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    this.templateOptions.description =
      'File SLA Error service, bootstrap: artifact bucket, GitHub OIDC provider, deploy role (GitHub Actions) and CloudFormation execution role for scripts/deploy.sh.';

    const repository = new CfnParameter(this, 'GitHubRepository', {
      type: 'String',
      allowedPattern: '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$',
      description: 'The repository (owner/name) whose deploy workflow may assume the deploy role.',
    });
    const environment = new CfnParameter(this, 'GitHubEnvironment', {
      type: 'String',
      default: 'production',
      allowedPattern: '^[A-Za-z0-9_.-]+$',
      description: 'The GitHub environment of the deploy job (restrict it to the main branch in the repository settings).',
    });
    const existingProvider = new CfnParameter(this, 'ExistingOidcProviderArn', {
      type: 'String',
      default: '',
      allowedPattern: '^$|^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com$',
      description: "ARN of the account's GitHub OIDC provider if it already has one (an account has at most one); empty = create it.",
    });
    const stackName = new CfnParameter(this, 'ServiceStackName', {
      type: 'String',
      default: 'file-sla-errors',
      allowedPattern: '^[A-Za-z][A-Za-z0-9-]{0,127}$',
      description: 'The service stack the deploy role may deploy (scripts/deploy.sh --stack-name).',
    });
    const noncurrentDays = new CfnParameter(this, 'OldArtifactVersionDays', {
      type: 'Number',
      default: 30,
      minValue: 1,
      description: 'Days an overwritten or deleted zip or template version is kept.',
    });
    const artifactDays = new CfnParameter(this, 'ArtifactExpirationDays', {
      type: 'Number',
      default: 180,
      minValue: 1,
      description: 'Days after its last upload a zip or template expires (every deploy uploads its own again).',
    });

    const bucket = new Bucket(this, 'ArtifactBucket', {
      versioned: true,
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire-old-artifacts',
          expiration: Duration.days(artifactDays.valueAsNumber),
          noncurrentVersionExpiration: Duration.days(noncurrentDays.valueAsNumber),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'Only the deploy role and CloudFormation read or write here, and CloudTrail records who did; a second bucket for access logs would hold nothing more.',
    });

    const createProvider = new CfnCondition(this, 'CreateOidcProvider', { expression: Fn.conditionEquals(existingProvider.valueAsString, '') });
    const provider = new CfnOIDCProvider(this, 'GitHubOidcProvider', { url: `https://${GITHUB_OIDC_HOST}`, clientIdList: ['sts.amazonaws.com'] });
    provider.cfnOptions.condition = createProvider;
    const providerArn = Fn.conditionIf(createProvider.logicalId, provider.attrArn, existingProvider.valueAsString).toString();

    const executionRole = new Role(this, 'ExecutionRole', {
      roleName: `${RESOURCE_PREFIX}-cloudformation-${Aws.REGION}`,
      assumedBy: new ServicePrincipal('cloudformation.amazonaws.com'),
      description: 'CloudFormation creates and updates the File SLA Error service stack with this role (passed by the deploy role).',
    });
    const execution = executionStatements({ bucketArn: bucket.bucketArn, stackName: stackName.valueAsString });
    const executionPolicy = new ManagedPolicy(this, 'ExecutionPolicy', { statements: execution, roles: [executionRole] });
    acknowledgeStatements(executionPolicy, execution);

    const deployRole = new Role(this, 'DeployRole', {
      roleName: `${RESOURCE_PREFIX}-deploy-${Aws.REGION}`,
      description: "GitHub Actions' deploy job of one repository and environment runs scripts/deploy.sh with this role.",
      maxSessionDuration: Duration.hours(1),
      assumedBy: new WebIdentityPrincipal(providerArn, {
        StringEquals: {
          [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com',
          [`${GITHUB_OIDC_HOST}:sub`]: Fn.join('', ['repo:', repository.valueAsString, ':environment:', environment.valueAsString]),
        },
      }),
    });
    const deploy = deployStatements({ bucketArn: bucket.bucketArn, stackName: stackName.valueAsString, executionRoleArn: executionRole.roleArn });
    const deployPolicy = new ManagedPolicy(this, 'DeployPolicy', { statements: deploy, roles: [deployRole] });
    acknowledgeStatements(deployPolicy, deploy);

    new CfnOutput(this, 'ArtifactBucketName', { value: bucket.bucketName, description: 'Repository variable ARTIFACT_BUCKET (scripts/deploy.sh --artifact-bucket).' });
    new CfnOutput(this, 'DeployRoleArn', { value: deployRole.roleArn, description: 'Repository variable AWS_DEPLOY_ROLE_ARN.' });
    new CfnOutput(this, 'ExecutionRoleArn', { value: executionRole.roleArn, description: 'Repository variable CFN_EXECUTION_ROLE_ARN (scripts/deploy.sh --execution-role-arn).' });
    // The provider's ARN is fixed by its URL: the output names it without a reference to a resource
    // that may not exist.
    const knownProviderArn = Fn.sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:oidc-provider/${GITHUB_OIDC_HOST}`);
    new CfnOutput(this, 'OidcProviderArn', {
      value: Fn.conditionIf(createProvider.logicalId, knownProviderArn, existingProvider.valueAsString).toString(),
      description: 'The GitHub OIDC provider the deploy role trusts.',
    });
  }
}
