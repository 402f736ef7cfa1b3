import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifests, repoRoot, repositoryFiles } from './support/repository.js';

// No platform file names a function: the build, the local stack, the infrastructure code, the
// bench, the workflows and the deploy script read the functions from the manifests. A function's
// name in one of them (in its text or its path) is a list someone must keep up to date by hand;
// every such place is reported as file:line.

/** The platform: what must work for any set of functions. */
const PLATFORM = [/^scripts\//, /^packages\/local-stack\/src\//, /^infra\//, /^bench\//, /^\.github\/workflows\//];
/** Not platform code: the infrastructure's tests (they run over the manifests, and may name fixtures), documentation. */
const EXCEPT = [/^infra\/tests\//, /\.test\.ts$/, /\.md$/, /(^|\/)node_modules\//];

const isPlatformFile = (file: string): boolean => PLATFORM.some((pattern) => pattern.test(file)) && !EXCEPT.some((pattern) => pattern.test(file));

/** `name` as a whole word: not inside a longer name (`x-auth-lambda`, `auth-lambdas`). */
const wholeWord = (name: string): RegExp => new RegExp(`(?<![\\w-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`);

let names: string[];
let files: string[];

beforeAll(() => {
  names = loadManifests().map((manifest) => manifest.name);
  files = repositoryFiles().filter(isPlatformFile);
}, 60_000);

describe('function names in platform files', () => {
  it('knows the functions and the platform files', () => {
    expect(names.length).toBeGreaterThan(0);
    expect(files).toEqual(expect.arrayContaining(['scripts/build.mjs', 'packages/local-stack/src/stack.ts']));
  });

  it('finds none: every place that names a function, as file:line', () => {
    const patterns = names.map((name) => ({ name, pattern: wholeWord(name) }));
    const found: string[] = [];
    for (const file of files) {
      for (const { name, pattern } of patterns) if (pattern.test(file)) found.push(`${file}: its path names ${name}`);
      let text: string;
      try {
        text = readFileSync(join(repoRoot, file), 'utf8');
      } catch {
        continue; // deleted in the working tree
      }
      if (text.includes('\0')) continue; // binary
      text.split('\n').forEach((line, index) => {
        for (const { name, pattern } of patterns) if (pattern.test(line)) found.push(`${file}:${index + 1}: ${name}: ${line.trim().slice(0, 120)}`);
      });
    }
    expect(found).toEqual([]);
  });
});
