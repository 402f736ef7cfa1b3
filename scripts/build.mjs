// Bundles each lambda's `src/handler.ts` with esbuild into `<outdir>/<package>/index.mjs` (+ source
// map) — ESM, minified, tree-shaken, Node 24, AWS SDK bundled — and zips exactly those two files
// into `<outdir>/<package>.zip`, byte-for-byte reproducible. `--outdir DIR` (default `dist`);
// `--analyze` also prints what each bundle is made of, largest inputs first.
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { analyzeMetafile, build } from 'esbuild';
import { zipSync } from 'fflate';
import { lambdaBundleOptions } from './lambda-bundle-options.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' }, analyze: { type: 'boolean', default: false } } });
const outdir = resolve(root, values.outdir);
const exists = (path) => access(path).then(() => true, () => false);

/** Every zip entry gets this time stamp and mode, so the same input gives the same bytes. */
const ZIP_MTIME = new Date('2026-01-01T00:00:00Z');
const ZIP_ATTRS = 0o100644 << 16; // regular file, rw-r--r--

/** esbuild names a module outside the file namespace `namespace:/absolute/path`. */
const NAMESPACED = /^([a-z][\w-]+):(.+)$/;

/**
 * Source paths relative to the repository, whatever the output folder and wherever the
 * repository is checked out (a replaced module keeps its namespace: `replaced:node_modules/…`).
 */
const rewriteSources = (mapText, mapDir) => {
  const map = JSON.parse(mapText);
  const fromRoot = (path) => relative(root, path).split('\\').join('/');
  map.sources = map.sources.map((source) => {
    const namespaced = NAMESPACED.exec(source);
    return namespaced ? `${namespaced[1]}:${fromRoot(namespaced[2])}` : fromRoot(resolve(mapDir, source));
  });
  return JSON.stringify(map);
};

for (const name of (await readdir(join(root, 'packages'))).sort()) {
  const entry = join(root, 'packages', name, 'src', 'handler.ts');
  if (!(await exists(entry))) continue;
  const dir = join(outdir, name);
  await mkdir(dir, { recursive: true });
  const result = await build({
    ...lambdaBundleOptions({ entry, outfile: join(dir, 'index.mjs'), absWorkingDir: root }),
    sourcemap: 'linked',
    sourcesContent: false,
    write: false,
    metafile: values.analyze,
  });
  if (values.analyze) console.log(await analyzeMetafile(result.metafile));
  const files = {};
  for (const file of result.outputFiles) {
    const base = file.path.endsWith('.map') ? 'index.mjs.map' : 'index.mjs';
    const content = base === 'index.mjs.map' ? Buffer.from(rewriteSources(file.text, dir)) : Buffer.from(file.contents);
    await writeFile(join(dir, base), content);
    files[base] = [content, { mtime: ZIP_MTIME, attrs: ZIP_ATTRS, level: 9 }];
  }
  const zip = zipSync(files, { mtime: ZIP_MTIME });
  await writeFile(join(outdir, `${name}.zip`), zip);
  const code = await readFile(join(dir, 'index.mjs'));
  console.log(
    `built ${relative(root, join(outdir, name))}/index.mjs: ${code.length} bytes (gzip ${gzipSync(code).length}), ` +
      `${relative(root, join(outdir, `${name}.zip`))}: ${zip.length} bytes`,
  );
}
