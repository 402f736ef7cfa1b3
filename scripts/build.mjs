// Bundles each lambda's `src/handler.ts` with esbuild into `dist/<package>/index.mjs` (+ source map):
// ESM, minified, tree-shaken, Node 24, AWS SDK bundled.
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const exists = (path) => access(path).then(() => true, () => false);

for (const name of await readdir(join(root, 'packages'))) {
  const entry = join(root, 'packages', name, 'src', 'handler.ts');
  if (!(await exists(entry))) continue;
  const outfile = join(root, 'dist', name, 'index.mjs');
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: true,
    sourcemap: true,
    treeShaking: true,
    legalComments: 'none',
    metafile: true,
    // Some CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const bytes = result.metafile.outputs[Object.keys(result.metafile.outputs).find((f) => f.endsWith('.mjs'))].bytes;
  console.log(`built dist/${name}/index.mjs: ${bytes} bytes`);
}
