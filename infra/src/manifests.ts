import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ManifestDescription } from '@file-sla/shared-middleware';
import { repoRoot } from './repo-root.js';

/** One function's manifest as data, as `scripts/manifests.mjs` reads it (see docs/architecture.md, "Function manifests"). */
export type FunctionManifest = ManifestDescription & { packageDir?: string };
/** An HTTP function's manifest. */
export type HttpFunctionManifest = Extract<FunctionManifest, { kind: 'http' }>;
/** An event-source function's manifest. */
export type EventFunctionManifest = Extract<FunctionManifest, { kind: 'event' }>;

/**
 * Every `packages/<name>/src/lambda.ts` as data (needs `pnpm codegen`).
 *
 * @example
 * ```ts
 * const manifests = await loadManifests();
 * manifests.map((manifest) => manifest.name); // every packages/<name> with a src/lambda.ts
 * ```
 */
export const loadManifests = async (root?: string): Promise<FunctionManifest[]> => {
  const href = pathToFileURL(join(repoRoot(), 'scripts', 'manifests.mjs')).href;
  const loader = (await import(href)) as { loadManifests: (root?: string) => Promise<FunctionManifest[]> };
  return loader.loadManifests(root);
};
