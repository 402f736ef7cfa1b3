// Builds the Lambda zips when any is missing (or BENCH_BUILD=1): schemas to validator code, then
// esbuild + zip. Warns when a zip is older than what it is built from.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './settings.mjs';

const run = (script) => {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', script)], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`scripts/${script} failed (${result.signal ?? `exit code ${result.status}`})`);
};

/** Newest modification time (ms) of a file or of every file below a folder; 0 when absent. */
const newestMtime = (path) => {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((newest, entry) => Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs), 0);
};

/**
 * The functions whose `dist/<fn>.zip` is older than a file it is built from (its and the shared
 * middleware's `src/` and `package.json`, the lockfile, the build scripts).
 * @param {string[]} names - the functions (packages with a `src/lambda.ts`)
 * @returns {string[]}
 */
export const staleFunctions = (names) =>
  names.filter((fn) => {
    const inputs = [
      join(repoRoot, 'packages', fn, 'src'),
      join(repoRoot, 'packages', fn, 'package.json'),
      join(repoRoot, 'packages', 'shared-middleware', 'src'),
      join(repoRoot, 'packages', 'shared-middleware', 'package.json'),
      join(repoRoot, 'pnpm-lock.yaml'),
      join(repoRoot, 'scripts', 'build.mjs'),
      join(repoRoot, 'scripts', 'lambda-bundle-options.mjs'),
    ];
    return Math.max(...inputs.map(newestMtime)) > newestMtime(join(repoRoot, 'dist', `${fn}.zip`));
  });

/**
 * Runs `scripts/compile-schemas.mjs` and `scripts/build.mjs` when a `dist/<fn>.zip` or
 * `dist/<fn>/index.mjs` is missing, or when `BENCH_BUILD=1`.
 * @param {string[]} names - the functions (packages with a `src/lambda.ts`)
 * @returns {{ built: boolean, stale: string[] }} whether it built, and which zips are (still) older than their sources
 */
export const ensureBuild = (names) => {
  const missing = names.filter((fn) => !existsSync(join(repoRoot, 'dist', `${fn}.zip`)) || !existsSync(join(repoRoot, 'dist', fn, 'index.mjs')));
  const forced = process.env.BENCH_BUILD === '1';
  if (missing.length === 0 && !forced) return { built: false, stale: staleFunctions(names) };
  console.log(forced ? 'BENCH_BUILD=1: building' : `dist is missing ${missing.join(', ')}: building`);
  run('compile-schemas.mjs');
  run('build.mjs');
  return { built: true, stale: staleFunctions(names) };
};
