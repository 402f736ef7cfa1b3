// The function manifests as data: every `packages/<name>/src/lambda.ts` is bundled in memory with
// esbuild (it imports TypeScript of the workspace and the generated validators), imported, and
// projected with `describeManifest` (no functions left). Build, local stack, infrastructure,
// deploy and bench all read the functions from here (or from the `dist/functions.json` the build
// writes with it); no other file names a function. Needs `pnpm codegen` to have run.
import { access, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** The repository root. */
export const repoRoot = resolve(new URL('..', import.meta.url).pathname);

const exists = (path) => access(path).then(() => true, () => false);

/** The packages that declare a function (`src/lambda.ts`), sorted by name. */
export const lambdaPackages = async (root = repoRoot) => {
  const names = [];
  for (const name of (await readdir(join(root, 'packages'))).sort()) {
    if (await exists(join(root, 'packages', name, 'src', 'lambda.ts'))) names.push(name);
  }
  return names;
};

const loaderSource = (root, names) =>
  [
    `import { describeManifest } from ${JSON.stringify(join(root, 'packages/shared-middleware/src/manifest.ts'))};`,
    ...names.map((name, i) => `import { manifest as m${i} } from ${JSON.stringify(join(root, 'packages', name, 'src', 'lambda.ts'))};`),
    `export const manifests = [${names.map((_, i) => `describeManifest(m${i})`).join(', ')}];`,
  ].join('\n');

/**
 * Every function's manifest as plain data (`ManifestDescription` of shared-middleware), sorted by
 * name; each also says where its package is (`packageDir`, relative to the repository).
 * A manifest whose `name` is not its package's folder name is refused.
 */
export const loadManifests = async (root = repoRoot) => {
  const names = await lambdaPackages(root);
  if (names.length === 0) return [];
  const result = await build({
    stdin: { contents: loaderSource(root, names), resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    write: false,
    logLevel: 'silent',
    // CommonJS dependencies (http-errors) call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const dir = await mkdtemp(join(tmpdir(), 'file-sla-manifests-'));
  try {
    const file = join(dir, 'manifests.mjs');
    await writeFile(file, result.outputFiles[0].contents);
    const { manifests } = await import(pathToFileURL(file).href);
    return manifests.map((manifest, i) => {
      if (manifest.name !== names[i]) {
        throw new Error(`packages/${names[i]}/src/lambda.ts declares name "${manifest.name}": it must be its folder name "${names[i]}"`);
      }
      return { ...manifest, packageDir: `packages/${names[i]}` };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await loadManifests(), null, 2));
}
