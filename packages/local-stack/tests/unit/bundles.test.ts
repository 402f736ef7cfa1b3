import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bundleSources, bundlesStale, lambdaPackages } from '../../src/bundles.ts';

// Staleness from the manifests' packages: a repository laid out in a temporary folder.

let root: string;
const T0 = new Date('2026-01-01T00:00:00Z');
const T1 = new Date('2026-01-02T00:00:00Z');

const file = async (path: string, content = '', time = T0): Promise<void> => {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
  await utimes(join(root, path), time, time);
};

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bundles-'));
  await file('packages/lib/package.json', JSON.stringify({ name: '@x/lib' }));
  await file('packages/lib/src/index.ts');
  await file('packages/one-lambda/package.json', JSON.stringify({ name: '@x/one-lambda', dependencies: { '@x/lib': 'workspace:*' }, devDependencies: { '@x/tool': 'workspace:*' } }));
  await file('packages/one-lambda/src/lambda.ts');
  await file('packages/tool/package.json', JSON.stringify({ name: '@x/tool' }));
  await file('packages/tool/src/index.ts');
  await file('scripts/build.mjs');
  await file('dist/one-lambda.zip', '', T1);
  await file('dist/functions.json', JSON.stringify([{ kind: 'http', name: 'one-lambda', zip: 'dist/one-lambda.zip' }]), T1);
});

afterEach(() => rm(root, { recursive: true, force: true }));

describe('bundlesStale', () => {
  it('finds the functions and the sources of their bundles (run-time workspace dependencies, not dev ones)', async () => {
    expect(await lambdaPackages(root)).toEqual(['one-lambda']);
    expect(await bundleSources('one-lambda', root)).toEqual(['packages/lib/src', 'packages/one-lambda/src']);
  });

  it('is fresh when the build is newer than every source', async () => {
    expect(await bundlesStale(root)).toBe(false);
  });

  it('is stale when a source of the function, of a dependency, or a build script changed', async () => {
    for (const path of ['packages/one-lambda/src/handler.ts', 'packages/lib/src/index.ts', 'scripts/build.mjs']) {
      await file(path, 'x', new Date('2026-01-03T00:00:00Z'));
      expect({ path, stale: await bundlesStale(root) }).toEqual({ path, stale: true });
      await file(path, 'x', T0);
    }
    await file('packages/tool/src/index.ts', 'x', new Date('2026-01-03T00:00:00Z'));
    expect(await bundlesStale(root)).toBe(false);
  });

  it('is stale when a new package declares a function, or a zip or dist/functions.json is missing', async () => {
    await file('packages/two-lambda/src/lambda.ts');
    expect(await bundlesStale(root)).toBe(true);
    await rm(join(root, 'packages/two-lambda'), { recursive: true });
    await rm(join(root, 'dist/one-lambda.zip'));
    expect(await bundlesStale(root)).toBe(true);
    await file('dist/one-lambda.zip', '', T1);
    await rm(join(root, 'dist/functions.json'));
    expect(await bundlesStale(root)).toBe(true);
  });
});
