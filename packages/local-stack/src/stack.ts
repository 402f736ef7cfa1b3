import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBundles } from './bundles.ts';
import { createAdminClient, ensureCognitoSetup, ensureServiceAccount, type CognitoSetup } from './cognito-bootstrap.ts';
import { startCognitoEmulator } from './cognito-emulator.ts';
import { manifestGroups, type LocalGroup } from './cognito-groups.ts';
import { startDynalite } from './dynalite-server.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { eventSourceRunners } from './event-sources.ts';
import { assertPortFree } from './free-port.ts';
import { resolveEnvironment, type LocalPlatform } from './function-environment.ts';
import { startLocalFunction, type LocalFunction } from './function-host.ts';
import { functionRoutes } from './function-routes.ts';
import { readFunctions, type EventFunction, type FunctionDescription, type HttpFunction } from './functions.ts';
import { startGateway } from './gateway.ts';
import { requireJava } from './java.ts';
import { repoRoot } from './repo-root.ts';
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
  /** Deploy-time parameters of the manifests for this run, by name (e.g. `{ LogLevel: 'DEBUG' }`); others take their defaults. */
  parameters?: Readonly<Record<string, string>>;
  log: (line: string) => void;
}

/** The demo service account the stack creates (local only), in every group of the manifests. */
export const DEMO_ACCOUNT = { username: 'demo-service', password: 'Demo-Passw0rd!2026' } as const;
export const TABLE_NAME = 'FileSlaErrors';

/** A running stack. */
export interface LocalStack {
  url: string;
  cognito: CognitoSetup & { endpoint: string };
  dynamodbEndpoint: string;
  /** The groups of the manifests, as created in the pool. */
  groups: readonly LocalGroup[];
  /** The functions running, by name. */
  functions: readonly string[];
  stop(): Promise<void>;
}

const fetchJwks = async (uri: string): Promise<string> => {
  const response = await fetch(uri, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`The Cognito emulator's JWKS (${uri}) answered ${response.status}`);
  return JSON.stringify(await response.json());
};

/** Whether the stack can feed an event function its events (see `event-sources.ts`). */
const runnable = (fn: FunctionDescription): boolean => fn.kind === 'http' || eventSourceRunners[fn.eventSource.type] !== undefined;

/**
 * Starts the whole service on 127.0.0.1 from the manifests (`dist/functions.json`, built first when
 * missing or stale): DynamoDB (dynalite or DynamoDB Local), cognito-local, the table and the
 * Cognito resources with the manifests' groups (idempotently), each function in a thread of its own
 * with its own environment resolved from its manifest, a gateway in front of the HTTP functions'
 * routes, and the event sources of the event functions. Anything that fails half-way stops what
 * was started. See docs/architecture.md, "Local stack".
 */
export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  const { log } = options;
  const parameters = options.parameters ?? {};
  await assertPortFree(options.port, 'gateway, --port');
  await assertPortFree(options.cognitoPort, 'Cognito emulator, --cognito-port');
  await assertPortFree(options.dynamodbPort, 'DynamoDB, --dynamodb-port');
  if (options.dynamodb === 'local') await requireJava();
  await ensureBundles(log);
  const functions = await readFunctions();
  const groups = manifestGroups(functions, parameters);

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
    const groupNames = groups.map((group) => group.name).filter((name) => name !== '');
    const setup = await ensureCognitoSetup(admin, cognito.endpoint, {
      poolName: 'file-sla-errors-local',
      clientName: 'file-sla-errors-local-client',
      groups: groupNames,
    });
    await ensureServiceAccount(admin, setup.userPoolId, { ...DEMO_ACCOUNT, permanent: true, groups: groupNames });
    const dynamoPid = dynamoLocal ? ` (pid ${dynamoLocal.process.child.pid})` : '';
    log(`DynamoDB (${options.dynamodb === 'local' ? 'DynamoDB Local' : 'dynalite, in process'}) ${dynamo.endpoint}${dynamoPid}, table ${TABLE_NAME} ${table}`);
    log(`Cognito emulator ${cognito.endpoint} (pid ${cognito.process.child.pid}), pool ${setup.userPoolId}, app client ${setup.clientId}`);

    const platform: LocalPlatform = {
      refs: {
        'user-pool-id': setup.userPoolId,
        'user-pool-client-id': setup.clientId,
        'user-pool-client-secret': setup.clientSecret,
        'user-pool-jwks': await fetchJwks(setup.jwksUri),
        'table-name': TABLE_NAME,
        ...Object.fromEntries(groups.map((group) => [`group-name:${group.id}`, group.name])),
      },
      local: {
        'cognito-endpoint': cognito.endpoint,
        'dynamodb-endpoint': dynamo.endpoint,
        'jwt-issuer': setup.issuer,
        'jwks-uri': setup.jwksUri,
      },
      parameters,
    };
    for (const fn of functions.filter((candidate) => !runnable(candidate))) {
      log(`${fn.name}: not started (the local stack has no runner for ${(fn as EventFunction).eventSource.type} events)`);
    }
    const started = new Map<string, LocalFunction>();
    await Promise.all(
      functions.filter(runnable).map(async (fn) => {
        const local = await startLocalFunction({ name: fn.name, zip: fn.zip, env: resolveEnvironment(fn, platform) });
        stops.push(() => local.stop());
        started.set(fn.name, local);
      }),
    );
    const handlerOf = (name: string) => started.get(name)!.handler;

    for (const fn of functions.filter((candidate): candidate is EventFunction => candidate.kind === 'event' && started.has(candidate.name))) {
      const service = await eventSourceRunners[fn.eventSource.type]!(fn, handlerOf(fn.name), { dynamodbEndpoint: dynamo.endpoint, tableName: TABLE_NAME, log });
      stops.push(() => service.stop());
    }
    const http = functions.filter((fn): fn is HttpFunction => fn.kind === 'http');
    const gateway = await startGateway({
      port: options.port,
      log,
      routes: functionRoutes(http).map((route) => ({
        ...route,
        handler: handlerOf(route.functionName),
        timeoutMs: 1000 * http.find((fn) => fn.name === route.functionName)!.timeoutSeconds,
      })),
    });
    stops.push(() => gateway.stop());
    return {
      url: gateway.url,
      cognito: { ...setup, endpoint: cognito.endpoint },
      dynamodbEndpoint: dynamo.endpoint,
      groups,
      functions: [...started.keys()].sort(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
