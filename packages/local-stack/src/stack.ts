import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBundles } from './bundles.ts';
import { createAdminClient, ensureCognitoSetup, ensureServiceAccount, type CognitoSetup } from './cognito-bootstrap.ts';
import { startCognitoEmulator } from './cognito-emulator.ts';
import { startDynalite } from './dynalite-server.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { assertPortFree } from './free-port.ts';
import { startGateway } from './gateway.ts';
import { requireJava } from './java.ts';
import { importLambdaBundle, repoRoot } from './lambda-bundle.ts';
import { createLocalDynamoDbClient, ensureSlaErrorTable } from './sla-error-table.ts';

/** How to run the stack. */
export interface LocalStackOptions {
  port: number;
  cognitoPort: number;
  dynamodbPort: number;
  /** `embedded`: dynalite in this process; `local`: the official DynamoDB Local (Java 17+). */
  dynamodb: 'embedded' | 'local';
  /** Keep tables, pools and users under `.local/` across restarts. */
  persist: boolean;
  log: (line: string) => void;
}

/** The demo service account the stack creates (local only). */
export const DEMO_ACCOUNT = { username: 'demo-service', password: 'Demo-Passw0rd!2026' } as const;
export const WRITER_GROUP = 'sla-writers';
export const READER_GROUP = 'sla-readers';
export const TABLE_NAME = 'FileSlaErrors';

/** A running stack. */
export interface LocalStack {
  url: string;
  cognito: CognitoSetup & { endpoint: string };
  dynamodbEndpoint: string;
  stop(): Promise<void>;
}

/** Credentials and profiles of the developer's shell must never reach the local functions. */
const AWS_IDENTITY_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'];

/**
 * Starts the whole service on 127.0.0.1: DynamoDB (dynalite or DynamoDB Local), cognito-local, the
 * table and Cognito resources (idempotently), then a gateway in front of the built bundles.
 * Anything that fails half-way stops what was started.
 */
export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  const { log } = options;
  await assertPortFree(options.port, 'gateway, --port');
  await assertPortFree(options.cognitoPort, 'Cognito emulator, --cognito-port');
  await assertPortFree(options.dynamodbPort, 'DynamoDB, --dynamodb-port');
  if (options.dynamodb === 'local') await requireJava();
  await ensureBundles(log);

  const dataDir = options.persist ? join(repoRoot, '.local') : await mkdtemp(join(tmpdir(), 'file-sla-local-'));
  await mkdir(join(dataDir, 'cognito'), { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const stopOne of [...stops].reverse()) await stopOne().catch(() => undefined);
      if (!options.persist) await rm(dataDir, { recursive: true, force: true });
    })());
  try {
    const dynamoDir = options.persist ? join(dataDir, 'dynamodb') : undefined;
    if (dynamoDir) await mkdir(dynamoDir, { recursive: true });
    const dynamoLocal =
      options.dynamodb === 'local' ? await startDynamoDbLocal({ port: options.dynamodbPort, ...(dynamoDir ? { dataDir: dynamoDir } : {}) }) : undefined;
    const dynamo = dynamoLocal ?? (await startDynalite({ port: options.dynamodbPort, ...(dynamoDir ? { dataDir: dynamoDir } : {}) }));
    stops.push(() => dynamo.stop());
    const cognito = await startCognitoEmulator({ port: options.cognitoPort, dataDir: join(dataDir, 'cognito') });
    stops.push(() => cognito.stop());

    const table = await ensureSlaErrorTable(createLocalDynamoDbClient(dynamo.endpoint), TABLE_NAME);
    const admin = createAdminClient(cognito.endpoint);
    const setup = await ensureCognitoSetup(admin, cognito.endpoint, {
      poolName: 'file-sla-errors-local',
      clientName: 'file-sla-errors-local-client',
      groups: [WRITER_GROUP, READER_GROUP],
    });
    await ensureServiceAccount(admin, setup.userPoolId, { ...DEMO_ACCOUNT, permanent: true, groups: [WRITER_GROUP, READER_GROUP] });
    const dynamoPid = dynamoLocal ? ` (pid ${dynamoLocal.process.child.pid})` : '';
    log(`DynamoDB (${options.dynamodb === 'local' ? 'DynamoDB Local' : 'dynalite, in process'}) ${dynamo.endpoint}${dynamoPid}, table ${TABLE_NAME} ${table}`);
    log(`Cognito emulator ${cognito.endpoint} (pid ${cognito.process.child.pid}), pool ${setup.userPoolId}, app client ${setup.clientId}`);

    for (const name of AWS_IDENTITY_VARIABLES) delete process.env[name];
    Object.assign(process.env, {
      AWS_REGION: 'local',
      COGNITO_USER_POOL_ID: setup.userPoolId,
      COGNITO_CLIENT_ID: setup.clientId,
      COGNITO_CLIENT_SECRET: setup.clientSecret,
      COGNITO_ENDPOINT: cognito.endpoint,
      DYNAMODB_TABLE: TABLE_NAME,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      JWT_ISSUER: setup.issuer,
      JWKS_URI: setup.jwksUri,
      WRITER_GROUP,
      READER_GROUP,
    });
    const [auth, slaErrors] = await Promise.all([importLambdaBundle('auth-lambda'), importLambdaBundle('sla-error-lambda')]);
    const gateway = await startGateway({
      port: options.port,
      log,
      routes: [
        { routeKey: 'ANY /auth', functionName: 'auth-lambda', handler: auth },
        { routeKey: 'ANY /sla-errors', functionName: 'sla-error-lambda', handler: slaErrors },
        { routeKey: 'ANY /sla-errors/{errorId}', functionName: 'sla-error-lambda', handler: slaErrors },
      ],
    });
    stops.push(() => gateway.stop());
    return { url: gateway.url, cognito: { ...setup, endpoint: cognito.endpoint }, dynamodbEndpoint: dynamo.endpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};
