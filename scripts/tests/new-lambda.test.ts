import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadManifests, pinnedPnpm, repoRoot, repositoryFiles, run, runAsync } from './support/repository.js';

// `pnpm new:lambda <name>` in a copy of this repository (its files as git sees them, a fresh
// install from the pnpm store): the new package builds, passes its own tests, is served by the
// local stack, appears in the infrastructure and in the deploy plan — and nothing outside the
// package was edited by hand. The only changes outside it are the two the scaffolder makes for
// the package manager and the compiler: its importer in pnpm-lock.yaml, its tsconfig reference.

const NAME = 'scaffold-check-lambda';
const ROUTE = '/scaffold-check';
const PNPM = ['-y', pinnedPnpm()];

let copy: string;
const git = (...args: string[]) => run('git', ['-c', 'user.name=scaffold-test', '-c', 'user.email=scaffold-test@localhost', '-c', 'commit.gpgsign=false', ...args], { cwd: copy });
const pnpm = (...args: string[]) => runAsync('npx', [...PNPM, ...args], { cwd: copy });
const expectSuccess = ({ code, output }: { code: number | null; output: string }) => expect({ code, tail: code === 0 ? '' : output.slice(-4000) }).toEqual({ code: 0, tail: '' });

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), 'file-sla-scaffold-'));
  for (const file of repositoryFiles()) {
    if (!existsSync(join(repoRoot, file))) continue; // deleted in the working tree
    await mkdir(dirname(join(copy, file)), { recursive: true });
    await copyFile(join(repoRoot, file), join(copy, file));
  }
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'the repository as it was copied');
  // Hard links from the pnpm store this checkout was installed from: no download.
  expectSuccess(await pnpm('install', '--offline', '--frozen-lockfile'));
}, 240_000);

afterAll(async () => {
  if (copy) await rm(copy, { recursive: true, force: true });
}, 120_000);

