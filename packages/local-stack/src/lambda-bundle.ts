import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { toHttpApiEvent } from './http-api-event.ts';

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

/** An API Gateway HTTP API (payload 2.0) event for a test: the gateway's own event builder. */
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
}): Record<string, unknown> =>
  toHttpApiEvent({ method, url: query ? `${path}?${query}` : path, headers, ...(body === undefined ? {} : { body }), ...(requestId ? { requestId } : {}) });
