import { afterAll, beforeAll } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { manifest } from '../../src/lambda.js';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  createAdminClient,
  createLocalDynamoDbClient,
  ensureCognitoSetup,
  ensureServiceAccount,
  ensureSlaErrorTable,
  httpApiEvent,
  importLambdaBundle,
  lambdaContext,
  startCognitoEmulator,
  startDynamoDbLocal,
  startFaultProxy,
  startOnFreePort,
  type CognitoSetup,
  type FaultProxy,
  type LambdaHandler,
} from '@file-sla/local-stack';

export const TABLE = 'FileSlaErrors';
export const WRITER = { username: 'svc-sla-writer', password: 'Writer-Passw0rd!' } as const;
export const READER = { username: 'svc-sla-reader', password: 'Reader-Passw0rd!' } as const;
/** The SLA error function's time-out in AWS (its manifest's `timeoutSeconds`): its Lambda context here. */
export const SLA_FUNCTION_TIMEOUT_MS = manifest.timeoutSeconds * 1000;

/** A handler's answer with its body parsed. */
export interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  json: Record<string, unknown>;
}

/** What `POST /auth` answered for a password login. */
export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
}

/** How to wire the services. */
export interface LocalServicesOptions {
  /**
   * Put a {@link FaultProxy} in front of DynamoDB Local and one in front of cognito-local, and point
   * the functions at them (`DYNAMODB_ENDPOINT`, `COGNITO_ENDPOINT`, `JWKS_URI`; the issuer stays
   * the emulator's): tests switch faults on and off, and count what reached each service.
   */
  proxies?: boolean;
}

