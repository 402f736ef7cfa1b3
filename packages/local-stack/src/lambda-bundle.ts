import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import type { Context } from 'aws-lambda';
import { toHttpApiEvent } from './http-api-event.ts';
import { repoRoot } from './repo-root.ts';

export { repoRoot } from './repo-root.ts';
export { lambdaContext } from './lambda-context.ts';

/** A Lambda handler as the runtime calls it. */
export type LambdaHandler = (event: unknown, context: Context) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;

let instances = 0;

/**
 * Unpacks a function's zip (`dist/<name>.zip`, or `zipFile`) to a temporary folder, as Lambda
 * does, and returns the path of its `index.mjs`. Fails clearly when the zip is not built.
 */
export const unpackBundle = async (name: string, zipFile = join(repoRoot, 'dist', `${name}.zip`)): Promise<string> => {
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
  return join(dir, 'index.mjs');
};

/**
 * Imports a function exactly as it is uploaded (see {@link unpackBundle}) into this process, for
 * tests. Its configuration is read at import, from `process.env`: set the environment first.
 * Imported again, it is the same module (a warm container) unless `fresh` is set: then it is a new
 * module instance — a cold start, with the configuration read anew and empty caches (JWKS, SDK
 * clients). (The local stack runs each function in a worker thread of its own instead, with its
 * own environment: see `function-host.ts`.)
 *
 * @example
 * ```ts
 * process.env.COGNITO_USER_POOL_ID = setup.userPoolId; // …
 * const handler = await importLambdaBundle('my-lambda', { fresh: true });
 * ```
 */
export const importLambdaBundle = async (name: string, { fresh = false }: { fresh?: boolean } = {}): Promise<LambdaHandler> => {
  const url = pathToFileURL(await unpackBundle(name));
  if (fresh) url.search = `instance=${(instances += 1)}`;
  const module = (await import(url.href)) as { handler: LambdaHandler };
  return module.handler;
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
