// Unpacks a function's zip as Lambda does, so that children import exactly what is uploaded.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { repoRoot, scratchDir } from './settings.mjs';

/**
 * Unpacks `dist/<fn>.zip` into `<scratch>/zip/<fn>/`.
 * @param {string} fn
 * @returns {Promise<string>} the path of the unpacked `index.mjs`
 */
export const unpackZip = async (fn) => {
  const dir = join(scratchDir, 'zip', fn);
  const zip = await readFile(join(repoRoot, 'dist', `${fn}.zip`));
  for (const [file, content] of Object.entries(unzipSync(new Uint8Array(zip)))) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), content);
  }
  return join(dir, 'index.mjs');
};