/** cognito-local, the official DynamoDB Local and both built bundles, wired as in AWS. */
export interface LocalServices {
  auth: LambdaHandler;
  slaErrors: LambdaHandler;
  clientId: string;
  dynamodbEndpoint: string;
  /** The pool and app client (`issuer`, `jwksUri` as the emulator serves them, `clientSecret`). */
  cognito: CognitoSetup & { endpoint: string };
  /** An admin client of the emulator. */
  admin: CognitoIdentityProviderClient;
  /** The JWKS URL the SLA error function fetches (the proxy's, with `proxies`). */
  jwksUri: string;
  /** With `proxies`: in front of DynamoDB Local. */
  dynamoProxy?: FaultProxy;
  /** With `proxies`: in front of cognito-local (its API and its JWKS). */
  cognitoProxy?: FaultProxy;
  /** A token of a service account (default: the writer's access token). */
  login(account?: { username: string; password: string }, token?: 'accessToken' | 'idToken'): Promise<string>;
  /** Every token of a password login of `account` (default: the writer). */
  loginTokens(account?: { username: string; password: string }): Promise<Tokens>;
  /**
   * Logs `account` in through a new instance of the auth function configured for another app
   * client (or another pool) of the same emulator: what that other deployment would hand out.
   */
  loginWithClient(client: { userPoolId: string; clientId: string; clientSecret: string }, account: { username: string; password: string }): Promise<Tokens>;
  /** A new instance of the SLA error function (a cold start), configured by the current environment. */
  coldSlaErrors(): Promise<LambdaHandler>;
  /** Calls the SLA error function (or `handler`) with a gateway-built HTTP API 2.0 event. */
  call(options: {
    method: string;
    path: string;
    query?: string;
    token?: string;
    headers?: Record<string, string>;
    body?: string;
    handler?: LambdaHandler;
  }): Promise<Answer>;
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
export const startLocalServices = async (env: Record<string, string> = {}, options: LocalServicesOptions = {}): Promise<LocalServices> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sla-it-'));
  const [cognito, dynamo] = await Promise.all([
    startOnFreePort((port) => startCognitoEmulator({ port, dataDir })),
    startOnFreePort((port) => startDynamoDbLocal({ port })),
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
  const [dynamoProxy, cognitoProxy] = options.proxies
    ? await Promise.all([startFaultProxy({ target: dynamo.endpoint }), startFaultProxy({ target: cognito.endpoint })])
    : [undefined, undefined];
  const jwksUri = cognitoProxy ? `${cognitoProxy.url}/${setup.userPoolId}/.well-known/jwks.json` : setup.jwksUri;
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[name];
  Object.assign(process.env, {
    AWS_REGION: 'local',
    COGNITO_USER_POOL_ID: setup.userPoolId,
    COGNITO_CLIENT_ID: setup.clientId,
    COGNITO_CLIENT_SECRET: setup.clientSecret,
    COGNITO_ENDPOINT: cognitoProxy?.url ?? cognito.endpoint,
    DYNAMODB_TABLE: TABLE,
    DYNAMODB_ENDPOINT: dynamoProxy?.url ?? dynamo.endpoint,
    JWT_ISSUER: setup.issuer,
    JWKS_URI: jwksUri,
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

  const loginTokens = async (account: { username: string; password: string } = WRITER, through = auth): Promise<Tokens> => {
    const response = answer(
      await through(
        httpApiEvent({ method: 'POST', path: '/auth', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) }),
        lambdaContext('auth-lambda'),
      ),
    );
    if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
    return response.json as unknown as Tokens;
  };

  return {
    auth,
    slaErrors,
    clientId: setup.clientId,
    dynamodbEndpoint: dynamo.endpoint,
    cognito: { ...setup, endpoint: cognito.endpoint },
    admin,
    jwksUri,
    ...(dynamoProxy ? { dynamoProxy } : {}),
    ...(cognitoProxy ? { cognitoProxy } : {}),
    async login(account = WRITER, token = 'accessToken') {
      return (await loginTokens(account))[token];
    },
    loginTokens: (account) => loginTokens(account),
    async loginWithClient({ userPoolId, clientId, clientSecret }, account) {
      const saved = { ...process.env };
      Object.assign(process.env, { COGNITO_USER_POOL_ID: userPoolId, COGNITO_CLIENT_ID: clientId, COGNITO_CLIENT_SECRET: clientSecret });
      let otherAuth: LambdaHandler;
      try {
        otherAuth = await importLambdaBundle('auth-lambda', { fresh: true });
      } finally {
        Object.assign(process.env, saved);
      }
      return loginTokens(account, otherAuth);
    },
    coldSlaErrors: () => importLambdaBundle('sla-error-lambda', { fresh: true }),
    async call({ method, path, query, token, headers = {}, body, handler = slaErrors }) {
      const event = httpApiEvent({
        method,
        path,
        ...(query ? { query } : {}),
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        ...(body === undefined ? {} : { body }),
      });
      return answer(await handler(event, lambdaContext('sla-error-lambda', SLA_FUNCTION_TIMEOUT_MS)));
    },
    tableItems,
    async clearTable() {
      const items = await tableItems();
      await Promise.all(
        items.map((item) => dynamoClient.send(new DeleteItemCommand({ TableName: TABLE, Key: { errorId: { S: item.errorId as string } } }))),
      );
    },
    async stop() {
      await Promise.all([dynamoProxy?.stop(), cognitoProxy?.stop()]);
      admin.destroy();
      dynamoClient.destroy();
      await Promise.all([cognito.stop(), dynamo.stop()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};

/** The local services of one test file, with an access token of a writer and of a reader. */
export interface TestFileServices {
  readonly services: LocalServices;
  readonly writerToken: string;
  readonly readerToken: string;
}

/**
 * Starts the local services before a test file's tests (logged in as a writer and as a reader)
 * and stops them after; the returned object is filled in by then.
 */
export const useLocalServices = (): TestFileServices => {
  const state = {} as { services: LocalServices; writerToken: string; readerToken: string };
  beforeAll(async () => {
    state.services = await startLocalServices();
    [state.writerToken, state.readerToken] = await Promise.all([state.services.login(), state.services.login(READER)]);
  }, 60_000);
  afterAll(async () => {
    await state.services?.stop();
  });
  return state;
};
