// The esbuild options of a Lambda bundle, shared by scripts/build.mjs and the benchmark's bare
// baselines: ESM, minified, Node 24, AWS SDK bundled — and without the SDK parts a Lambda function
// of this service never runs (each replacement below says why it is never needed).
import { readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname } from 'node:path';

/**
 * Modules replaced at bundle time. `specifier` matches the import as written, `importer` (if given)
 * the path of the importing file; `contents` is the module that stands in for the original
 * (resolved from the original's folder).
 */
const REPLACEMENTS = [
  {
    // In Lambda the credentials are in the environment. The default chain (SSO, INI files, process,
    // IMDS, STS web identity — and the nested STS/SSO clients they pull in) is never used.
    specifier: /^@aws-sdk\/credential-provider-node$/,
    contents: "export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';",
  },
  {
    // Loaded (dynamic import) only for an operation with an event-stream member; no Cognito or
    // DynamoDB operation has one.
    specifier: /^@smithy\/core\/event-streams$/,
    contents: "throw new Error('event streams are not part of this bundle');",
  },
  {
    // DynamoDB endpoint discovery: off unless a client turns it on (this service's never does), and
    // no command of this SDK version applies its middleware. The client still reads its setting
    // and builds an endpoint cache (an LRU from `mnemonist`); both are inert, so both stay out.
    specifier: /^@aws-sdk\/middleware-endpoint-discovery$/,
    contents: [
      'export const NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS = { environmentVariableSelector: () => undefined, configFileSelector: () => undefined, default: undefined };',
      'export const resolveEndpointDiscoveryConfig = (input, { endpointDiscoveryCommandCtor }) =>',
      '  Object.assign(input, { endpointDiscoveryCommandCtor, endpointDiscoveryEnabled: () => Promise.resolve(false), isClientEndpointDiscoveryEnabled: false });',
    ].join('\n'),
  },
  {
    // SigV4 hashes with node:crypto; the pure-JavaScript SHA-256 is only a fallback for a runtime
    // without it, and every Node 24 build has it.
    specifier: /^\.\/Sha256Js$/,
    importer: /[\\/]checksum[\\/]sha256[\\/]Sha256Node\.js$/,
    contents: "export class Sha256Js { constructor() { throw new Error('node:crypto has no sha256'); } }",
  },
  {
    // In Lambda AWS_REGION and AWS_EXECUTION_ENV are always set: neither the region nor the
    // defaults mode is ever looked up in EC2 instance metadata.
    specifier: /^\.{1,2}\/(config-resolver\/regionConfig\/)?getInstanceMetadataRegion$/,
    importer: /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]config[\\/]/,
    contents: 'export const getInstanceMetadataRegion = async () => undefined;',
  },
  {
    // In Lambda every setting comes from the environment; there are no ~/.aws/config or
    // ~/.aws/credentials files to read (reading them would only cost cold-start time).
    specifier: /^\.\.\/shared-ini-file-loader\/loadSharedConfigFiles$/,
    importer: /[\\/]node-config-provider[\\/]fromSharedConfigFiles\.js$/,
    contents: 'export const loadSharedConfigFiles = async () => ({ configFile: {}, credentialsFile: {} });',
  },
  {
    // Both clients pin retryMode "standard" (src/cognito-client.ts, src/dynamodb-client.ts): the
    // adaptive strategy and its client-side rate limiter are never built.
    specifier: /^\.\.\/util-retry\/AdaptiveRetryStrategy$/,
    importer: /[\\/]retry[\\/]middleware-retry[\\/]configurations\.js$/,
    contents: "export class AdaptiveRetryStrategy { constructor() { throw new Error('adaptive retry mode is not part of this bundle'); } }",
  },
  {
    // Endpoint parameters of S3 buckets, resolved only when the client is an S3 client.
    specifier: /^\.\.\/service-customizations$/,
    importer: /[\\/]middleware-endpoint[\\/]adaptors[\\/]getEndpointFromInstructions\.js$/,
    contents: "export const resolveParamsForS3 = async () => { throw new Error('S3 endpoint parameters are not part of this bundle'); };",
  },
  {
    // The SDK's logger middleware logs a call only when the client is given a `logger`; no client
    // of this service is (createDynamoDbClient, createCognitoClient), so it only ever passes the
    // call on — and on a failed call still filters its input for a NoOpLogger. A pass-through keeps
    // the middleware's name and place in the stack.
    specifier: /^\.\/middleware-logger\/loggerMiddleware$/,
    importer: /[\\/]@aws-sdk[\\/]core[\\/]dist-es[\\/]submodules[\\/]client[\\/]index\.js$/,
    contents: [
      'export const loggerMiddleware = () => (next) => next;',
      "export const loggerMiddlewareOptions = { name: 'loggerMiddleware', tags: ['LOGGER'], step: 'initialize', override: true };",
      'export const getLoggerPlugin = () => ({ applyToStack: (stack) => { stack.add(loggerMiddleware(), loggerMiddlewareOptions); } });',
    ].join('\n'),
  },
  {
    // What that logger middleware would log is filtered through this (sensitive members hidden);
    // nothing else calls it. Should a logger ever be given, it sees a placeholder, never a value.
    specifier: /^\.\/schemaLogFilter$/,
    importer: /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]client[\\/]smithy-client[\\/]command\.js$/,
    contents: "export const schemaLogFilter = () => '***SensitiveInformation***';",
  },
  {
    // Feature flags written into the User-Agent header (SDK usage metrics for AWS): nothing the
    // service or AWS's answers depend on.
    specifier: /^\.\/check-features$/,
    importer: /[\\/]middleware-user-agent[\\/]user-agent-middleware\.js$/,
    contents: 'export const checkFeatures = async () => {};',
  },
  {
    // Warns on Node < 22 only; the functions run on nodejs24.x (infra/src/service/manifest-function.ts).
    specifier: /^\.\/emitWarningIfUnsupportedVersion$/,
    importer: /[\\/]@aws-sdk[\\/]core[\\/]dist-es[\\/]submodules[\\/]client[\\/]index\.js$/,
    contents: 'export const state = { warningEmitted: true };\nexport const emitWarningIfUnsupportedVersion = () => {};',
  },
  {
    // The SDK's stream checks read the `ReadableStream` and `Blob` globals, and Node.js loads its
    // web streams (a dozen internal modules, a few ms of a cold start) the first time either is
    // read. Every body these functions receive comes from the Node.js HTTP handler as a Node.js
    // `Readable`, which is never a web stream nor a Blob: it is recognised first, without reading
    // the globals. Anything else is checked exactly as before.
    specifier: /^\.{1,2}\/stream-type-check$/,
    importer: /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]serde[\\/]util-stream[\\/]/,
    contents: [
      "import { Readable } from 'node:stream';",
      'export const isReadableStream = (stream) => !(stream instanceof Readable) && typeof ReadableStream === "function" && (stream?.constructor?.name === ReadableStream.name || stream instanceof ReadableStream);',
      'export const isBlob = (blob) => !(blob instanceof Readable) && typeof Blob === "function" && (blob?.constructor?.name === Blob.name || blob instanceof Blob);',
    ].join('\n'),
  },
  {
    // Invocation ids are random UUIDs from `globalThis.crypto.randomUUID`, which loads Node's Web
    // Crypto at init; node:crypto's `randomUUID` is the same generator without it.
    specifier: /^\.\/uuid\/v4$/,
    importer: /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]serde[\\/]index\.js$/,
    contents: "import { randomUUID } from 'node:crypto';\nexport const bindV4 = () => () => randomUUID();",
  },
  {
    // http-errors warns through depd only when asked for a non-error status (below 400 or from
    // 600); the functions create 4xx and 5xx errors only.
    specifier: /^depd$/,
    importer: /[\\/]http-errors[\\/]index\.js$/,
    contents: 'module.exports = () => () => {};',
  },
  {
    // http-errors reads its status messages from `statuses`, whose table is the one Node.js ships
    // as `http.STATUS_CODES` (the same codes and texts).
    specifier: /^statuses$/,
    importer: /[\\/]http-errors[\\/]index\.js$/,
    contents: "const { STATUS_CODES } = require('node:http');\nmodule.exports = { message: STATUS_CODES, codes: Object.keys(STATUS_CODES).map(Number) };",
  },
  {
    // Fallbacks of http-errors for runtimes without these built-ins; Node.js has both.
    specifier: /^inherits$/,
    importer: /[\\/]http-errors[\\/]index\.js$/,
    contents: "module.exports = require('node:util').inherits;",
  },
  {
    specifier: /^setprototypeof$/,
    importer: /[\\/]http-errors[\\/]index\.js$/,
    contents: 'module.exports = Object.setPrototypeOf;',
  },
];

