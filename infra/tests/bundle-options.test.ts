import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { loadManifests } from './support/app.js';

// The bundles leave out the AWS SDK parts a Lambda function of this service never runs
// (scripts/lambda-bundle-options.mjs). The integration tests show that what is left still works
// against the emulators; this shows that what should be gone is gone.

const root = resolve(import.meta.dirname, '..', '..');
// Every function of packages/, from its manifest.
const FUNCTIONS = (await loadManifests()).map((manifest) => manifest.name);

type Options = (where: { entry: string; outfile: string; absWorkingDir: string }) => BuildOptions;
const { lambdaBundleOptions } = (await import(pathToFileURL(join(root, 'scripts', 'lambda-bundle-options.mjs')).href)) as { lambdaBundleOptions: Options };

/** Where `client` resolves from a package that depends on it (the SDK's own files resolve `@smithy/core` from there). */
const clientDirOf = (client: string, packageDir: string): string => dirname(createRequire(join(root, packageDir, 'package.json')).resolve(`${client}/package.json`));

/**
 * Bundles `contents` with the functions' options (their plugins, or those `plugins` keeps), as
 * if it were a file of `resolveDir`, runs the bundle in a fresh Node.js process and parses what
 * it prints.
 */
const runBundled = async (contents: string, resolveDir: string, plugins = (all: NonNullable<BuildOptions['plugins']>) => all): Promise<Record<string, unknown>> => {
  const dir = await mkdtemp(join(tmpdir(), 'bundle-probe-'));
  try {
    const outfile = join(dir, 'probe.mjs');
    const { entryPoints: _entry, ...options } = lambdaBundleOptions({ entry: 'probe.mjs', outfile, absWorkingDir: root });
    await build({ ...options, plugins: plugins(options.plugins ?? []), stdin: { contents, resolveDir, sourcefile: 'probe.mjs', loader: 'js' }, logLevel: 'silent' });
    const { stdout } = await promisify(execFile)(process.execPath, [outfile]);
    return JSON.parse(stdout) as Record<string, unknown>;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

const inputsOf = async (name: string): Promise<Metafile['inputs']> => {
  const options = lambdaBundleOptions({ entry: join(root, 'packages', name, 'src', 'handler.ts'), outfile: join(root, 'build', name, 'index.mjs'), absWorkingDir: root });
  const result = await build({ ...options, write: false, metafile: true, logLevel: 'silent' });
  const outputs = Object.values(result.metafile.outputs).filter((output) => output.entryPoint !== undefined);
  expect(outputs).toHaveLength(1);
  // Only what reaches the output counts (an input whose code was tree-shaken away has 0 bytes).
  return Object.fromEntries(Object.entries(result.metafile.inputs).filter(([path]) => (outputs[0]!.inputs[path]?.bytesInOutput ?? 0) > 0));
};

describe.each(FUNCTIONS)('%s bundle', (name) => {
  let inputs: Metafile['inputs'];
  const paths = (): string[] => Object.keys(inputs).map((path) => path.replaceAll('\\', '/'));

  beforeAll(async () => {
    inputs = await inputsOf(name);
  }, 60_000);

  it.each([
    ['the default credential chain (SSO, INI files, IMDS, STS)', /credential-provider-(node|ini|sso|imds|process|web-identity)|client-sts|client-sso/],
    ['the event-stream codec', /submodules\/event-streams\//],
    ['endpoint discovery and its cache', /middleware-endpoint-discovery\/dist|endpoint-cache\/dist|mnemonist|obliterator/],
    ['the pure-JavaScript SHA-256', /sha256\/Sha256Js\.js$/],
    ['the EC2 instance-metadata region lookup', /getInstanceMetadataRegion\.js$/],
    ['the shared config file reader', /shared-ini-file-loader\/(loadSharedConfigFiles|parseIni|readFile)\.js$/],
    ['the adaptive retry strategy and its rate limiter', /util-retry\/(AdaptiveRetryStrategy|DefaultRateLimiter)\.js$/],
    ['the S3 endpoint customisations', /service-customizations\/s3\.js$/],
    ['the warning about old Node versions', /@aws-sdk\/core\/dist-es\/submodules\/client\/emitWarningIfUnsupportedVersion\.js$/],
    ['the SDK logger middleware (no client has a logger)', /middleware-logger\/loggerMiddleware\.js$/],
    ['the log filter of that middleware', /smithy-client\/schemaLogFilter\.js$/],
    ['the User-Agent feature flags', /middleware-user-agent\/check-features\.js$/],
    ['the stream checks that read the web-stream globals', /serde\/util-stream\/stream-type-check\.js$/],
    ['the UUID generator over globalThis.crypto', /serde\/uuid\/v4\.js$/],
  ])('leaves out %s', (_what, pattern) => {
    expect(paths().filter((path) => pattern.test(path) && !path.startsWith('replaced:'))).toEqual([]);
  });

  it('takes only the name and version from an SDK client manifest', () => {
    const manifests = paths().filter((path) => /@aws-sdk\/client-[^/]+\/package\.json$/.test(path));
    expect(manifests).toHaveLength(1);
    const bytes = inputs[Object.keys(inputs).find((path) => path.replaceAll('\\', '/') === manifests[0])!]!.bytes;
    expect(bytes).toBeLessThan(200);
  });
});

// The SDK's stream collector and invocation-id generator, bundled with the functions' options from
// inside the SDK (where `@smithy/core` resolves), then run in a fresh process: a Node.js stream is
// collected without Node.js loading its web streams, ids are v4 UUIDs without loading Web Crypto,
// and a web stream or a Blob is still collected as before.
describe('the SDK stream checks and UUIDs, as bundled', () => {
  const probe = [
    "import { Readable } from 'node:stream';",
    "import { streamCollector, v4 } from '@smithy/core/serde';",
    'const loaded = () => process.moduleLoadList.filter((name) => /webstreams|webcrypto|undici/.test(name));',
    "const fromNode = new TextDecoder().decode(await streamCollector(Readable.from([Buffer.from('node')])));",
    'const id = v4();',
    'const before = loaded();',
    "const fromWeb = new TextDecoder().decode(await streamCollector(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('web')); c.close(); } })));",
    "const fromBlob = new TextDecoder().decode(await streamCollector(new Blob(['blob'])));",
    'console.log(JSON.stringify({ fromNode, id, before, fromWeb, fromBlob }));',
  ].join('\n');

  it('collects a Node.js stream without web streams, makes UUIDs without Web Crypto, and still collects web streams and Blobs', async () => {
    const sdkDir = clientDirOf('@aws-sdk/client-dynamodb', 'packages/sla-error-lambda');
    expect(await runBundled(probe, sdkDir)).toEqual({
      fromNode: 'node',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      before: [],
      fromWeb: 'web',
      fromBlob: 'blob',
    });
  }, 60_000);
});

// Each SDK client's exception classes are rewritten compactly in the bundles (compact-exceptions):
// the SDK's error handler makes them with `new Exception({})` and assigns what it read, so each
// must keep its name, fault, shape id and prototype chain. Bundled with and without the rewrite,
// every exception class of every client a function bundles answers the same.
/** Each SDK client a function depends on, with one package that depends on it (for resolving it). */
const sdkClients = new Map<string, string>();
for (const manifest of await loadManifests()) {
  const packageDir = manifest.packageDir ?? `packages/${manifest.name}`;
  const { dependencies = {} } = JSON.parse(await readFile(join(root, packageDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const name of Object.keys(dependencies)) if (name.startsWith('@aws-sdk/client-') && !sdkClients.has(name)) sdkClients.set(name, packageDir);
}

describe.each([...sdkClients])('%s exceptions, as bundled', (client, packageDir) => {
  const describeAll = [
    'const out = {};',
    'const bases = new Set();',
    'for (const [name, Exception] of Object.entries(errors)) {',
    "  const error = new Exception({ message: 'm', $metadata: { httpStatusCode: 400 } });",
    '  out[name] = { name: error.name, fault: error.$fault, shapeId: Exception.shapeId, message: error.message, metadata: error.$metadata,',
    '    isError: error instanceof Error, isOwnClass: error instanceof Exception, fromServiceBase: Object.getPrototypeOf(Exception) !== Error };',
    '  bases.add(Object.getPrototypeOf(Exception));',
    '}',
    'out.$distinctBaseClasses = bases.size;',
    'console.log(JSON.stringify(out));',
  ].join('\n');

  const run = (plugins?: (all: NonNullable<BuildOptions['plugins']>) => NonNullable<BuildOptions['plugins']>): Promise<Record<string, unknown>> => {
    const clientDir = clientDirOf(client, packageDir);
    const errorsFile = join(clientDir, 'dist-es', 'models', 'errors.js').replaceAll('\\', '/');
    return runBundled(`import * as errors from ${JSON.stringify(errorsFile)};\n${describeAll}`, clientDir, plugins);
  };

  it('keeps every class its name, fault, shape id, message, metadata and prototype chain', async () => {
    const compact = await run();
    const original = await run((all) => all.filter((plugin) => plugin.name !== 'compact-exceptions'));
    expect(Object.keys(original).length).toBeGreaterThan(0);
    expect(compact).toEqual(original);
  }, 60_000);
});
