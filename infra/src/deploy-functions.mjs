// The functions scripts/deploy.sh deploys, from the build's <dist>/functions.json (the manifests as
// data, each with its `zip` and `sha256`): one tab-separated line per function —
//   name  zip-path  sha256  code-key-parameter  function-name-output
// A zip that is missing, or whose SHA-256 is not the one the build recorded, is refused: what is
// deployed is exactly what was built and tested. `--names-only` (a rollback) needs no zip.
// Usage: node infra/src/deploy-functions.mjs <dist-dir> [--names-only]
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { functionNames } from './naming.mjs';

const repoRoot = resolve(new URL('../..', import.meta.url).pathname);

const fail = (message) => {
  console.error(`deploy.sh: ${message}`);
  process.exit(1);
};

const [distDir = 'dist', ...flags] = process.argv.slice(2);
const namesOnly = flags.includes('--names-only');
const listFile = join(distDir, 'functions.json');
if (!existsSync(listFile)) fail(`${listFile} not found: run pnpm build first`);

let functions;
try {
  functions = JSON.parse(readFileSync(listFile, 'utf8'));
} catch (error) {
  fail(`${listFile} is not JSON: ${error.message}`);
}
if (!Array.isArray(functions) || functions.length === 0) fail(`${listFile} lists no function`);

/**
 * The zip: `zip` as the build wrote it (a path from the repository root, e.g. dist/<name>.zip),
 * else relative to the dist folder, else <dist>/<file name> (an artifact downloaded elsewhere).
 */
const zipOf = (fn) => {
  if (!fn.zip) return join(distDir, `${fn.name}.zip`);
  if (isAbsolute(fn.zip)) return fn.zip;
  const candidates = [resolve(repoRoot, fn.zip), join(distDir, fn.zip), join(distDir, basename(fn.zip))];
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
};

/** Inside the repository, a path from its root (where deploy.sh runs), as the plan prints it. */
const shown = (path) => {
  const fromRoot = relative(repoRoot, path);
  return fromRoot.startsWith('..') || isAbsolute(fromRoot) ? path : fromRoot;
};

const lines = functions.map((fn) => {
  if (typeof fn?.name !== 'string' || !/^[a-z][a-z0-9-]*$/.test(fn.name)) fail(`${listFile}: a function without a valid name: ${JSON.stringify(fn?.name)}`);
  const names = functionNames(fn.name);
  // '-' for the fields a rollback has no use for: bash's `read` would merge empty tab fields.
  if (namesOnly) return [fn.name, '-', '-', names.codeKeyParameter, names.functionNameOutput];
  const zip = zipOf(fn);
  if (!existsSync(zip)) fail(`${zip} not found: run pnpm build first`);
  const sha256 = createHash('sha256').update(readFileSync(zip)).digest('hex');
  if (fn.sha256 !== undefined && fn.sha256 !== sha256) fail(`${zip} has SHA-256 ${sha256}, but ${listFile} says ${fn.sha256}: not the zip that was built`);
  return [fn.name, shown(resolve(zip)), sha256, names.codeKeyParameter, names.functionNameOutput];
});
process.stdout.write(lines.map((line) => line.join('\t')).join('\n') + '\n');
