import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { lambdaContext, type LambdaHandler } from './lambda-bundle.ts';
import { newRequestId, toHttpApiEvent } from './http-api-event.ts';

/** One function behind the gateway and the paths it serves. */
export interface GatewayRoute {
  /** `POST /auth`-style route key template with `{name}` path parameters. */
  routeKey: string;
  functionName: string;
  handler: LambdaHandler;
  /** The function's own time-out (its context's remaining time); the gateway's 30 s bound the wait. */
  timeoutMs?: number;
}

/** The running gateway. */
export interface Gateway {
  readonly url: string;
  stop(): Promise<void>;
}

/** API Gateway HTTP API's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** API Gateway HTTP API's integration time-out. */
const TIMEOUT_MS = 30_000;

interface CompiledRoute extends GatewayRoute {
  method: string;
  pattern: RegExp;
}

const compile = (route: GatewayRoute): CompiledRoute => {
  // `$default`: every request no other route matches.
  if (route.routeKey === '$default') return { ...route, method: 'ANY', pattern: /^/ };
  const [method = 'ANY', path = '/'] = route.routeKey.split(' ');
  const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, '(?<$1>[^/]+)');
  return { ...route, method, pattern: new RegExp(`^${source}$`) };
};

/** API Gateway's precedence: a literal segment before a `{parameter}`, a method before `ANY`, `$default` last. */
const specificity = (route: CompiledRoute): number[] =>
  route.routeKey === '$default' ? [Infinity, 1] : [(route.routeKey.match(/\{/g) ?? []).length, route.method === 'ANY' ? 1 : 0];
const bySpecificity = (a: CompiledRoute, b: CompiledRoute): number => {
  const [x, y] = [specificity(a), specificity(b)];
  return x[0]! - y[0]! || x[1]! - y[1]!;
};

/** The answer for a path no function serves: a problem document (RFC 9457, `about:blank`). */
const notFound = (method: string, path: string, requestId: string): [Record<string, string>, string] => [
  {
    'content-type': 'application/problem+json',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'apigw-requestid': requestId,
    'x-request-id': requestId,
  },
  JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: `No function serves ${method} ${path.slice(0, 200)}.`, requestId }),
];

const send = (response: ServerResponse, statusCode: number, headers: Record<string, string>, body: Buffer | string): void => {
  response.writeHead(statusCode, { ...headers, 'content-length': Buffer.byteLength(body) });
  response.end(body);
};

const readBody = (request: IncomingMessage): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });

/**
 * A local API Gateway (HTTP API, payload 2.0) on 127.0.0.1: matches the route, builds the event,
 * invokes the function's built handler with a Lambda-like context and writes its answer back.
 * A wrong method on a function's path reaches the function (`ANY` routes), which answers `405`
 * itself; a `$default` route takes what no other route matches. Without one, a path no route
 * matches is a `404` problem document (`application/problem+json`).
 */
export const startGateway = async ({ port, routes, log }: { port: number; routes: readonly GatewayRoute[]; log?: (line: string) => void }): Promise<Gateway> => {
  const compiled = routes.map(compile).sort(bySpecificity);

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = Date.now();
    const method = (request.method ?? 'GET').toUpperCase();
    const url = request.url ?? '/';
    const path = new URL(url, 'http://127.0.0.1').pathname;
    const route = compiled.find((candidate) => (candidate.method === 'ANY' || candidate.method === method) && candidate.pattern.test(path));
    if (!route) {
      send(response, 404, ...notFound(method, path, newRequestId()));
      log?.(`${method} ${path} → 404 (no function, ${Date.now() - started} ms)`);
      return;
    }
    const body = await readBody(request);
    if (body === undefined) {
      send(response, 413, { 'content-type': 'application/json' }, '{"message":"Request Entity Too Large"}');
      return;
    }
    const requestId = newRequestId();
    const event = toHttpApiEvent({
      method,
      url,
      headers: request.headers,
      body,
      sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, ''),
      routeKey: route.routeKey,
      pathParameters: { ...route.pattern.exec(path)?.groups },
      requestId,
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        route.handler(event, lambdaContext(route.functionName, Math.min(route.timeoutMs ?? TIMEOUT_MS, TIMEOUT_MS))),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS);
        }),
      ]);
      const payload = result as { statusCode?: number; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean };
      const out = payload.isBase64Encoded ? Buffer.from(payload.body ?? '', 'base64') : (payload.body ?? '');
      send(response, payload.statusCode ?? 200, { ...payload.headers, 'apigw-requestid': requestId }, out);
    } catch {
      // What API Gateway answers when the integration throws or times out.
      send(response, 500, { 'content-type': 'application/json', 'apigw-requestid': requestId }, '{"message":"Internal Server Error"}');
    } finally {
      clearTimeout(timer);
      log?.(`${method} ${path} → ${response.statusCode} (${route.functionName}, ${Date.now() - started} ms)`);
    }
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, { 'content-type': 'application/json' }, '{"message":"Internal Server Error"}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} (gateway) is already in use; choose another with --port.`) : error),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
