import { Worker } from 'node:worker_threads';
import type { Context } from 'aws-lambda';
import { resolve } from 'node:path';
import { repoRoot } from './repo-root.ts';
import { contextData } from './lambda-context.ts';
import { unpackBundle, type LambdaHandler } from './lambda-bundle.ts';
import type { InvokeMessage, ReadyMessage, ResultMessage } from './function-worker.ts';

/** A function running on the local stack, in a worker thread of its own. */
export interface LocalFunction {
  readonly name: string;
  /** Invokes it as Lambda would (the event and context cross to its thread as data). */
  readonly handler: LambdaHandler;
  stop(): Promise<void>;
}

/** Which function, from which zip, with which environment. */
export interface LocalFunctionOptions {
  name: string;
  /** The zip, relative to the repository or absolute. */
  zip: string;
  /** Its whole `process.env` (see `resolveEnvironment`). */
  env: Readonly<Record<string, string>>;
}

const WORKER = new URL('./function-worker.ts', import.meta.url);

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * Starts a function from its zip in a worker thread whose `process.env` is exactly `env`: each
 * function reads its own configuration at import, as in its own Lambda container, and no function
 * sees another's variables or this process's. Resolves once the bundle is imported (its cold start);
 * fails with the import error. A thread that dies (an uncaught error in the function) fails the
 * invocations in flight, and the next invocation starts a new one (a new cold start).
 *
 * @example
 * ```ts
 * const fn = await startLocalFunction({ name: 'my-lambda', zip: 'dist/my-lambda.zip', env });
 * const result = await fn.handler(event, lambdaContext('my-lambda'));
 * ```
 */
export const startLocalFunction = async ({ name, zip, env }: LocalFunctionOptions): Promise<LocalFunction> => {
  const entry = await unpackBundle(name, resolve(repoRoot, zip));
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let stopped = false;

  let current: Promise<Worker> | undefined;

  const spawn = async (): Promise<Worker> => {
    const worker = new Worker(WORKER, { workerData: { entry }, env: { ...env }, name });
    const ready = await new Promise<ReadyMessage>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (!ready.ready) {
      await worker.terminate();
      throw new Error(`${name} failed to initialise: ${ready.error}`);
    }
    worker.on('message', (message: ResultMessage) => {
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      if ('result' in message) call.resolve(message.result);
      else call.reject(Object.assign(new Error(message.error.message), message.error));
    });
    const fail = (reason: string): void => {
      current = undefined;
      for (const call of pending.values()) call.reject(new Error(`${name}: ${reason}`));
      pending.clear();
    };
    worker.on('error', (error) => fail(`its thread failed: ${error.message}`));
    worker.on('exit', (code) => fail(`its thread exited (${code})`));
    return worker;
  };
  /** The running thread; a new one (a cold start) when there is none, e.g. after a crash. */
  const running = (): Promise<Worker> =>
    (current ??= spawn().catch((error: unknown) => {
      current = undefined;
      throw error;
    }));

  await running();

  const handler = (async (event: unknown, context: Context) => {
    if (stopped) throw new Error(`${name} is stopped`);
    const worker = await running();
    const id = (nextId += 1);
    return new Promise<unknown>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, event, context: contextData(context) } satisfies InvokeMessage);
    });
  }) as LambdaHandler;

  return {
    name,
    handler,
    async stop() {
      stopped = true;
      const worker = await current?.catch(() => undefined);
      current = undefined;
      await worker?.terminate();
    },
  };
};
