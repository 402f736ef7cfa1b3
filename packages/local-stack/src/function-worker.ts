// The thread one local function runs in (started by function-host.ts): its `process.env` is the
// function's own environment, its bundle is imported once (the cold start), then each message is
// one invocation, answered with the handler's result or its error. Loaded by Node directly, not
// bundled: node built-ins and type-only imports only.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { contextFromData, type ContextData } from './lambda-context.ts';

/** An invocation request from the host. */
export interface InvokeMessage {
  id: number;
  event: unknown;
  context: ContextData;
}

/** The answer to one invocation. */
export type ResultMessage = { id: number; result: unknown } | { id: number; error: { name: string; message: string; stack?: string } };

/** What the thread says once its bundle is imported (or failed to be). */
export type ReadyMessage = { ready: true } | { ready: false; error: string };

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const port = parentPort!;
const { entry } = workerData as { entry: string };

let handler: Handler | undefined;
let initError = '';
try {
  const module = (await import(pathToFileURL(entry).href)) as { handler?: Handler };
  if (typeof module.handler !== 'function') throw new Error(`${entry} exports no handler function`);
  handler = module.handler;
  port.postMessage({ ready: true } satisfies ReadyMessage);
} catch (error) {
  initError = error instanceof Error ? (error.stack ?? error.message) : String(error);
  port.postMessage({ ready: false, error: initError } satisfies ReadyMessage);
}

port.on('message', ({ id, event, context }: InvokeMessage) => {
  void (async () => {
    try {
      // Like Lambda after a failed init: every invocation fails.
      if (!handler) throw new Error(`The function failed to initialise: ${initError}`);
      port.postMessage({ id, result: await handler(event, contextFromData(context)) } satisfies ResultMessage);
    } catch (error) {
      const { name = 'Error', message = String(error), stack } = error instanceof Error ? error : {};
      port.postMessage({ id, error: { name, message, ...(stack ? { stack } : {}) } } satisfies ResultMessage);
    }
  })();
});
