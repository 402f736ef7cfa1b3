import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import type { SNSClient } from '@aws-sdk/client-sns';
import { eventHandler } from '@file-sla/shared-middleware';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { defaultDependencies, type Dependencies } from './dependencies.js';
import { manifest } from './lambda.js';
import { notify } from './notify.js';

/**
 * The event entry on its dependencies: a batch of the table's stream → alerts on the topic, and the
 * partial batch response naming the records that failed (see `notify`). The event source, its
 * filter and retries come from the manifest (`src/lambda.ts`).
 *
 * @example
 * ```ts
 * const handler = createHandler({ ...defaultDependencies(env), snsClient: () => new SNSClient({ region: 'eu-west-1' }) });
 * ```
 */
export const createHandler = (deps: Dependencies) => {
  // Built at cold start; with an invalid configuration there is none, and no event reaches `handle`.
  const sns = deps.config.ok ? deps.snsClient(deps.config.value) : undefined;
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return eventHandler(manifest, {
    config: deps.config,
    logger: deps.logger,
    handle: (event: DynamoDBStreamEvent, invocation) => notify(event, invocation, sns as SNSClient, processor),
  });
};

/** The handler Lambda invokes, wired once per container. */
const dependencies = defaultDependencies();
// What the SDK does on its first call, done now (the command answered in-process), and the connection opened: see `warmUp`.
await dependencies.warmUp?.();
export const handler = createHandler(dependencies);
