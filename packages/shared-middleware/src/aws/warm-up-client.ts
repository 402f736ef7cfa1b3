import { finished, Readable } from 'node:stream';

/** The parts of an AWS SDK v3 client a warm-up uses (any `@aws-sdk/client-*` client has them). */
export interface WarmableClient {
  readonly middlewareStack: unknown;
  readonly config: unknown;
}

/** What the warm-up passes to the command's handler: the abort signal of its connection request. */
interface HandlerOptions {
  abortSignal: AbortSignal;
}

/** The parts of an AWS SDK v3 command a warm-up uses (any command has them). */
export interface WarmableCommand {
  readonly middlewareStack: {
    add(middleware: never, options: { step: 'deserialize'; priority: 'low'; name: string }): void;
  };
  resolveMiddleware(stack: never, config: never, options: HandlerOptions): (command: never) => Promise<unknown>;
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

/** How a warm-up runs. */
export interface WarmUpOptions {
  /** The command's in-process answer (default: 200 with `{}`). */
  answer?: WarmUpAnswer;
  /**
   * Also open the client's connection to the command's endpoint, with one `GET /` (no
   * credentials, no body) through the client's own request handler, so that its keep-alive agent
   * holds an open connection (DNS, TCP and TLS done) for the first request. Default `true`.
   */
  connect?: boolean;
  /** The longest the connection request may hold up init, ms; past it, it is given up (default 1,000). */
  connectTimeoutMs?: number;
}

/** What a warm-up did. */
export interface WarmUpResult {
  /** The command went through the whole stack (`false`: it failed there, e.g. no credentials). */
  stack: boolean;
  /** The endpoint answered the connection request (any status), fully read within the time-out. */
  connected: boolean;
}

/** The smithy `HttpRequest` fields the connection request copies. */
interface EndpointRequest {
  protocol: string;
  hostname: string;
  port?: number;
}

/** The terminal handler's answer: a response whose body is the socket's stream. */
interface TransportAnswer {
  response: { body?: unknown };
}

/** `GET /` on the host of `request`: Node adds the `Host` header; AWS endpoints answer it unsigned. */
const connectionRequestOf = ({ protocol, hostname, port }: EndpointRequest) => ({ protocol, hostname, port, method: 'GET', path: '/', query: {}, headers: {} });

/**
 * Runs one command through the whole middleware stack of `client` — configuration providers,
 * endpoint resolution, serialisation, signing, retries, deserialisation — with the command's HTTP
 * answer made in-process, so that what the SDK does (and compiles) on its first call is done at
 * init, not on the first request. The answer comes from a middleware added to this command only,
 * at the innermost place of the stack (the `deserialize` step, low priority). There, unless
 * `connect` is `false`, it also sends one `GET /` to the command's endpoint through the client's
 * request handler (the command itself is never sent) and reads the answer to its end, so that
 * Node's HTTP client has run once and the handler's keep-alive agent keeps the connection for the
 * first request. The rest of the stack runs meanwhile; the warm-up resolves once that answer is
 * read, or after `connectTimeoutMs` at most (the request is then aborted). A failure only means
 * that the first request connects, as it would have. The command is resolved directly, not through `client.send()`, so
 * the client's cached handlers (`cacheMiddleware`) and a stub of `send()` (aws-sdk-client-mock)
 * never see it. Best effort: it never throws (e.g. no credentials in a test environment: the
 * stack fails before the connection request), and the first real call then does the work as before.
 *
 * @param client - the SDK client, as the function will use it
 * @param command - a command of the operation the function calls first (its input need not exist)
 * @param options - the in-process answer, and whether to open the connection
 * @returns what was done
 *
 * @example
 * ```ts
 * const client = new DynamoDBClient({ region });
 * await warmUpClient(client, new GetItemCommand({ TableName: table, Key: { id: { S: 'warm-up' } } }));
 * // → { stack: true, connected: true }: the first GetItem reuses the open connection
 * ```
 */
export const warmUpClient = async (client: WarmableClient, command: WarmableCommand, options: WarmUpOptions = {}): Promise<WarmUpResult> => {
  const { answer = {}, connect = true, connectTimeoutMs = 1_000 } = options;
  const answerBody = Buffer.from(answer.body ?? '{}');
  const abort = new AbortController();
  let connected = false;
  let connecting: Promise<void> | undefined;
  const openConnection = async (send: (args: unknown) => Promise<TransportAnswer>, request: EndpointRequest): Promise<void> => {
    const timer = setTimeout(() => abort.abort(), connectTimeoutMs);
    try {
      const { response } = await send({ request: connectionRequestOf(request) });
      // Read to its end, so that the agent takes the socket back for the next request.
      const stream = response.body;
      if (stream instanceof Readable) await new Promise<void>((resolve, reject) => finished(stream.resume(), (error) => (error ? reject(error) : resolve())));
      connected = true;
    } catch {
      // Unreachable, refused, timed out: the first request connects instead.
    } finally {
      clearTimeout(timer);
    }
  };
  const answerInProcess = (next: (args: unknown) => Promise<TransportAnswer>) => async (args: { request: EndpointRequest }) => {
    // Not awaited here: the rest of the stack runs while the connection is made.
    if (connect) connecting = openConnection(next, args.request);
    return {
      response: {
        statusCode: answer.statusCode ?? 200,
        headers: { 'content-type': 'application/x-amz-json-1.0', ...answer.headers },
        body: Readable.from([answerBody]),
      },
    };
  };
  command.middlewareStack.add(answerInProcess as never, { step: 'deserialize', priority: 'low', name: 'warmUpInProcessAnswer' });
  let stack = true;
  try {
    const handler = command.resolveMiddleware(client.middlewareStack as never, client.config as never, { abortSignal: abort.signal });
    await handler(command as never);
  } catch {
    stack = false;
  }
  await connecting;
  return { stack, connected };
};
