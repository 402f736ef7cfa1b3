// Bundles a bare baseline handler (bench/bare/<fn>.mjs) with the options scripts/build.mjs uses
// for the real function, so that both are measured in the same form.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot, scratchDir } from './settings.mjs';

/**
 * Builds `<scratch>/bare/<fn>/index.mjs`; its packages resolve from the function's and the
 * shared middleware's `node_modules` (the SDK and aws-jwt-verify versions the function uses).
 * @param {string} fn
 * @returns {Promise<{ file: string, rawBytes: number }>}
 */
export const bundleBare = async (fn) => {
  const file = join(scratchDir, 'bare', fn, 'index.mjs');
  await build({
    entryPoints: [join(repoRoot, 'bench', 'bare', `${fn}.mjs`)],
    outfile: file,
    absWorkingDir: repoRoot,
    nodePaths: [join(repoRoot, 'packages', fn, 'node_modules'), join(repoRoot, 'packages', 'shared-middleware', 'node_modules')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: true,
    treeShaking: true,
    legalComments: 'none',
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return { file, rawBytes: (await readFile(file)).length };
};
