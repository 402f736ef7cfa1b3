/**
 * The local stack's side of the event functions (`kind: 'event'` manifests): a topic sink for every
 * topic the manifests declare, the table's stream, and one stream poller per function invoking its
 * built bundle. Only DynamoDB Local has streams; with the embedded dynalite the event functions are
 * off and the banner says how to turn them on.
 *
 * The stack calls, in this order:
 * 1. {@link startTopics} before it resolves the functions' environments (`topic-arn:<id>` refs and
 *    the `sns-endpoint` local value come from it);
 * 2. {@link startEventSources} once the table exists, with a way to import a function's bundle
 *    with its own environment;
 * 3. {@link eventFunctionsBanner} for the lines the banner shows;
 * and stops what each returned, in reverse order.
 */
import { DescribeTableCommand, UpdateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { join } from 'node:path';
import type { DynamoDBRecord } from 'aws-lambda';
import { lambdaContext } from './lambda-bundle.ts';
import { jsonlDeadLetterQueue, startStreamPoller, type StreamPoller, type StreamSourceSettings } from './stream-poller.ts';
import { startTopicSink, type TopicSink } from './topic-sink.ts';

/** What this module reads of a manifest (as data, `loadManifests()`). */
export interface EventFunctionManifest {
  kind: string;
  name: string;
  timeoutSeconds: number;
  eventSource?: StreamSourceSettings & { type: string; table: string };
  resources?: { topics?: Readonly<Record<string, unknown>> };
}

/** The topics of every manifest, served by one sink. */
export interface LocalTopics {
  /** Undefined when no manifest declares a topic. */
  sink: TopicSink | undefined;
  /** The ARN of topic `id` (the value of `{ ref: 'topic-arn:<id>' }`). */
  topicArn(id: string): string;
  /** The `sns-endpoint` local value; undefined without topics. */
  snsEndpoint: string | undefined;
  stop(): Promise<void>;
}

/** The event functions' state, for the banner. */
export interface EventSources {
  /** `live`: polled; `off`: the engine has no streams; `none`: no event function. */
  state: 'live' | 'off' | 'none';
  functions: string[];
  topics: string[];
  /** Where the topics' messages are appended. */
  dir: string;
  pollers: StreamPoller[];
  stop(): Promise<void>;
}

const eventManifests = (manifests: readonly EventFunctionManifest[]): EventFunctionManifest[] =>
  manifests.filter((manifest) => manifest.kind === 'event' && manifest.eventSource?.type === 'dynamodb-stream');

const topicIds = (manifests: readonly EventFunctionManifest[]): string[] => [...new Set(manifests.flatMap((manifest) => Object.keys(manifest.resources?.topics ?? {})))].sort();

/**
 * Starts one sink for every topic the manifests declare (console + `<dir>/<topic>.jsonl`).
 *
 * @example
 * ```ts
 * const topics = await startTopics(manifests, join(repoRoot, '.local'), log);
 * const env = { ALERTS_TOPIC_ARN: topics.topicArn('alerts'), SNS_ENDPOINT: topics.snsEndpoint };
 * ```
 */
export const startTopics = async (manifests: readonly EventFunctionManifest[], dir: string, log: (line: string) => void): Promise<LocalTopics> => {
  const ids = topicIds(manifests);
  const sink = ids.length > 0 ? await startTopicSink({ topics: ids, dir, log }) : undefined;
  return {
    sink,
    topicArn: (id) => (sink ? sink.topicArn(id) : `arn:aws:sns:local:000000000000:${id}`),
    snsEndpoint: sink?.endpoint,
    stop: async () => {
      await sink?.stop();
    },
  };
};

/** Gives the table the stream the event functions need (idempotent), and waits until it is there. */
export const ensureTableStream = async (client: DynamoDBClient, tableName: string, view: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES'): Promise<void> => {
  const current = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.StreamSpecification;
  if (current?.StreamEnabled && (current.StreamViewType === view || current.StreamViewType === 'NEW_AND_OLD_IMAGES')) return;
  if (current?.StreamEnabled) {
    throw new Error(`Table ${tableName} streams ${current.StreamViewType}, the event functions need ${view}: delete the local data folder (.local/) or the table`);
  }
  await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: view } }));
  for (let i = 0; i < 50; i += 1) {
    const table = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
    if (table?.LatestStreamArn && table.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Table ${tableName}: the stream did not become active`);
};

/** Options of {@link startEventSources}. */
export interface EventSourcesOptions {
  manifests: readonly EventFunctionManifest[];
  dynamodb: 'embedded' | 'local';
  dynamodbEndpoint: string;
  /** A client of that engine (to give the table its stream). */
  client: DynamoDBClient;
  tableName: string;
  /** Where the topics and the dead-letter files go (`.local/`). */
  dir: string;
  topics: LocalTopics;
  /** Imports a function's built bundle with its own environment set (as the gateway's functions are). */
  importHandler(name: string): Promise<(event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>>;
  log(line: string): void;
}

/**
 * With DynamoDB Local: gives the table its stream (the view the manifests ask for) and starts a
 * poller per event function, invoking its bundle like Lambda's event source mapping; failed
 * batches end in `<dir>/<function>-dlq.jsonl`. With dynalite: nothing starts (`state: 'off'`).
 */
export const startEventSources = async (options: EventSourcesOptions): Promise<EventSources> => {
  const functions = eventManifests(options.manifests);
  const base = { functions: functions.map((manifest) => manifest.name), topics: topicIds(functions), dir: options.dir };
  if (functions.length === 0) return { ...base, state: 'none', pollers: [], stop: async () => undefined };
  if (options.dynamodb !== 'local') return { ...base, state: 'off', pollers: [], stop: async () => undefined };
  const view = functions.some((manifest) => manifest.eventSource!.streamView === 'NEW_AND_OLD_IMAGES') ? 'NEW_AND_OLD_IMAGES' : 'NEW_IMAGE';
  await ensureTableStream(options.client, options.tableName, view);
  const pollers: StreamPoller[] = [];
  const stop = async (): Promise<void> => {
    for (const poller of pollers.splice(0).reverse()) await poller.stop();
  };
  try {
    for (const manifest of functions) {
      const handler = await options.importHandler(manifest.name);
      pollers.push(
        await startStreamPoller({
          endpoint: options.dynamodbEndpoint,
          tableName: options.tableName,
          source: manifest.eventSource!,
          functionName: manifest.name,
          invoke: (event: { Records: DynamoDBRecord[] }) => handler(event, lambdaContext(manifest.name, manifest.timeoutSeconds * 1000)),
          deadLetter: jsonlDeadLetterQueue(join(options.dir, `${manifest.name}-dlq.jsonl`), options.log),
          log: options.log,
        }),
      );
      options.log(`${manifest.name}: polling the stream of ${options.tableName} (${pollers.at(-1)!.streamArn})`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { ...base, state: 'live', pollers, stop };
};

/**
 * The banner's lines about the event functions: live (and where the messages go), or off and how
 * to turn them on.
 *
 * @example
 * ```ts
 * log(banner(url) + eventFunctionsBanner(events));
 * ```
 */
export const eventFunctionsBanner = (sources: Pick<EventSources, 'state' | 'functions' | 'topics' | 'dir'>): string => {
  if (sources.state === 'none') return '';
  const files = sources.topics.map((topic) => join(sources.dir, `${topic}.jsonl`)).join(', ');
  if (sources.state === 'off') {
    return `\nAlerts are OFF: the embedded DynamoDB (dynalite) has no streams, so ${sources.functions.join(', ')} ${sources.functions.length === 1 ? 'does' : 'do'} not run.\n  Turn them on with DynamoDB Local (Java 17+): pnpm start -- --dynamodb local\n`;
  }
  return (
    `\nAlerts are LIVE: new SLA errors on the table's stream → ${sources.functions.join(', ')} → topic ${sources.topics.join(', ')},\n` +
    `  printed here and appended to ${files}. Report one with "severity":"HIGH" or "CRITICAL" to see it.\n`
  );
};
