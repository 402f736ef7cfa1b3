import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { startProcess } from './child-process.ts';
import { repoRoot } from './lambda-bundle.ts';

/** The functions the gateway serves, by their package (and bundle) name. */
export const FUNCTIONS = ['auth-lambda', 'sla-error-lambda'] as const;

const SOURCES = ['packages/shared-middleware/src', 'packages/auth-lambda/src', 'packages/sla-error-lambda/src', 'scripts'];

const newestMtime = async (dir: string): Promise<number> => {
  const entries = await readdir(join(repoRoot, dir), { recursive: true, withFileTypes: true });
  let newest = 0;
  for (const entry of entries) {
    if (!entry.isFile() || entry.parentPath.includes('generated')) continue;
    newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
};

const bundleMtime = async (name: string): Promise<number | undefined> =>
  stat(join(repoRoot, 'dist', `${name}.zip`)).then(
    (info) => info.mtimeMs,
    () => undefined,
  );

/** Whether some bundle is missing or older than the code it is built from. */
export const bundlesStale = async (): Promise<boolean> => {
  const built = await Promise.all(FUNCTIONS.map(bundleMtime));
  if (built.some((mtime) => mtime === undefined)) return true;
  const sources = Math.max(...(await Promise.all(SOURCES.map(newestMtime))));
  return Math.min(...(built as number[])) < sources;
};

const run = async (script: string): Promise<void> => {
  const child = startProcess(process.execPath, [join(repoRoot, script)], { cwd: repoRoot, env: process.env });
  const code = await new Promise<number | null>((resolve) => child.child.once('exit', resolve));
  if (code !== 0) throw new Error(`${script} failed:\n${child.output()}`);
};

/** Builds the bundles and zips (schemas, then esbuild) when they are missing or stale. */
export const ensureBundles = async (log: (line: string) => void): Promise<void> => {
  if (!(await bundlesStale())) return;
  log('Building the Lambda bundles (dist/*/index.mjs)…');
  await run('scripts/compile-schemas.mjs');
  await run('scripts/build.mjs');
};
