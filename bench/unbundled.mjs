// The function's source as it would load without a bundler: every npm dependency imported from
// node_modules, file by file, by Node itself. Node 24 cannot import packages/<fn>/src/handler.ts
// directly (its imports name `.js` files that exist as `.ts`, and type stripping refuses
// parameter properties), so the workspace's own TypeScript is transpiled by esbuild — bundled,
// NOT minified — and every package import is left to Node, pointing at the file Node's ESM
// resolution picks in node_modules.
import { readFile, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { repoRoot, scratchDir } from './settings.mjs';

/**
 * Leaves every import that resolves into node_modules to Node, by absolute file URL, and notes
 * each specifier's URL in `externals`.
 * @param {Record<string, string>} externals
 */
const externalNodeModules = (externals) => ({
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
      const url = pathToFileURL(result.path).href;
      // The first importer's resolution; a specifier resolved to two files (two versions) keeps the first.
      externals[args.path] ??= url;
      return { path: url, external: true };
    });
  },
});

/**
 * The entry a function is built from.
 * @param {{ packageDir: string }} manifest
 * @returns {string}
 */
export const sourceEntry = (manifest) => join(repoRoot, manifest.packageDir, 'src', 'handler.ts');

/** Where the file's map of package specifiers to the node_modules files they were left to is kept. */
const externalsFileOf = (file) => file.replace(/\.mjs$/, '.externals.json');

/**
 * Transpiles `entry` (and the workspace TypeScript it imports) into one unminified ESM file, every
 * npm package imported from node_modules (resolved like Node's ESM loader: `import`/`node`
 * conditions, `main` field, symlinks followed). Next to it, `<name>.externals.json` maps each
 * package specifier to the file URL it was left to, so that a harness can import the very same
 * module instance (e.g. to stub a class the file uses).
 * @param {string} entry
 * @param {string} file - the output file
 * @returns {Promise<string>} the file to import
 */
const buildUnminified = async (entry, file) => {
  const externals = {};
  await build({
    entryPoints: [entry],
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
    plugins: [externalNodeModules(externals)],
  });
  await writeFile(externalsFileOf(file), `${JSON.stringify(externals, null, 2)}\n`);
  return file;
};

/**
 * Builds `<scratch>/unbundled/<fn>/handler.mjs`: the workspace's TypeScript in one unminified
 * file, npm packages imported from node_modules.
 * @param {{ name: string, packageDir: string }} manifest
 * @returns {Promise<string>} the file to import
 */
export const buildUnbundled = (manifest) => buildUnminified(sourceEntry(manifest), join(scratchDir, 'unbundled', manifest.name, 'handler.mjs'));

/**
 * Builds the shared stack's `createAccessTokenVerifier` the same way (`<scratch>/unbundled/shared-middleware/access-token-verifier.mjs`),
 * to time `verify()` on its own.
 * @returns {Promise<string>} the file to import
 */
export const buildUnbundledVerifier = () =>
  buildUnminified(
    join(repoRoot, 'packages', 'shared-middleware', 'src', 'jwt', 'access-token-verifier.ts'),
    join(scratchDir, 'unbundled', 'shared-middleware', 'access-token-verifier.mjs'),
  );

/**
 * The package specifiers of a file built here and the node_modules file URL each was left to.
 * @param {string} file - a file `buildUnbundled` or `buildUnbundledVerifier` returned
 * @returns {Promise<Record<string, string>>}
 */
export const readExternals = async (file) => JSON.parse(await readFile(externalsFileOf(file), 'utf8'));
