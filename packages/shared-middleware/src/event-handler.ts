import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { ConfigResult } from './config.js';
import { ConfigError } from './errors.js';
import type { EventLambdaManifest } from './manifest.js';
import { redactText } from './redact.js';

/** What a function's own logic gets with each event, besides the event itself. */
export interface EventInvocation<TConfig> {
  /** The configuration read at cold start (always valid here: an invalid one never reaches the logic). */
  config: TConfig;
  /** The Lambda context of this invocation. */
  context: Context;
  /** The function's logger, with this invocation's request id on every line. */
  logger: Logger;
}

/** A function's own logic: an event in, the result the event source reads out. */
export type EventHandle<TEvent, TResult, TConfig> = (event: TEvent, invocation: EventInvocation<TConfig>) => Promise<TResult>;

/** How {@link eventHandler} wires a function. */
export interface EventHandlerOptions<TEvent, TResult, TConfig> {
  /** The configuration read once at cold start (see `loadConfig`); while invalid, every invocation fails. */
  config: ConfigResult<TConfig>;
  /** The function's logger (see `createLogger`): redacting, JSON, one line per entry. */
  logger: Logger;
  /** The function's logic. */
  handle: EventHandle<TEvent, TResult, TConfig>;
}

/** The partial batch response of a stream or queue source (`ReportBatchItemFailures`). */
export interface BatchItemFailures {
  batchItemFailures: { itemIdentifier: string }[];
}

/**
 * What the Lambda runtime is handed when an invocation fails: a message without secrets (the
 * runtime logs it as it is), the function's name and the request id of the log line that tells more.
 */
export class InvocationError extends Error {
  override readonly name = 'InvocationError';
  /** The request id of the failed invocation (the `function_request_id` of its log lines). */
  readonly requestId: string;

  constructor(functionName: string, requestId: string, message: string) {
    super(`${functionName} failed (request ${requestId}): ${redactText(message)}`);
    this.requestId = requestId;
  }
}

/** What the event source of the manifest sends: a batch of `Records`. */
const checkEventShape = (manifest: EventLambdaManifest, event: unknown): void => {
  const records = (event as { Records?: unknown } | null | undefined)?.Records;
  if (!Array.isArray(records)) {
    throw new Error(`Expected a ${manifest.eventSource.type} event ({ "Records": [...] }), got ${event === null ? 'null' : typeof event}${Array.isArray(event) ? ' (an array)' : ''}`);
  }
};

const failuresOf = (result: unknown): unknown[] => {
  const failures = (result as Partial<BatchItemFailures> | null | undefined)?.batchItemFailures;
  return Array.isArray(failures) ? failures : [];
};

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Builds the Lambda handler of a function invoked by an event source (a DynamoDB stream today;
 * queues and schedules the same way). Around the function's logic it:
 *
 * - puts the Lambda context (request id, cold start, function name) on every log line;
 * - fails every invocation while the configuration read at cold start is invalid: one log line
 *   naming each problem, then an error thrown so the event source keeps the records and retries —
 *   the module itself loads, so the container never crash-loops;
 * - refuses an event that is not of the manifest's source type;
 * - turns a partial batch response into a failed invocation when the manifest does not declare
 *   `reportBatchItemFailures` (Lambda would otherwise ignore it and drop the failed records);
 * - logs every error once (through the logger's redaction) and hands the runtime an
 *   {@link InvocationError} whose message carries no secret.
 *
 * Nothing in it is HTTP-specific.
 *
 * @param manifest - the function's manifest (`defineEventLambda`)
 * @param options - configuration, logger and the function's logic
 * @returns the handler to export as `handler`
 *
 * @example
 * ```ts
 * import type { DynamoDBStreamEvent } from 'aws-lambda';
 * import { createLogger, eventHandler, type BatchItemFailures } from '@file-sla/shared-middleware';
 * import { config } from './config.js';
 * import { manifest } from './lambda.js';
 *
 * export const handler = eventHandler(manifest, {
 *   config,
 *   logger: createLogger({ serviceName: manifest.name }),
 *   handle: async (event: DynamoDBStreamEvent, { config, logger }): Promise<BatchItemFailures> => {
 *     logger.info('Records received', { count: event.Records.length, table: config.tableName });
 *     return { batchItemFailures: [] };
 *   },
 * });
 * ```
 */
export const eventHandler = <TEvent, TResult, TConfig>(
  manifest: EventLambdaManifest,
  options: EventHandlerOptions<TEvent, TResult, TConfig>,
): ((event: unknown, context: Context) => Promise<TResult>) => {
  const { config, logger, handle } = options;
  const partialResponses = manifest.eventSource.reportBatchItemFailures;

  const run = async (event: unknown, context: Context): Promise<TResult> => {
    if (!config.ok) throw config.error;
    checkEventShape(manifest, event);
    const result = await handle(event as TEvent, { config: config.value, context, logger });
    const failures = failuresOf(result);
    if (!partialResponses && failures.length > 0) {
      throw new Error(
        `${failures.length} record(s) failed, and the manifest does not declare reportBatchItemFailures: the whole batch is retried`,
      );
    }
    return result;
  };

  const wrapped = middy<unknown, TResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      onError: (request) => {
        const error = request.error;
        const requestId = request.context.awsRequestId ?? 'unknown';
        if (error instanceof ConfigError) {
          logger.error(`${error.message} (every invocation fails until the function's environment is fixed)`, { problems: error.problems });
        } else {
          // The error goes in its own field, which the logger scrubs; the message is ours alone.
          logger.error(`Invocation failed (${error instanceof Error ? error.name : typeof error}); the event source retries the batch`, { error });
        }
        request.error = new InvocationError(manifest.name, requestId, messageOf(error));
      },
    })
    .handler(run);

  return (event, context) => wrapped(event, context);
};