/** Replaces the modules of {@link REPLACEMENTS}. */
const replaceModules = {
  name: 'replace-modules',
  setup(pluginBuild) {
    for (const [index, { specifier, importer }] of REPLACEMENTS.entries()) {
      pluginBuild.onResolve({ filter: specifier }, async (args) => {
        if (args.pluginData === 'original' || (importer && !importer.test(args.importer))) return undefined;
        const original = await pluginBuild.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'original' });
        if (original.errors.length > 0) return { errors: original.errors };
        return { path: original.path, namespace: 'replaced', pluginData: index };
      });
    }
    pluginBuild.onLoad({ filter: /.*/, namespace: 'replaced' }, (args) => ({
      contents: REPLACEMENTS[args.pluginData].contents,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * A client reads its own `package.json` for the version in its user agent: bundle that field and
 * the name, not the whole manifest.
 */
const manifestVersionOnly = {
  name: 'manifest-version-only',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]node_modules[\\/]@aws-sdk[\\/][^\\/]+[\\/]package\.json$/ }, async (args) => {
      const { name, version } = JSON.parse(await readFile(args.path, 'utf8'));
      return { contents: JSON.stringify({ name, version }), loader: 'json' };
    });
  },
};

/**
 * Built-ins whose ES module namespace costs more than `require()` (Node 24): building the
 * namespace calls every lazy getter the module exports, which loads more of Node — for `http`
 * undici (`http.WebSocket`, `MessageEvent`, …: some 75 internal modules, about 20 ms of init, for
 * an HTTP client the functions never use); for `fs`, `process` and `util` some 35–45 modules each;
 * for `crypto` its Web Crypto implementation (`crypto.webcrypto`), which no function uses.
 * (Measured as the `process.moduleLoadList` growth of `await import(x)` against `require(x)`; the
 * other built-ins the bundles import load the same either way.)
 */
