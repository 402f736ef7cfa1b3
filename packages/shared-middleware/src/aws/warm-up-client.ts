import { Readable } from 'node:stream';

/** The parts of an AWS SDK v3 client a warm-up uses (any `@aws-sdk/client-*` client has them). */
export interface WarmableClient {
  readonly middlewareStack: unknown;
  readonly config: unknown;
}

/** The parts of an AWS SDK v3 command a warm-up uses (any command has them). */
export interface WarmableCommand {
  readonly middlewareStack: {
    add(middleware: never, options: { step: 'deserialize'; priority: 'low'; name: string }): void;
  };
  resolveMiddleware(stack: never, config: never, options: undefined): (command: never) => Promise<unknown>;
}

/** The HTTP answer the warm-up's command gets, in-process. */
export interface WarmUpAnswer {
  /** Default 200. */
  statusCode?: number;
  /** Default `content-type: application/x-amz-json-1.0`. */
  headers?: Record<string, string>;
  /** Default `{}` (a valid answer of most JSON operations). */
  body?: string;
}

/**
 * Runs one command through the whole middleware stack of `client` — configuration providers,
 * endpoint resolution, serialisation, signing, retries, deserialisation — with the HTTP answer
 * made in-process, so that what the SDK does (and compiles) on its first call is done at init,
 * not on the first request; no network call is made. The answer comes from a middleware added to
 * this command only, at the innermost place of the stack (the `deserialize` step, low priority),
 * which never calls the request handler. The command is resolved directly, not through
 * `client.send()`, so the client's cached handlers (`cacheMiddleware`) and a stub of `send()`
 * (aws-sdk-client-mock) never see it. Best effort: it resolves `false` instead of throwing (e.g.
 * no credentials in a test environment), and the first real call then does the work as before.
 *
 * @param client - the SDK client, as the function will use it
 * @param command - a command of the operation the function calls first (its input need not exist)
 * @param answer - the in-process HTTP answer (default: 200 with `{}`)
 * @returns whether the command went through
 *
 * @example
 * ```ts
 * const client = new DynamoDBClient({ region });
 * await warmUpClient(client, new GetItemCommand({ TableName: table, Key: { id: { S: 'warm-up' } } }));
 * ```
 */
export const warmUpClient = async (client: WarmableClient, command: WarmableCommand, answer: WarmUpAnswer = {}): Promise<boolean> => {
  const body = Buffer.from(answer.body ?? '{}');
  const answerInProcess = () => async () => ({
    response: {
      statusCode: answer.statusCode ?? 200,
      headers: { 'content-type': 'application/x-amz-json-1.0', ...answer.headers },
      body: Readable.from([body]),
    },
  });
  command.middlewareStack.add(answerInProcess as never, { step: 'deserialize', priority: 'low', name: 'warmUpInProcessAnswer' });
  try {
    const handler = command.resolveMiddleware(client.middlewareStack as never, client.config as never, undefined);
    await handler(command as never);
    return true;
  } catch {
    return false;
  }
};
