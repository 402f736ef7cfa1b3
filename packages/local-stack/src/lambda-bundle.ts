import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';

/** The repository root (this file is `packages/local-stack/src/lambda-bundle.ts`). */
export const repoRoot = join(import.meta.dirname, '..', '..', '..');

/** A Lambda handler as the runtime calls it. */
export type LambdaHandler = (event: unknown, context: Context) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;

/**
 * Imports the built bundle of a function (`dist/<name>/index.mjs`), as Lambda does. Its
 * configuration is read at import: set the environment first. Fails clearly when not built.
 */
export const importLambdaBundle = async (name: 'auth-lambda' | 'sla-error-lambda', bustCache = ''): Promise<LambdaHandler> => {
  const file = join(repoRoot, 'dist', name, 'index.mjs');
  try {
    await access(file);
  } catch {
    throw new Error(`${file} is missing: run "pnpm build" first`);
  }
  const module = (await import(`${pathToFileURL(file).href}${bustCache ? `?${bustCache}` : ''}`)) as { handler: LambdaHandler };
  return module.handler;
};

let invocation = 0;

/** A Lambda context like the runtime's, with a fresh request id. */
export const lambdaContext = (functionName: string, timeoutMs = 10_000): Context => {
  const started = Date.now();
  invocation += 1;
  const awsRequestId = `${Date.now().toString(16)}-${invocation.toString(16).padStart(4, '0')}-local`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

/** An API Gateway HTTP API (payload 2.0) event, as the gateway builds it. */
export const httpApiEvent = ({
  method,
  path,
  headers = {},
  body,
  query = '',
  requestId,
}: {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  query?: string;
  requestId?: string;
}): Record<string, unknown> => {
  const id = requestId ?? `req-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const lowerHeaders = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    headers: lowerHeaders,
    ...(query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: '127.0.0.1',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: lowerHeaders['user-agent'] ?? '' },
      requestId: id,
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(body === undefined ? {} : { body, isBase64Encoded: false }),
  };
};
