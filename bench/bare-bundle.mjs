// Bundles a bare baseline handler (named by the function's scenario) with the options scripts/build.mjs uses
// for the real function (scripts/lambda-bundle-options.mjs), so both are measured in the same form.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { lambdaBundleOptions } from '../scripts/lambda-bundle-options.mjs';
import { repoRoot, scratchDir } from './settings.mjs';

/**
 * Builds `<scratch>/bare/<fn>/index.mjs` from `entry`; its packages resolve from the function's
 * and the shared middleware's `node_modules` (the SDK and aws-jwt-verify versions the function uses).
 * @param {{ name: string, packageDir: string }} manifest
 * @param {string} entry - the bare handler file
 * @returns {Promise<{ file: string, rawBytes: number }>}
 */
export const bundleBare = async (manifest, entry) => {
  const file = join(scratchDir, 'bare', manifest.name, 'index.mjs');
  await build({
    ...lambdaBundleOptions({ entry, outfile: file, absWorkingDir: repoRoot }),
    nodePaths: [join(repoRoot, manifest.packageDir, 'node_modules'), join(repoRoot, 'packages', 'shared-middleware', 'node_modules')],
    logLevel: 'error',
  });
  return { file, rawBytes: (await readFile(file)).length };
};
