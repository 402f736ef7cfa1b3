// Unpacks a function's zip as Lambda does, so that children import exactly what is uploaded.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { repoRoot, scratchDir } from './settings.mjs';

/**
 * Unpacks `<distDir>/<fn>.zip` into `<scratch>/<label>/<fn>/`.
 * @param {string} fn
 * @param {{ distDir?: string, label?: string }} [options] - default: this build's `dist`, label `zip`
 * @returns {Promise<string>} the path of the unpacked `index.mjs`
 */
export const unpackZip = async (fn, { distDir = join(repoRoot, 'dist'), label = 'zip' } = {}) => {
  const dir = join(scratchDir, label, fn);
  const zip = await readFile(join(distDir, `${fn}.zip`));
  for (const [file, content] of Object.entries(unzipSync(new Uint8Array(zip)))) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), content);
  }
  return join(dir, 'index.mjs');
};
