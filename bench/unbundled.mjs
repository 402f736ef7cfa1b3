// The function's source as it would load without a bundler: every npm dependency imported from
// node_modules, file by file, by Node itself. Node 24 cannot import packages/<fn>/src/handler.ts
// directly (its imports name `.js` files that exist as `.ts`, and type stripping refuses
// parameter properties), so the workspace's own TypeScript is transpiled by esbuild — bundled,
// NOT minified — and every package import is left to Node, pointing at the file Node's ESM
// resolution picks in node_modules.
import { isBuiltin } from 'node:module';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { repoRoot, scratchDir } from './settings.mjs';

/** Leaves every import that resolves into node_modules to Node, by absolute file URL. */
const externalNodeModules = {
  name: 'external-node-modules',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData?.resolving || isBuiltin(args.path)) return undefined;
      const result = await pluginBuild.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: { resolving: true },
      });
      if (result.errors.length > 0) return { errors: result.errors };
      if (!result.path.split(sep).includes('node_modules')) return { path: result.path };
      return { path: pathToFileURL(result.path).href, external: true };
    });
  },
};

/**
 * The entry a function is built from.
 * @param {string} fn
 * @returns {string}
 */
export const sourceEntry = (fn) => join(repoRoot, 'packages', fn, 'src', 'handler.ts');

/**
 * Builds `<scratch>/unbundled/<fn>/handler.mjs`: the workspace's TypeScript in one unminified
 * file, npm packages imported from node_modules (resolved like Node's ESM loader: `import`/`node`
 * conditions, `main` field, symlinks followed).
 * @param {string} fn
 * @returns {Promise<string>} the file to import
 */
export const buildUnbundled = async (fn) => {
  const file = join(scratchDir, 'unbundled', fn, 'handler.mjs');
  await build({
    entryPoints: [sourceEntry(fn)],
    outfile: file,
    absWorkingDir: repoRoot,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: false,
    mainFields: ['main'],
    conditions: [],
    logLevel: 'error',
    plugins: [externalNodeModules],
  });
  return file;
};
