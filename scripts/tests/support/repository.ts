import { execFileSync, spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (this file is `scripts/tests/support/repository.ts`). */
export const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

/** `pnpm@<version>` as the root package.json pins it, for `npx -y …`: the command a user types. */
export const pinnedPnpm = (): string => (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { packageManager: string }).packageManager;

/** Every file of the checkout git knows of or would add (tracked, and new but not ignored), relative to `root`. */
export const repositoryFiles = (root = repoRoot): string[] =>
  execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter((file) => file !== '');

/** The functions as data (`scripts/manifests.mjs`), after compiling the schemas their manifests import. */
export const loadManifests = (root = repoRoot): Array<{ name: string; kind: string; routes?: Array<{ method: string; path: string }> }> => {
  run(process.execPath, [join(root, 'scripts', 'compile-schemas.mjs')], { cwd: root });
  return JSON.parse(run(process.execPath, [join(root, 'scripts', 'manifests.mjs')], { cwd: root }).stdout) as ReturnType<typeof loadManifests>;
};

/** Runs a command to its end; throws with its output when it fails (unless `allowFailure`). */
export const run = (
  command: string,
  args: readonly string[],
  { cwd, env, allowFailure = false }: { cwd: string; env?: NodeJS.ProcessEnv; allowFailure?: boolean },
): SpawnSyncReturns<string> => {
  const result = spawnSync(command, args, { cwd, env: env ?? process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (!allowFailure && result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
};

/** Runs a command to its end without blocking the event loop (for long runs inside a test). */
export const runAsync = (command: string, args: readonly string[], { cwd }: { cwd: string }): Promise<{ code: number | null; output: string }> =>
  new Promise((resolveRun) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolveRun({ code, output }));
  });