describe('pnpm new:lambda', () => {
  it('refuses a name that is not kebab-case ending with -lambda, or that exists, with one clear line', async () => {
    const scaffold = (name: string) => run(process.execPath, [join(repoRoot, 'scripts', 'new-lambda.mjs'), name], { cwd: repoRoot, allowFailure: true });
    for (const name of ['Report_Digest-lambda', 'report-digest', 'report--digest-lambda', '9-lambda', 'lambda', 'report digest-lambda']) {
      const refused = scaffold(name);
      expect({ name, status: refused.status, stderr: refused.stderr }).toEqual({
        name,
        status: 1,
        stderr: expect.stringMatching(/^new:lambda: ".*" is not a valid function name: use kebab-case .* ending with "-lambda", e\.g\. "report-digest-lambda"\n$/),
      });
    }
    const option = scaffold('-lambda');
    expect({ status: option.status, stderr: option.stderr }).toEqual({ status: 1, stderr: expect.stringMatching(/^new:lambda: Unknown option '-l'; usage: pnpm new:lambda <name>-lambda .*\n$/) });
    const existing = loadManifests()[0]!.name;
    const taken = scaffold(existing);
    expect({ status: taken.status, stderr: taken.stderr }).toEqual({ status: 1, stderr: `new:lambda: packages/${existing} exists already: choose another name\n` });
  }, 60_000);

  describe(`${NAME}, scaffolded in a copy of the repository`, () => {
    beforeAll(async () => {
      expectSuccess(await pnpm('new:lambda', NAME));
    }, 240_000);

    it('edits nothing outside its package by hand: only its lockfile importer and its tsconfig reference', async () => {
      const status = git('status', '--porcelain', '--untracked-files=normal').stdout.split('\n').filter(Boolean).sort();
      expect(status).toEqual([' M pnpm-lock.yaml', ' M tsconfig.json', `?? packages/${NAME}/`]);
      const diff = (file: string) =>
        git('diff', '-U0', '--', file)
          .stdout.split('\n')
          .filter((line) => /^[+-]/.test(line) && !/^(\+\+\+|---) /.test(line));
      // tsconfig.json: one reference more, the others as they were.
      expect(diff('tsconfig.json').join('\n')).toContain(`"path": "packages/${NAME}"`);
      const tsconfig = JSON.parse(await readFile(join(copy, 'tsconfig.json'), 'utf8')) as { references: Array<{ path: string }> };
      const before = JSON.parse(git('show', 'HEAD:tsconfig.json').stdout) as { references: Array<{ path: string }> };
      expect(tsconfig.references.filter((reference) => reference.path !== `packages/${NAME}`)).toEqual(before.references);
      // pnpm-lock.yaml: lines added only, the new importer's.
      const lock = diff('pnpm-lock.yaml');
      expect(lock.filter((line) => line.startsWith('-'))).toEqual([]);
      expect(lock[0]).toBe(`+  packages/${NAME}:`);
    });

    it('builds: dist/<name>.zip and its entry in dist/functions.json', async () => {
      expectSuccess(await pnpm('build'));
      const functions = JSON.parse(await readFile(join(copy, 'dist', 'functions.json'), 'utf8')) as Array<Record<string, unknown>>;
      const entry = functions.find((fn) => fn.name === NAME);
      const zip = await readFile(join(copy, 'dist', `${NAME}.zip`));
      expect(entry).toMatchObject({
        kind: 'http',
        packageDir: `packages/${NAME}`,
        zip: `dist/${NAME}.zip`,
        sha256: createHash('sha256').update(zip).digest('hex'),
        routes: [{ id: 'post', method: 'POST', path: ROUTE, auth: 'token', body: true }],
      });
    }, 240_000);

    it('passes its own tests (unit, and integration through the built bundle)', async () => {
      const tests = await pnpm('--filter', `@file-sla/${NAME}`, 'test');
      expectSuccess(tests);
      expect(tests.output).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    }, 240_000);

    it('is served by the local stack: 200 with an access token, 401 without', async () => {
      const stack = await startStackIn(copy);
      try {
        expect(stack.functions).toContain(NAME);
        const post = (token?: string) =>
          fetch(`${stack.url}${ROUTE}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify({ message: 'from the scaffold test' }),
          });
        const ok = await post(stack.accessToken);
        expect(ok.status).toBe(200);
        expect(await ok.json()).toMatchObject({ message: 'from the scaffold test' });
        expect((await post()).status).toBe(401);
      } finally {
        await stack.stop();
      }
    }, 120_000);

    it('appears in the infrastructure: the synthesized service template has its function and its route', async () => {
      expectSuccess(await pnpm('synth'));
      const template = await readFile(join(copy, 'dist', 'infra', 'service.template.json'), 'utf8');
      expect(template).toContain(NAME);
      expect(template).toMatch(new RegExp(`"(ANY|POST) ${ROUTE}"`));
    }, 240_000);

    it('appears in the deploy plan (scripts/deploy.sh --dry-run)', () => {
      const plan = run('bash', ['scripts/deploy.sh', '--dry-run', '--region', 'eu-west-1', '--artifact-bucket', 'scaffold-artifacts'], { cwd: copy, allowFailure: true });
      expect({ status: plan.status, stderr: plan.stderr }).toEqual({ status: 0, stderr: '' });
      expect(plan.stdout).toContain(`dist/${NAME}.zip`);
    }, 60_000);
  });
});

/** The copy's local stack, started in a process of its own, and an access token of its demo account. */
const startStackIn = async (root: string): Promise<{ url: string; accessToken: string; functions: string[]; stop: () => Promise<void> }> => {
  const probe = join(root, 'build', 'scaffold-probe.mjs');
  await mkdir(dirname(probe), { recursive: true });
  await writeFile(probe, PROBE);
  const child: ChildProcess = spawn(process.execPath, [probe, join(root, 'packages', 'local-stack')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<{ url: string; accessToken: string; functions: string[] }>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { url: string; accessToken: string; functions: string[] });
    });
    child.once('exit', (code) => reject(new Error(`the local stack exited with ${code}:\n${text}\n${output}`)));
  });
  return {
    ...ready,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
};

/** Starts the stack of the repository it is given (its `packages/local-stack`), logs in the demo account, prints both. */
const PROBE = `
import { createRequire } from 'node:module';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const localStack = process.argv[2];
const { DEMO_ACCOUNT, freePort, startLocalStack } = await import(pathToFileURL(join(localStack, 'src', 'index.ts')).href);
const sdk = await import(pathToFileURL(createRequire(join(localStack, 'package.json')).resolve('@aws-sdk/client-cognito-identity-provider')).href);
const stack = await startLocalStack({ port: await freePort(), cognitoPort: await freePort(), dynamodbPort: await freePort(), dynamodb: 'embedded', persist: false, log: (line) => process.stderr.write(line + '\\n') });
process.once('SIGTERM', () => void stack.stop().then(() => process.exit(0)));
const { endpoint, clientId, clientSecret } = stack.cognito;
const cognito = new sdk.CognitoIdentityProviderClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const login = await cognito.send(new sdk.InitiateAuthCommand({
  AuthFlow: 'USER_PASSWORD_AUTH',
  ClientId: clientId,
  AuthParameters: { USERNAME: DEMO_ACCOUNT.username, PASSWORD: DEMO_ACCOUNT.password, SECRET_HASH: createHmac('sha256', clientSecret).update(DEMO_ACCOUNT.username + clientId).digest('base64') },
}));
process.stdout.write(JSON.stringify({ url: stack.url, accessToken: login.AuthenticationResult.AccessToken, functions: stack.functions }) + '\\n');
`;
