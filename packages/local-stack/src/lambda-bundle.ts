import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import type { Context } from 'aws-lambda';
import { toHttpApiEvent } from './http-api-event.ts';

/** The repository root (this file is `packages/local-stack/src/lambda-bundle.ts`). */
export const repoRoot = join(import.meta.dirname, '..', '..', '..');

/** A Lambda handler as the runtime calls it. */
export type LambdaHandler = (event: unknown, context: Context) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;

let instances = 0;

/**
 * Imports a function exactly as it is uploaded: `dist/<name>.zip` is unpacked to a temporary
 * folder and its `index.mjs` imported, as Lambda does. Its configuration is read at import: set the
 * environment first. Fails clearly when the zip is not built. Imported again, it is the same module
 * (a warm container) unless `fresh` is set: then it is a new module instance — a cold start, with
 * the configuration read anew and empty caches (JWKS, SDK clients).
 */
export const importLambdaBundle = async (name: string, { fresh = false }: { fresh?: boolean } = {}): Promise<LambdaHandler> => {
  const zipFile = join(repoRoot, 'dist', `${name}.zip`);
  let zip: Buffer;
  try {
    zip = await readFile(zipFile);
  } catch {
    throw new Error(`${zipFile} is missing: run "pnpm build" first`);
  }
  // One folder per process and zip content: parallel test workers never share a half-written file.
  const dir = join(tmpdir(), 'file-sla-bundles', `${name}-${createHash('sha256').update(zip).digest('hex').slice(0, 16)}-${process.pid}`);
  for (const [file, content] of Object.entries(unzipSync(new Uint8Array(zip)))) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), content);
  }
  const url = pathToFileURL(join(dir, 'index.mjs'));
  if (fresh) url.search = `instance=${(instances += 1)}`;
  const module = (await import(url.href)) as { handler: LambdaHandler };
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
