import { afterAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { loadManifests } from './support/app.js';

// `pnpm build` must give byte-identical zips every time, so the artifact that was tested is the
// one that is deployed, and a rebuild changes nothing that CloudFormation or Lambda would see.

const root = resolve(import.meta.dirname, '..', '..');
// Every function of packages/, from its manifest.
const FUNCTIONS = (await loadManifests()).map((manifest) => manifest.name);
const dirs: string[] = [];

const buildInto = async (): Promise<string> => {
  await mkdir(join(root, 'build'), { recursive: true });
  const dir = await mkdtemp(join(root, 'build', 'repro-'));
  dirs.push(dir);
  await promisify(execFile)(process.execPath, [join(root, 'scripts', 'build.mjs'), '--outdir', dir], { cwd: root });
  return dir;
};

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('scripts/build.mjs', () => {
  it('builds byte-identical zips, twice in a row and wherever they are written', async () => {
    const first = await buildInto();
    const second = await buildInto();
    for (const name of FUNCTIONS) {
      const [a, b, dist] = await Promise.all([
        readFile(join(first, `${name}.zip`)),
        readFile(join(second, `${name}.zip`)),
        readFile(join(root, 'dist', `${name}.zip`)),
      ]);
      expect(a.equals(b)).toBe(true);
      expect(a.equals(dist)).toBe(true);
      expect(Object.keys(unzipSync(new Uint8Array(a))).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    }
  }, 120_000);

  it('lists every manifest in functions.json with its zip and that zip\'s SHA-256, which the deploy checks', async () => {
    const dir = await buildInto();
    const list = JSON.parse(await readFile(join(dir, 'functions.json'), 'utf8')) as { name: string; zip: string; sha256: string }[];
    expect(list.map((fn) => fn.name)).toEqual(FUNCTIONS);
    for (const fn of list) {
      const zip = await readFile(join(root, fn.zip));
      expect({ name: fn.name, sha256: createHash('sha256').update(zip).digest('hex') }).toEqual({ name: fn.name, sha256: fn.sha256 });
    }
  }, 120_000);

  it('writes no path of this checkout into a bundle or its source map, so another checkout builds the same bytes', async () => {
    for (const name of FUNCTIONS) {
      const files = unzipSync(new Uint8Array(await readFile(join(root, 'dist', `${name}.zip`))));
      for (const [file, bytes] of Object.entries(files)) {
        expect({ file, hasCheckoutPath: Buffer.from(bytes).includes(root) }).toEqual({ file, hasCheckoutPath: false });
      }
      const sources = (JSON.parse(Buffer.from(files['index.mjs.map']!).toString('utf8')) as { sources: string[] }).sources;
      // A built-in loaded through require() (see lambda-bundle-options.mjs) is named by its module name alone.
      expect(sources.filter((source) => !/^(replaced:)?(node_modules|packages)\//.test(source) && !/^builtin-require:[a-z_/]+$/.test(source))).toEqual([]);
    }
  });
});
