/**
 * A local stand-in for Lambda's DynamoDB Streams event source mapping: it reads the table's stream
 * (DescribeTable → DescribeStream → GetShardIterator → GetRecords, parent shards before their
 * children), drops the records that match none of the manifest's filters, gathers the rest into
 * batches (`batchSize`, `maxBatchingWindowSeconds`) and delivers each batch to the function with
 * Lambda's retry, bisect and partial-response rules (see `stream-delivery.ts`). Needs an engine with
 * streams (DynamoDB Local; dynalite has none).
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecordOfSdk,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { compileFilters, type FilterPattern } from './event-filter.ts';
import { deliverBatch, type DeadLetter } from './stream-delivery.ts';

/** The event source of a manifest (`eventSource` of a `kind: 'event'` function), as data. */
export interface StreamSourceSettings {
  streamView: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
  startingPosition: 'LATEST' | 'TRIM_HORIZON';
  batchSize: number;
  maxBatchingWindowSeconds: number;
  retryAttempts: number;
  maxRecordAgeSeconds?: number | undefined;
  bisectBatchOnError: boolean;
  reportBatchItemFailures: boolean;
  filters: readonly FilterPattern[];
}

/** What to poll and whom to invoke. */
export interface StreamPollerOptions {
  /** DynamoDB Local, e.g. `http://127.0.0.1:8000`. */
  endpoint: string;
  tableName: string;
  source: StreamSourceSettings;
  functionName: string;
  /** The function: called with `{ Records }`, as Lambda calls it. */
  invoke(event: { Records: DynamoDBRecord[] }): Promise<unknown>;
  /** The on-failure destination (see {@link jsonlDeadLetterQueue}). */
  deadLetter(entry: DeadLetter): Promise<void> | void;
  log(line: string): void;
  /** Pause between two reads of an idle shard (default 250 ms). */
  pollIntervalMs?: number;
  /** First retry delay, doubled on each further retry up to 5 s (default 250 ms). */
  retryDelayMs?: number;
}

/** A running poller. */
export interface StreamPoller {
  readonly streamArn: string;
  /** Resolves once every record written so far has been delivered (or sent to the dead-letter queue). */
  idle(): Promise<void>;
  /** Stops polling (after the batch in flight). */
  stop(): Promise<void>;
}

interface ShardState {
  shardId: string;
  parentShardId: string | undefined;
  iterator: string | undefined;
  /** Discovered after the poller started: read from its start whatever the starting position. */
  late: boolean;
  finished: boolean;
  /** The last record read, to go on after it with a new iterator (an expired one). */
  lastSequenceNumber: string | undefined;
  buffer: DynamoDBRecord[];
  /** When the oldest buffered record was read. */
  bufferedSince: number;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const SHARD_REFRESH_MS = 1_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The record as Lambda puts it in the event: DynamoDB JSON, epoch seconds, binary values as base64. */
export const toLambdaRecord = (record: StreamRecordOfSdk, streamArn: string, region: string): DynamoDBRecord => {
  const { ApproximateCreationDateTime, ...rest } = record.dynamodb ?? {};
  const dynamodb = JSON.parse(
    JSON.stringify(rest, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value)),
  ) as DynamoDBRecord['dynamodb'];
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? region,
    dynamodb: { ...(ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(ApproximateCreationDateTime.getTime() / 1000) } : {}), ...dynamodb },
    eventSourceARN: streamArn,
  };
};

/**
 * An on-failure destination that appends each entry to a JSON Lines file (one line per failed
 * batch) and says so in the console.
 *
 * @example
 * ```ts
 * const deadLetter = jsonlDeadLetterQueue('.local/sla-notifier-lambda-dlq.jsonl', console.log);
 * ```
 */
export const jsonlDeadLetterQueue =
  (file: string, log: (line: string) => void) =>
  async (entry: DeadLetter): Promise<void> => {
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, `${JSON.stringify(entry)}\n`);
    log(`dead-letter queue: ${entry.DDBStreamBatchInfo.batchSize} record(s) of ${entry.requestContext.functionName} appended to ${file}`);
  };

/**
 * Starts polling the table's stream for one function. Resolves once the shards are known and
 * their iterators taken, so that with `LATEST` every record written afterwards is seen.
 *
 * @example
 * ```ts
 * const poller = await startStreamPoller({
 *   endpoint: dynamo.endpoint, tableName: 'FileSlaErrors', source: manifest.eventSource,
 *   functionName: manifest.name, invoke: (event) => handler(event, lambdaContext(manifest.name)),
 *   deadLetter: jsonlDeadLetterQueue('.local/dlq.jsonl', console.log), log: console.log,
 * });
 * ```
 */
