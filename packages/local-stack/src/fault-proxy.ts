import { createServer, request as forward, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request the proxy received (whatever it then did with it). */
export interface ProxiedRequest {
  method: string;
  /** Path and query, e.g. `/local_abc/.well-known/jwks.json`. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text (AWS JSON protocols: the operation's input). */
  body: string;
}

/** A canned answer: what the service would say when it fails. */
export interface FaultAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * What the proxy does with what comes next:
 * - `pass`: forwards every request and its answer unchanged;
 * - `refuse`: nothing listens on the port any more — connecting is refused (the service is down);
 * - `reset`: accepts connections (and requests on open ones), then closes them without an answer;
 * - `delay`: holds each request `ms` before forwarding it; a request whose client gave up in the
 *   meantime is dropped, never forwarded (the service never saw it);
 * - `answer`: answers with `answer` instead of forwarding — only the requests `when` picks, if given
 *   (the others are forwarded).
 */
export type FaultBehaviour =
  | { kind: 'pass' }
  | { kind: 'refuse' }
  | { kind: 'reset' }
  | { kind: 'delay'; ms: number }
  | { kind: 'answer'; answer: FaultAnswer; when?: (request: ProxiedRequest) => boolean };

/** A running proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: point the client here instead of at the target. */
  readonly url: string;
  readonly port: number;
  /** Every request received so far, in order. */
  readonly requests: readonly ProxiedRequest[];
  /** How many requests got a fault (a canned answer, a reset, or were dropped) instead of the target's answer. */
  readonly faulted: number;
  /** Switches the behaviour for every request from now on (resolves once in effect). */
  set(behaviour: FaultBehaviour): Promise<void>;
  /** Forgets the requests seen so far. */
  clear(): void;
  stop(): Promise<void>;
}

/** The error DynamoDB answers when a table's throughput is exceeded (HTTP 400, AWS JSON 1.0). */
export const dynamoDbThrottlingAnswer = (): FaultAnswer =>
  awsJsonErrorAnswer(
    'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
    { protocol: '1.0' },
  );

/**
 * An AWS JSON protocol error answer: `{"__type", "message"}` with `x-amzn-ErrorType` (the short
 * name) and a request id, as AWS services send them. Cognito speaks JSON 1.1, DynamoDB 1.0.
 */
export const awsJsonErrorAnswer = (
  type: string,
  message: string,
  { status = 400, protocol = '1.1' }: { status?: number; protocol?: '1.0' | '1.1' } = {},
): FaultAnswer => ({
  status,
  headers: {
    'content-type': `application/x-amz-json-${protocol}`,
    'x-amzn-errortype': type.slice(type.lastIndexOf('#') + 1),
    'x-amzn-requestid': 'FAULTPROXY0000000000000000000000000000000000000000',
  },
  body: JSON.stringify({ __type: type, message }),
});

/** Throttles the DynamoDB requests `when` picks (every one without it); the others pass. */
export const dynamoDbThrottling = (when?: (request: ProxiedRequest) => boolean): FaultBehaviour => ({
  kind: 'answer',
  answer: dynamoDbThrottlingAnswer(),
  ...(when ? { when } : {}),
});

const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });

/**
 * Starts an HTTP proxy on 127.0.0.1 (`port`, or a free one) in front of `target`
 * (`http://host:port`) whose behaviour a test switches at run time: pass-through, down (refused
 * or reset connections), slow, or answering with the service's own errors (e.g. DynamoDB
 * throttling, for all requests or only those whose body matches). For tests and the local stack
 * only: it keeps every request in memory.
 */
export const startFaultProxy = async ({ target, port = 0 }: { target: string; port?: number }): Promise<FaultProxy> => {
  const upstream = new URL(target);
  let behaviour: FaultBehaviour = { kind: 'pass' };
  const requests: ProxiedRequest[] = [];
  let faulted = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const pass = (request: IncomingMessage, response: ServerResponse, proxied: ProxiedRequest, body: Buffer): void => {
    const outgoing = forward(
      { host: upstream.hostname, port: upstream.port, method: proxied.method, path: proxied.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    // The target is gone too: the client sees its connection closed.
    outgoing.on('error', () => request.socket.destroy());
    response.on('close', () => outgoing.destroy());
    outgoing.end(body);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request);
    const proxied: ProxiedRequest = { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body: body.toString('utf8') };
    requests.push(proxied);
    const current = behaviour;
    switch (current.kind) {
      case 'refuse':
      case 'reset':
        faulted += 1;
        request.socket.destroy();
        return;
      case 'delay': {
        let clientGone = false;
        response.on('close', () => {
          clientGone = !response.writableEnded;
        });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, current.ms);
          timers.add(timer);
        });
        if (clientGone || request.socket.destroyed) {
          faulted += 1;
          return;
        }
        pass(request, response, proxied, body);
        return;
      }
      case 'answer':
        if (current.when && !current.when(proxied)) break;
        faulted += 1;
        response.writeHead(current.answer.status, { ...current.answer.headers, 'content-length': Buffer.byteLength(current.answer.body) });
        response.end(current.answer.body);
        return;
      case 'pass':
        break;
    }
    pass(request, response, proxied, body);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => request.socket.destroy());
  });
  server.on('connection', (socket: Socket) => {
    if (behaviour.kind === 'reset') {
      faulted += 1;
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const listen = (on: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(on, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server.listening) {
        resolve();
        return;
      }
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  const actualPort = await listen(port);
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    requests,
    get faulted() {
      return faulted;
    },
    async set(next) {
      behaviour = next;
      if (next.kind === 'refuse') await close();
      else if (!server.listening) await listen(actualPort);
      // Open keep-alive connections would outlive a switch to `reset`: close them now.
      if (next.kind === 'reset') for (const socket of sockets) socket.destroy();
    },
    clear() {
      requests.length = 0;
      faulted = 0;
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      behaviour = { kind: 'refuse' };
      await close();
    },
  };
};
