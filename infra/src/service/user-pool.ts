import { Duration, RemovalPolicy, Validations, type CfnResource } from 'aws-cdk-lib';
import { AccountRecovery, Mfa, UserPool, type CfnUserPoolClient, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/**
 * The service accounts' user pool: users are created by an administrator only, strong passwords,
 * recovery by an administrator; and the one app client the auth function logs in with (a client
 * secret, `USER_PASSWORD_AUTH` + refresh, no user-existence hints). Kept when the stack goes.
 */
export class ServiceUserPool extends Construct {
  readonly pool: UserPool;
  readonly client: UserPoolClient;
  /** The client secret, read by CloudFormation (`Fn::GetAtt ClientSecret`): never in a parameter or output. */
  readonly clientSecret: string;

  constructor(scope: Construct, id: string, props: { namePrefix: string }) {
    super(scope, id);
    this.pool = new UserPool(this, 'Pool', {
      userPoolName: props.namePrefix,
      selfSignUpEnabled: false,
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: 16,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      accountRecovery: AccountRecovery.NONE,
      mfa: Mfa.OFF,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The logical ids of the hand-written template this stack replaces: an existing stack updates
    // in place instead of trying to create a second pool of the same name.
    (this.pool.node.defaultChild as CfnResource).overrideLogicalId('UserPool');
    Validations.of(this.pool).acknowledge(
      { id: 'AwsSolutions-COG2', reason: 'Service accounts of unattended PowerShell jobs log in with a password; there is nobody to answer an MFA challenge.' },
      { id: 'AwsSolutions-COG3', reason: 'Threat protection (Plus feature plan) adapts to human sign-in behaviour; these are a few machine accounts created by an administrator, with 16-character passwords.' },
      { id: 'AwsSolutions-COG8', reason: 'The Plus feature plan buys threat protection for human sign-ins (see COG3); the Essentials plan has everything these machine accounts use.' },
    );

    this.client = this.pool.addClient('Client', {
      userPoolClientName: `${props.namePrefix}-service-accounts`,
      generateSecret: true,
      authFlows: { userPassword: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      authSessionValidity: Duration.minutes(5),
      accessTokenValidity: Duration.minutes(60),
      idTokenValidity: Duration.minutes(60),
      refreshTokenValidity: Duration.days(30),
    });
    const cfnClient = this.client.node.defaultChild as CfnUserPoolClient;
    cfnClient.overrideLogicalId('UserPoolClient');
    this.clientSecret = cfnClient.attrClientSecret;
  }
}
