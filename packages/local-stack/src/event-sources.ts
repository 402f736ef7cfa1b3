import type { EventFunction } from './functions.ts';
import type { LambdaHandler } from './lambda-bundle.ts';

/** What an event source runner gets from the stack. */
export interface EventSourceContext {
  dynamodbEndpoint: string;
  tableName: string;
  log: (line: string) => void;
}

/** Something running beside the gateway that the stack stops on the way down. */
export interface StackService {
  stop(): Promise<void>;
}

/**
 * Feeds one event function its events on the local stack, as Lambda's event source mapping does
 * (e.g. polls the table's stream and invokes `handler` with each batch).
 */
export type EventSourceRunner = (fn: EventFunction, handler: LambdaHandler, context: EventSourceContext) => Promise<StackService>;

/**
 * The local runner of each event source type (`eventSource.type` of a `kind: 'event'` manifest).
 * An event function whose type has no runner here is not started (the stack says so); a new event
 * source type is supported locally by adding its runner.
 */
export const eventSourceRunners: Readonly<Record<string, EventSourceRunner>> = {};
