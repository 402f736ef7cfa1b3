// Writes <dist>/functions.json — every manifest as data (scripts/manifests.mjs), each with its
// `zip` (relative to <dist>) and that zip's `sha256` — for a build that did not write it.
// Usage: node infra/src/functions-list.mjs [dist]
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(new URL('../..', import.meta.url).pathname);
const dist = resolve(process.argv[2] ?? join(root, 'dist'));
const { loadManifests } = await import(pathToFileURL(join(root, 'scripts', 'manifests.mjs')).href);
const functions = [];
for (const manifest of await loadManifests(root)) {
  const zip = `${manifest.name}.zip`;
  const sha256 = createHash('sha256').update(await readFile(join(dist, zip))).digest('hex');
  functions.push({ ...manifest, zip, sha256 });
}
await writeFile(join(dist, 'functions.json'), `${JSON.stringify(functions, null, 2)}\n`);
process.stdout.write(`wrote ${join(dist, 'functions.json')}: ${functions.length} functions\n`);
