// Bundles the handler (`src/handler.ts`) of every function that declares itself (`src/lambda.ts`,
// see scripts/manifests.mjs) with esbuild into `<outdir>/<name>/index.mjs` (+ source map) — ESM,
// minified, tree-shaken, Node 24, AWS SDK bundled — zips exactly those two files into
// `<outdir>/<name>.zip`, byte-for-byte reproducible, and writes `<outdir>/functions.json`: every
// manifest as data plus its `zip` (path from the repository root) and the zip's `sha256` (hex).
// The deploy script, the infrastructure and the local stack read their function list from there.
// `--outdir DIR` (default `dist`); `--analyze` also prints what each bundle is made of.
import { createHash } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { analyzeMetafile, build } from 'esbuild';
import { zipSync } from 'fflate';
import { lambdaBundleOptions } from './lambda-bundle-options.mjs';
import { loadManifests, repoRoot as root } from './manifests.mjs';

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

/** Bundles one function's handler and zips it; returns the zip's path and SHA-256. */
const buildFunction = async ({ name, packageDir }) => {
  const entry = join(root, packageDir, 'src', 'handler.ts');
  if (!(await exists(entry))) throw new Error(`${packageDir}/src/lambda.ts declares a function, but ${packageDir}/src/handler.ts is missing`);
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
  const zipFile = join(outdir, `${name}.zip`);
  await writeFile(zipFile, zip);
  const code = await readFile(join(dir, 'index.mjs'));
  console.log(
    `built ${relative(root, join(outdir, name))}/index.mjs: ${code.length} bytes (gzip ${gzipSync(code).length}), ` +
      `${relative(root, zipFile)}: ${zip.length} bytes`,
  );
  return { zip: relative(root, zipFile).split('\\').join('/'), sha256: createHash('sha256').update(zip).digest('hex') };
};

const functions = [];
for (const manifest of await loadManifests()) functions.push({ ...manifest, ...(await buildFunction(manifest)) });
await mkdir(outdir, { recursive: true });
await writeFile(join(outdir, 'functions.json'), `${JSON.stringify(functions, null, 2)}\n`);
console.log(`wrote ${relative(root, join(outdir, 'functions.json'))}: ${functions.map((fn) => fn.name).join(', ') || 'no function'}`);
