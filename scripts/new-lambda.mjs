// `pnpm new:lambda <name> [--description TEXT] [--no-install]`: scaffolds `packages/<name>/`, a new
// function with one protected JSON route (`POST /<name without -lambda>`): its manifest
// (`src/lambda.ts`), handler, default wiring, configuration, schema, errors, a unit test and an
// integration test through the built bundle — from `scripts/templates/lambda/`. Then it adds the
// package to the root TypeScript build, installs (links) it, and compiles its schema. Nothing else
// needs an edit: the build, the local stack, the infrastructure and the deploy script read the
// manifests. See docs/architecture.md, "Adding a lambda".
import { spawnSync } from 'node:child_process';
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { loadManifests, repoRoot } from './manifests.mjs';

const TEMPLATES = join(repoRoot, 'scripts', 'templates', 'lambda');
const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*-lambda$/;

const exists = (path) => access(path).then(() => true, () => false);

/** A refusal the user can act on (printed as one line, exit code 1). */
export class ScaffoldError extends Error {}

/**
 * The placeholders of the templates for a function name: `report-digest-lambda` →
 * `{ name: 'report-digest-lambda', base: 'report-digest', Pascal: 'ReportDigest', camel: 'reportDigest' }`.
 */
export const namesOf = (name) => {
  const base = name.replace(/-lambda$/, '');
  const Pascal = base.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase());
  return { name, base, Pascal, camel: Pascal[0].toLowerCase() + Pascal.slice(1) };
};

/** Refuses a name that is not kebab-case ending with `-lambda`, or whose package or route exists. */
export const validateName = async (name, root = repoRoot) => {
  if (typeof name !== 'string' || name === '') throw new ScaffoldError('give the new function a name, e.g. "pnpm new:lambda report-digest-lambda"');
  if (!NAME.test(name)) {
    throw new ScaffoldError(
      `"${name}" is not a valid function name: use kebab-case (lower-case letters, digits, single hyphens) ending with "-lambda", e.g. "report-digest-lambda"`,
    );
  }
  if (await exists(join(root, 'packages', name))) throw new ScaffoldError(`packages/${name} exists already: choose another name`);
};

const render = (text, names) => text.replace(/\{\{(\w+)\}\}/g, (match, key) => (key in names ? names[key] : match));

/** Every template file (`*.tmpl`), relative to the template folder. */
const templateFiles = async () =>
  (await readdir(TEMPLATES, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.tmpl'))
    .map((entry) => relative(TEMPLATES, join(entry.parentPath, entry.name)))
    .sort();

/**
 * Writes `packages/<name>/` from the templates; returns the files written (relative to the repository).
 * @param {{ name: string, description?: string, root?: string }} options
 */
export const writePackage = async ({ name, description = 'answers with the message it was sent, for a valid access token.', root = repoRoot }) => {
  const names = { ...namesOf(name), description };
  const written = [];
  for (const file of await templateFiles()) {
    const target = join(root, 'packages', name, render(file.replace(/\.tmpl$/, ''), names));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, render(await readFile(join(TEMPLATES, file), 'utf8'), names));
    written.push(relative(root, target));
  }
  return written;
};

/** Adds `packages/<name>` to the root `tsconfig.json` references (kept sorted after the packages), so `tsc -b` checks it. */
export const addProjectReference = async (name, root = repoRoot) => {
  const file = join(root, 'tsconfig.json');
  const tsconfig = JSON.parse(await readFile(file, 'utf8'));
  const path = `packages/${name}`;
  const references = tsconfig.references ?? [];
  if (references.some((reference) => reference.path === path)) return;
  // After the last package, before what is not a package (infra): the order `tsc -b` prints in.
  const lastPackage = references.findLastIndex((reference) => reference.path.startsWith('packages/'));
  references.splice(lastPackage + 1, 0, { path });
  tsconfig.references = references;
  await writeFile(file, `${JSON.stringify(tsconfig, null, 2)}\n`);
};

const run = (command, args, { root }) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new ScaffoldError(`"${command} ${args.join(' ')}" failed (exit code ${result.status ?? result.signal}); run it again by hand`);
};

/** Refuses a new function whose route another function declares already. */
const assertRouteFree = async (name, root) => {
  const { base } = namesOf(name);
  const taken = (await loadManifests(root)).find((fn) => fn.name !== name && fn.kind === 'http' && fn.routes.some((route) => route.method === 'POST' && route.path === `/${base}`));
  if (taken) throw new ScaffoldError(`POST /${base} is a route of ${taken.name} already: choose another name`);
};

/**
 * The whole scaffold: validate, write the package, reference it, install, compile its schema.
 * @param {{ name: string, description?: string, install?: boolean, root?: string, log?: (line: string) => void }} options
 */
export const newLambda = async ({ name, description, install = true, root = repoRoot, log = console.log }) => {
  await validateName(name, root);
  const codegen = () => run(process.execPath, [join(root, 'scripts', 'compile-schemas.mjs')], { root });
  codegen(); // the manifests of the other functions import their compiled validators
  await assertRouteFree(name, root);
  const files = await writePackage({ name, ...(description ? { description } : {}), root });
  await addProjectReference(name, root);
  // Links the new package into the workspace (its dependencies are ones the repository has already).
  // Adding a package changes the lockfile by definition, so this install may write it even where
  // pnpm would default to a frozen lockfile (CI=true).
  if (install) run('pnpm', ['install', '--prefer-offline', '--no-frozen-lockfile'], { root });
  codegen();
  log(`Created packages/${name} (${files.length} files): POST /${namesOf(name).base}, for a valid access token.`);
  log(`Next: "pnpm build" builds it, "pnpm start" serves it, "pnpm --filter @file-sla/${name} test" runs its tests.`);
  return files;
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        // `pnpm new:lambda -- <name>` hands the `--` on to the script.
        args: process.argv[2] === '--' ? process.argv.slice(3) : process.argv.slice(2),
        options: { description: { type: 'string' }, 'no-install': { type: 'boolean', default: false } },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new ScaffoldError(`${error.message.split('. ')[0]}; usage: pnpm new:lambda <name>-lambda [--description TEXT] [--no-install]`);
    }
    const { values, positionals } = parsed;
    if (positionals.length > 1) throw new ScaffoldError(`give one name (got ${positionals.length}: ${positionals.join(' ')})`);
    await newLambda({ name: positionals[0], description: values.description, install: !values['no-install'] });
  } catch (error) {
    if (!(error instanceof ScaffoldError)) throw error;
    process.stderr.write(`new:lambda: ${error.message}\n`);
    process.exit(1);
  }
}
