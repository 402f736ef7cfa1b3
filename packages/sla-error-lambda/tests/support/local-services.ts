import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  createAdminClient,
  createLocalDynamoDbClient,
  ensureCognitoSetup,
  ensureServiceAccount,
  ensureSlaErrorTable,
  freePort,
  httpApiEvent,
  importLambdaBundle,
  lambdaContext,
  startCognitoEmulator,
  startDynamoDbLocal,
  type LambdaHandler,
} from '@file-sla/local-stack';

export const TABLE = 'FileSlaErrors';
export const WRITER = { username: 'svc-sla-writer', password: 'Writer-Passw0rd!' } as const;
export const READER = { username: 'svc-sla-reader', password: 'Reader-Passw0rd!' } as const;

/** A handler's answer with its body parsed. */
export interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  json: Record<string, unknown>;
}

/** cognito-local, the official DynamoDB Local and both built bundles, wired as in AWS. */
export interface LocalServices {
  auth: LambdaHandler;
  slaErrors: LambdaHandler;
  clientId: string;
  dynamodbEndpoint: string;
  /** A token of a service account (default: the writer's access token). */
  login(account?: { username: string; password: string }, token?: 'accessToken' | 'idToken'): Promise<string>;
  /** Calls the SLA error function with a gateway-built HTTP API 2.0 event. */
  call(options: { method: string; path: string; query?: string; token?: string; headers?: Record<string, string>; body?: string }): Promise<Answer>;
  /** Every item of the table, as stored. */
  tableItems(): Promise<Record<string, unknown>[]>;
  /** Deletes every item, so that a test starts from an empty table. */
  clearTable(): Promise<void>;
  stop(): Promise<void>;
}

const answer = (response: { statusCode: number; headers: Record<string, string>; body: string }): Answer => ({
  ...response,
  json: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {},
});

/**
 * Starts the services on free ports, creates the table, the pool (groups `sla-writers` and
 * `sla-readers`, one account in each), sets the functions' environment and imports the bundles.
 */
export const startLocalServices = async (env: Record<string, string> = {}): Promise<LocalServices> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sla-it-'));
  const [cognito, dynamo] = await Promise.all([
    startCognitoEmulator({ port: await freePort(), dataDir }),
    startDynamoDbLocal({ port: await freePort() }),
  ]);
  const dynamoClient = createLocalDynamoDbClient(dynamo.endpoint);
  await ensureSlaErrorTable(dynamoClient, TABLE);
  const admin = createAdminClient(cognito.endpoint);
  const setup = await ensureCognitoSetup(admin, cognito.endpoint, {
    poolName: 'sla-it',
    clientName: 'sla-it-client',
    groups: ['sla-writers', 'sla-readers'],
  });
  await ensureServiceAccount(admin, setup.userPoolId, { ...WRITER, permanent: true, groups: ['sla-writers'] });
  await ensureServiceAccount(admin, setup.userPoolId, { ...READER, permanent: true, groups: ['sla-readers'] });
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[name];
  Object.assign(process.env, {
    AWS_REGION: 'local',
    COGNITO_USER_POOL_ID: setup.userPoolId,
    COGNITO_CLIENT_ID: setup.clientId,
    COGNITO_CLIENT_SECRET: setup.clientSecret,
    COGNITO_ENDPOINT: cognito.endpoint,
    DYNAMODB_TABLE: TABLE,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    JWT_ISSUER: setup.issuer,
    JWKS_URI: setup.jwksUri,
    WRITER_GROUP: 'sla-writers',
    READER_GROUP: 'sla-readers',
    LOG_LEVEL: 'WARN',
    ...env,
  });
  const [auth, slaErrors] = await Promise.all([importLambdaBundle('auth-lambda'), importLambdaBundle('sla-error-lambda')]);

  const tableItems = async (): Promise<Record<string, unknown>[]> => {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, never> | undefined;
    do {
      const page = await dynamoClient.send(new ScanCommand({ TableName: TABLE, ConsistentRead: true, ExclusiveStartKey: startKey }));
      items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
      startKey = page.LastEvaluatedKey as typeof startKey;
    } while (startKey);
    return items;
  };

  return {
    auth,
    slaErrors,
    clientId: setup.clientId,
    dynamodbEndpoint: dynamo.endpoint,
    async login(account = WRITER, token = 'accessToken') {
      const response = answer(
        await auth(
          httpApiEvent({ method: 'POST', path: '/auth', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) }),
          lambdaContext('auth-lambda'),
        ),
      );
      if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
      return response.json[token] as string;
    },
    async call({ method, path, query, token, headers = {}, body }) {
      const event = httpApiEvent({
        method,
        path,
        ...(query ? { query } : {}),
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        ...(body === undefined ? {} : { body }),
      });
      return answer(await slaErrors(event, lambdaContext('sla-error-lambda')));
    },
    tableItems,
    async clearTable() {
      const items = await tableItems();
      await Promise.all(
        items.map((item) => dynamoClient.send(new DeleteItemCommand({ TableName: TABLE, Key: { errorId: { S: item.errorId as string } } }))),
      );
    },
    async stop() {
      await Promise.all([cognito.stop(), dynamo.stop()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};
