// Bundles a bare baseline handler (bench/bare/<fn>.mjs) with the options scripts/build.mjs uses
// for the real function (scripts/lambda-bundle-options.mjs), so both are measured in the same form.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { lambdaBundleOptions } from '../scripts/lambda-bundle-options.mjs';
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
    ...lambdaBundleOptions({ entry: join(repoRoot, 'bench', 'bare', `${fn}.mjs`), outfile: file, absWorkingDir: repoRoot }),
    nodePaths: [join(repoRoot, 'packages', fn, 'node_modules'), join(repoRoot, 'packages', 'shared-middleware', 'node_modules')],
    logLevel: 'error',
  });
  return { file, rawBytes: (await readFile(file)).length };
};
