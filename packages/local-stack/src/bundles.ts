import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { startProcess } from './child-process.ts';
import { readFunctions } from './functions.ts';
import { repoRoot } from './repo-root.ts';

const mtime = (path: string): Promise<number | undefined> =>
  stat(path).then(
    (info) => info.mtimeMs,
    () => undefined,
  );

/** The packages that declare a function (`packages/<name>/src/lambda.ts`), as the build finds them. */
export const lambdaPackages = async (root = repoRoot): Promise<string[]> => {
  const names: string[] = [];
  for (const name of (await readdir(join(root, 'packages'))).sort()) {
    if ((await mtime(join(root, 'packages', name, 'src', 'lambda.ts'))) !== undefined) names.push(name);
  }
  return names;
};

/** Every workspace package under `packages/`: its npm name → its folder name. */
const workspacePackages = async (root: string): Promise<Map<string, { dir: string; dependencies: string[] }>> => {
  const packages = new Map<string, { dir: string; dependencies: string[] }>();
  for (const dir of await readdir(join(root, 'packages'))) {
    const manifest = await readFile(join(root, 'packages', dir, 'package.json'), 'utf8').then(
      (text) => JSON.parse(text) as { name?: string; dependencies?: Record<string, string> },
      () => undefined,
    );
    if (manifest?.name) packages.set(manifest.name, { dir, dependencies: Object.keys(manifest.dependencies ?? {}) });
  }
  return packages;
};

/**
 * The source folders a function's bundle is built from: its package's `src`, and the `src` of every
 * workspace package it depends on at run time (`dependencies`, transitively — e.g. the shared
 * middleware), relative to the repository.
 */
export const bundleSources = async (name: string, root = repoRoot): Promise<string[]> => {
  const packages = await workspacePackages(root);
  const dirs = new Set<string>([name]);
  const visit = (dir: string): void => {
    const found = [...packages.values()].find((candidate) => candidate.dir === dir);
    for (const dependency of found?.dependencies ?? []) {
      const next = packages.get(dependency)?.dir;
      if (next !== undefined && !dirs.has(next)) {
        dirs.add(next);
        visit(next);
      }
    }
  };
  visit(name);
  return [...dirs].sort().map((dir) => `packages/${dir}/src`);
};

/** The newest modification time of the files under `dir` (generated code excepted), or of the build scripts. */
const newestMtime = async (dir: string, { recursive }: { recursive: boolean }): Promise<number> => {
  const entries = await readdir(dir, { recursive, withFileTypes: true }).catch(() => []);
  let newest = 0;
  for (const entry of entries) {
    if (!entry.isFile() || entry.parentPath.includes('generated')) continue;
    newest = Math.max(newest, (await mtime(join(entry.parentPath, entry.name))) ?? 0);
  }
  return newest;
};

/**
 * Whether the build must run: `dist/functions.json` is missing or lists other functions than the
 * packages that declare one, a zip is missing, or some source of a bundle (its package, the
 * workspace packages it depends on, the build scripts) is newer than the build.
 */
export const bundlesStale = async (root = repoRoot): Promise<boolean> => {
  const names = await lambdaPackages(root);
  const listed = await readFunctions(root).catch(() => undefined);
  if (!listed || listed.map((fn) => fn.name).sort().join() !== names.join()) return true;
  const built = await Promise.all([join(root, 'dist', 'functions.json'), ...listed.map((fn) => join(root, fn.zip))].map(mtime));
  if (built.some((time) => time === undefined)) return true;
  const sources = new Set((await Promise.all(names.map((name) => bundleSources(name, root)))).flat());
  const newest = Math.max(
    await newestMtime(join(root, 'scripts'), { recursive: false }),
    ...(await Promise.all([...sources].map((dir) => newestMtime(join(root, dir), { recursive: true })))),
  );
  return Math.min(...(built as number[])) < newest;
};

const run = async (script: string, root: string): Promise<void> => {
  const child = startProcess(process.execPath, [join(root, script)], { cwd: root, env: process.env });
  const code = await new Promise<number | null>((resolve) => child.child.once('exit', resolve));
  if (code !== 0) throw new Error(`${script} failed:\n${child.output()}`);
};

/** Builds the bundles, zips and `dist/functions.json` (schemas, then esbuild) when they are missing or stale. */
export const ensureBundles = async (log: (line: string) => void, root = repoRoot): Promise<void> => {
  if (!(await bundlesStale(root))) return;
  log('Building the Lambda bundles (dist/*/index.mjs)…');
  await run('scripts/compile-schemas.mjs', root);
  await run('scripts/build.mjs', root);
};
