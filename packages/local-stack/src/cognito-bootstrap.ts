import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';

/** The pool, app client and groups the service is configured with. */
export interface CognitoSetup {
  userPoolId: string;
  clientId: string;
  clientSecret: string;
  /** `http://127.0.0.1:<port>/<poolId>` — the `iss` of the emulator's tokens. */
  issuer: string;
  /** The pool's JWKS URL on the emulator. */
  jwksUri: string;
}

/** An admin client for the emulator (it accepts any credentials). */
export const createAdminClient = (endpoint: string): CognitoIdentityProviderClient =>
  new CognitoIdentityProviderClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

const notFound = (error: unknown): boolean =>
  ['ResourceNotFoundException', 'UserNotFoundException'].includes((error as { name?: string }).name ?? '');

/**
 * Creates — or finds, when it exists already — the user pool, an app client with a secret and
 * `USER_PASSWORD_AUTH` + refresh enabled, and the given groups. Idempotent across restarts.
 */
export const ensureCognitoSetup = async (
  client: CognitoIdentityProviderClient,
  endpoint: string,
  { poolName, clientName, groups }: { poolName: string; clientName: string; groups: readonly string[] },
): Promise<CognitoSetup> => {
  const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((pool) => pool.Name === poolName)?.Id;
  if (!userPoolId) {
    const created = await client.send(
      new CreateUserPoolCommand({
        PoolName: poolName,
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: {
          PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true },
        },
      }),
    );
    userPoolId = created.UserPool?.Id;
  }
  if (!userPoolId) throw new Error('The Cognito emulator returned no user pool id');

  const clients = await client.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
  let clientId = clients.UserPoolClients?.find((appClient) => appClient.ClientName === clientName)?.ClientId;
  if (!clientId) {
    const created = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: clientName,
        GenerateSecret: true,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
      }),
    );
    clientId = created.UserPoolClient?.ClientId;
  }
  if (!clientId) throw new Error('The Cognito emulator returned no app client id');
  const described = await client.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }));

  const existing = await client.send(new ListGroupsCommand({ UserPoolId: userPoolId, Limit: 60 }));
  const existingNames = new Set(existing.Groups?.map((group) => group.GroupName));
  for (const group of groups.filter((name) => !existingNames.has(name))) {
    await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
  }

  const issuer = `${endpoint}/${userPoolId}`;
  return {
    userPoolId,
    clientId,
    clientSecret: described.UserPoolClient?.ClientSecret ?? '',
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
  };
};

/** A service account to create (if absent). */
export interface ServiceAccount {
  username: string;
  password: string;
  groups?: readonly string[];
  /**
   * `true`: the password is set as permanent, the account logs in at once. `false`: the password
   * is temporary (FORCE_CHANGE_PASSWORD), as for an admin-created account on first use.
   */
  permanent: boolean;
}

/** Creates the account when it does not exist yet and puts it in its groups (also when it existed). Idempotent. */
export const ensureServiceAccount = async (
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  account: ServiceAccount,
): Promise<void> => {
  let exists = true;
  try {
    await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: account.username }));
  } catch (error) {
    if (!notFound(error)) throw error;
    exists = false;
  }
  // An existing account keeps its password, and joins the groups a new manifest may have brought.
  if (!exists) await createAccount(client, userPoolId, account);
  for (const group of account.groups ?? []) {
    await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: account.username, GroupName: group }));
  }
};

const createAccount = async (client: CognitoIdentityProviderClient, userPoolId: string, account: ServiceAccount): Promise<void> => {
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: account.username,
      TemporaryPassword: account.password,
      MessageAction: 'SUPPRESS',
    }),
  );
  if (account.permanent) {
    await client.send(
      new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: account.username, Password: account.password, Permanent: true }),
    );
  }
};
