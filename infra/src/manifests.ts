import type { ManifestDescription } from '@file-sla/shared-middleware';

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
 * manifests.map((manifest) => manifest.name); // ['auth-lambda', …]
 * ```
 */
export const loadManifests = async (root?: string): Promise<FunctionManifest[]> => {
  // infra/src and infra/build (where `pnpm synth` bundles this file) are both two levels down.
  const href = new URL('../../scripts/manifests.mjs', import.meta.url).href;
  const loader = (await import(href)) as { loadManifests: (root?: string) => Promise<FunctionManifest[]> };
  return loader.loadManifests(root);
};
