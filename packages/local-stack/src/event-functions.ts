/**
 * The local stack's side of the event functions (`kind: 'event'` manifests): a topic sink for the
 * topics the manifests declare, the runner of `dynamodb-stream` sources (the table's stream, polled
 * like Lambda's event source mapping, invoking the function's built bundle; failed batches end in
 * `.local/<function>-dlq.jsonl`), and the banner's line about them. Only DynamoDB Local has
 * streams; with the embedded dynalite the functions get no events and the banner says how to
 * turn them on.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeTableCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { join } from 'node:path';
import type { EventSourceRunner } from './event-sources.ts';
import type { FunctionDescription } from './functions.ts';
import { lambdaContext } from './lambda-context.ts';
import { repoRoot } from './repo-root.ts';
import { createLocalDynamoDbClient } from './sla-error-table.ts';
import { jsonlDeadLetterQueue, startStreamPoller, type StreamSourceSettings } from './stream-poller.ts';
import { startTopicSink, type TopicSink } from './topic-sink.ts';

/** Where the topics' messages and the dead-letter files go: `.local/` of the repository. */
export const LOCAL_OUTPUT_DIR = join(repoRoot, '.local');

/** The topics of every manifest, served by one sink. */
export interface LocalTopics {
  /** The topic ids (`resources.topics` of every manifest). */
  ids: readonly string[];
  /** Undefined when no manifest declares a topic. */
  sink: TopicSink | undefined;
  /** The platform refs they provide: `topic-arn:<id>` → ARN. */
  refs: Readonly<Record<string, string>>;
  /** The local values they provide: `sns-endpoint` (when there are topics). */
  local: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

const topicIds = (functions: readonly Pick<FunctionDescription, 'resources'>[]): string[] =>
  [...new Set(functions.flatMap((fn) => Object.keys(fn.resources?.topics ?? {})))].sort();

/**
 * Starts one sink for every topic the manifests declare (console + `<dir>/<topic>.jsonl`), and
 * says what the functions' environments get from it.
 *
 * @example
 * ```ts
 * const topics = await startTopics(functions, LOCAL_OUTPUT_DIR, log);
 * const platform = { refs: { ...refs, ...topics.refs }, local: { ...local, ...topics.local }, parameters };
 * ```
 */
export const startTopics = async (functions: readonly Pick<FunctionDescription, 'resources'>[], dir: string, log: (line: string) => void): Promise<LocalTopics> => {
  const ids = topicIds(functions);
  const sink = ids.length > 0 ? await startTopicSink({ topics: ids, dir, log }) : undefined;
  return {
    ids,
    sink,
    refs: sink ? Object.fromEntries(ids.map((id) => [`topic-arn:${id}`, sink.topicArn(id)])) : {},
    local: sink ? { 'sns-endpoint': sink.endpoint } : {},
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
    throw new Error(`Table ${tableName} streams ${current.StreamViewType}, an event function needs ${view}: delete the local data folder (.local/) or the table`);
  }
  await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: view } }));
  for (let i = 0; i < 50; i += 1) {
    const table = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
    if (table?.LatestStreamArn && table.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Table ${tableName}: the stream did not become active`);
};

/**
 * The local runner of `dynamodb-stream` event sources: with streams (DynamoDB Local), gives the
 * table its stream and polls it for the function (see `stream-poller.ts`), dead letters appended
 * to `<outputDir>/<function>-dlq.jsonl`; without (dynalite), does nothing and says so.
 */
export const dynamodbStreamRunner: EventSourceRunner = async (fn, handler, context) => {
  if (!context.streams) {
    context.log(`${fn.name}: no events (dynalite has no streams; pnpm start -- --dynamodb local has them)`);
    return { stop: async () => undefined };
  }
  const source = fn.eventSource as unknown as StreamSourceSettings;
  const client = createLocalDynamoDbClient(context.dynamodbEndpoint);
  try {
    await ensureTableStream(client, context.tableName, source.streamView);
  } finally {
    client.destroy();
  }
  const poller = await startStreamPoller({
    endpoint: context.dynamodbEndpoint,
    tableName: context.tableName,
    source,
    functionName: fn.name,
    invoke: (event) => handler(event, lambdaContext(fn.name, fn.timeoutSeconds * 1000)),
    deadLetter: jsonlDeadLetterQueue(join(context.outputDir, `${fn.name}-dlq.jsonl`), context.log),
    log: context.log,
  });
  context.log(`${fn.name}: polling the stream of ${context.tableName}`);
  return { stop: () => poller.stop() };
};

/** What the banner says about the event functions. */
export interface EventFunctionsSummary {
  /** `live`: they get their events; `off`: the engine has no streams; `none`: there are none. */
  state: 'live' | 'off' | 'none';
  functions: readonly string[];
  topics: readonly string[];
  /** Where the topics' messages are appended. */
  dir: string;
}

/** The summary of the stack's event functions, for {@link eventFunctionsBanner}. */
export const eventFunctionsSummary = (functions: readonly FunctionDescription[], streams: boolean, dir = LOCAL_OUTPUT_DIR): EventFunctionsSummary => {
  const events = functions.filter((fn) => fn.kind === 'event');
  return {
    state: events.length === 0 ? 'none' : streams ? 'live' : 'off',
    functions: events.map((fn) => fn.name),
    topics: topicIds(functions),
    dir,
  };
};

/**
 * The banner's lines about the event functions: live (and where their messages go), or off and
 * how to turn them on.
 *
 * @example
 * ```ts
 * log(banner(url) + eventFunctionsBanner(stack.eventFunctions));
 * ```
 */
export const eventFunctionsBanner = (summary: EventFunctionsSummary): string => {
  if (summary.state === 'none') return '';
  const names = summary.functions.join(', ');
  if (summary.state === 'off') {
    return (
      `\nAlerts are OFF: the embedded DynamoDB (dynalite) has no streams, so ${names} ${summary.functions.length === 1 ? 'gets' : 'get'} no events.\n` +
      '  Turn them on with DynamoDB Local (Java 17+): pnpm start -- --dynamodb local\n'
    );
  }
  const files = summary.topics.map((topic) => join(summary.dir, `${topic}.jsonl`)).join(', ');
  return (
    `\nAlerts are LIVE: new SLA errors on the table's stream → ${names}${summary.topics.length > 0 ? ` → topic ${summary.topics.join(', ')}` : ''},\n` +
    `  printed here${files ? ` and appended to ${files}` : ''}. Report one with "severity":"HIGH" or "CRITICAL" to see it.\n`
  );
};