const LAZY_NAMESPACE_BUILTINS = new Set(['buffer', 'crypto', 'fs', 'http', 'module', 'process', 'timers', 'util']);

/**
 * Those built-ins through `require()`, which returns the module object and reads only what is
 * used. Each such import becomes a tiny CommonJS module, `module.exports = require('node:<name>')`,
 * which esbuild interoperates with as with any CommonJS dependency (named imports read as
 * properties, when used).
 */
const builtinsViaRequire = {
  name: 'builtins-via-require',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^(node:)?[a-z][\w/]*$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (args.kind === 'require-call' || !isBuiltin(args.path) || !LAZY_NAMESPACE_BUILTINS.has(name)) return undefined;
      return { path: name, namespace: 'builtin-require' };
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'builtin-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(`node:${args.path}`)});`,
      loader: 'js',
    }));
  },
};

/**
 * Each SDK client's exception classes (`dist-es/models/errors.js`), written compactly: Cognito's
 * alone are some 16 KB of the auth bundle. The SDK's error
 * handler builds an exception as `new ErrorClass({})` and then assigns the members it read from
 * the answer, so each class needs only its name, its fault, its `shapeId` and its prototype chain;
 * the generated constructors that copy members one by one are never given any. The names and
 * faults are read from the original file; a class of any other shape fails the build.
 */
const compactExceptions = {
  name: 'compact-exceptions',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]@aws-sdk[\\/]client-[a-z0-9-]+[\\/]dist-es[\\/]models[\\/]errors\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const header = /^import \{ (\w+) as __BaseException \} from "(\.\/\w+)";$/m.exec(source);
      const classes = [...source.matchAll(/^export class (\w+) extends __BaseException \{\n {4}static shapeId = "([^"]+)";\n {4}name = "\1";\n {4}\$fault = "(client|server)";\n/gm)];
      if (!header || classes.length === 0 || classes.length !== source.split('\nexport class ').length - 1 + (source.startsWith('export class ') ? 1 : 0)) {
        return { errors: [{ text: `compact-exceptions: ${args.path} no longer has the shape this plugin rewrites` }] };
      }
      const lines = [
        `import { ${header[1]} as Base } from ${JSON.stringify(header[2])};`,
        'const define = (shapeId, name, $fault) => {',
        '  const Exception = { [name]: class extends Base { constructor(opts) { super({ name, $fault, ...opts }); Object.setPrototypeOf(this, Exception.prototype); } } }[name];',
        '  Exception.shapeId = shapeId;',
        '  return Exception;',
        '};',
        ...classes.map(([, name, shapeId, fault]) => `export const ${name} = define(${JSON.stringify(shapeId)}, ${JSON.stringify(name)}, ${JSON.stringify(fault)});`),
      ];
      return { contents: lines.join('\n'), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * esbuild options for one Lambda handler.
 * @param {{ entry: string, outfile: string, absWorkingDir: string }} where
 * @returns {import('esbuild').BuildOptions}
 */
export const lambdaBundleOptions = ({ entry, outfile, absWorkingDir }) => ({
  entryPoints: [entry],
  outfile,
  absWorkingDir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  minify: true,
  treeShaking: true,
  // ES module builds of the dependencies (the AWS SDK's `dist-es`) tree-shake; CommonJS does not.
  mainFields: ['module', 'main'],
  plugins: [builtinsViaRequire, replaceModules, manifestVersionOnly, compactExceptions],
  legalComments: 'none',
  // CommonJS dependencies and the built-ins (builtinsViaRequire) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