export const startStreamPoller = async (options: StreamPollerOptions): Promise<StreamPoller> => {
  const { source, log, functionName } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const retryDelayMs = options.retryDelayMs ?? 250;
  const accepts = compileFilters(source.filters);
  const config = { endpoint: options.endpoint, region: 'local', credentials: LOCAL_CREDENTIALS };
  const dynamodb = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  const table = (await dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }))).Table;
  dynamodb.destroy();
  const streamArn = table?.LatestStreamArn;
  const view = table?.StreamSpecification?.StreamViewType;
  if (!streamArn || !table?.StreamSpecification?.StreamEnabled) {
    streams.destroy();
    throw new Error(`Table ${options.tableName} has no stream: ${functionName} needs one (StreamSpecification ${source.streamView})`);
  }
  if (view !== source.streamView && !(source.streamView === 'NEW_IMAGE' && view === 'NEW_AND_OLD_IMAGES')) {
    streams.destroy();
    throw new Error(`Table ${options.tableName} streams ${view}, ${functionName} needs ${source.streamView}`);
  }

  const shards = new Map<string, ShardState>();
  let started = false;
  const refreshShards = async (): Promise<void> => {
    const found: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const page = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }));
      found.push(...(page.StreamDescription?.Shards ?? []));
      exclusiveStartShardId = page.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    for (const shard of found) {
      if (!shard.ShardId || shards.has(shard.ShardId)) continue;
      shards.set(shard.ShardId, {
        shardId: shard.ShardId,
        parentShardId: shard.ParentShardId,
        iterator: undefined,
        late: started,
        finished: false,
        lastSequenceNumber: undefined,
        buffer: [],
        bufferedSince: 0,
      });
    }
  };
  const iteratorOf = async (shard: ShardState): Promise<string | undefined> => {
    const after = shard.lastSequenceNumber;
    const type = after ? 'AFTER_SEQUENCE_NUMBER' : shard.late || source.startingPosition === 'TRIM_HORIZON' ? 'TRIM_HORIZON' : 'LATEST';
    const answer = await streams.send(
      new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.shardId, ShardIteratorType: type, ...(after ? { SequenceNumber: after } : {}) }),
    );
    return answer.ShardIterator;
  };
  /** A shard is read once its parent is read to its end (or is gone from the stream). */
  const readable = (shard: ShardState): boolean => {
    const parent = shard.parentShardId ? shards.get(shard.parentShardId) : undefined;
    return !shard.finished && (parent === undefined || parent.finished);
  };

  await refreshShards();
  for (const shard of shards.values()) {
    shard.iterator = await iteratorOf(shard);
    if (shard.iterator === undefined) shard.finished = true;
  }
  started = true;

  let stopped = false;
  /** Passes over the shards so far, and the last one that read or held a record. */
  let passes = 0;
  let lastBusyPass = 0;
  let inFlight = 0;

  const deliver = async (shard: ShardState, records: DynamoDBRecord[]): Promise<void> => {
    inFlight += records.length;
    try {
      await deliverBatch(records, source, {
        functionName,
        streamArn,
        shardId: shard.shardId,
        invoke: (batch) => options.invoke({ Records: batch }),
        deadLetter: options.deadLetter,
        log,
        backoff: (attempt) => sleep(Math.min(5_000, retryDelayMs * 2 ** (attempt - 1))),
      });
    } finally {
      inFlight -= records.length;
    }
  };

  /** Reads one page of a shard; delivers what is due. Says whether it read any record. */
  const pollShard = async (shard: ShardState): Promise<boolean> => {
    shard.iterator ??= await iteratorOf(shard);
    let read = 0;
    if (shard.iterator !== undefined) {
      let page;
      try {
        page = await streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: 1000 }));
      } catch (error) {
        // An iterator unused for too long expires: take a new one after the last record read.
        if ((error as { name?: string }).name === 'ExpiredIteratorException') shard.iterator = undefined;
        throw error;
      }
      shard.iterator = page.NextShardIterator;
      for (const record of page.Records ?? []) {
        read += 1;
        shard.lastSequenceNumber = record.dynamodb?.SequenceNumber ?? shard.lastSequenceNumber;
        const lambdaRecord = toLambdaRecord(record, streamArn, 'local');
        if (!accepts(lambdaRecord)) continue;
        if (shard.buffer.length === 0) shard.bufferedSince = Date.now();
        shard.buffer.push(lambdaRecord);
      }
    }
    const closed = shard.iterator === undefined;
    const windowOver = Date.now() - shard.bufferedSince >= source.maxBatchingWindowSeconds * 1000;
    while (shard.buffer.length >= source.batchSize || (shard.buffer.length > 0 && (windowOver || closed))) {
      await deliver(shard, shard.buffer.splice(0, source.batchSize));
      shard.bufferedSince = Date.now();
    }
    if (closed) shard.finished = true;
    return read > 0;
  };

  const loop = (async () => {
    let refreshedAt = Date.now();
    while (!stopped) {
      try {
        if (Date.now() - refreshedAt >= SHARD_REFRESH_MS) {
          await refreshShards();
          refreshedAt = Date.now();
        }
        let readAny = false;
        for (const shard of shards.values()) {
          if (stopped) break;
          if (readable(shard) && (await pollShard(shard))) readAny = true;
        }
        const buffered = [...shards.values()].some((shard) => shard.buffer.length > 0);
        passes += 1;
        if (readAny || buffered) lastBusyPass = passes;
      } catch (error) {
        if (stopped) break;
        log(`${functionName}: reading the stream failed (${error instanceof Error ? error.message : String(error)}); retrying`);
        passes += 1;
        lastBusyPass = passes;
      }
      if (!stopped) await sleep(pollIntervalMs);
    }
  })();

  return {
    streamArn,
    idle: async () => {
      // Two passes after this call, and the last two read nothing: what was written before is delivered.
      const from = passes;
      while (!stopped && (inFlight > 0 || passes < from + 2 || passes - lastBusyPass < 2)) await sleep(pollIntervalMs / 2);
    },
    stop: async () => {
      stopped = true;
      await loop;
      streams.destroy();
    },
  };
};
