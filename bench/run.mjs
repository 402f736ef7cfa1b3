// `pnpm bench`: cold start, warm cost and size of each function against a bare baseline
// (DESIGN §10). Prints a Markdown table and writes bench/results.json.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleBare } from './bare-bundle.mjs';
import { bundleMetrics } from './bundle-metrics.mjs';
import { coldStartOnce, measureColdStarts } from './cold-start.mjs';
import { ensureBuild } from './ensure-build.mjs';
import { startFakeAws } from './fake-aws.mjs';
import { createSigningKey, signAccessToken, signIdToken } from './jwt.mjs';
import { measureOwnWork } from './own-work.mjs';
import { buildRows, missedTargets, profileSummary, targetChecks, toMarkdown } from './report.mjs';
import { IDENTITY, lambdaEnv, requestFor } from './scenarios.mjs';
import { FUNCTIONS, readSettings, repoRoot, scratchDir } from './settings.mjs';
import { buildUnbundled, buildUnbundledVerifier, readExternals, sourceEntry } from './unbundled.mjs';
import { unpackZip } from './unpack.mjs';
import { measureWarm } from './warm.mjs';

const started = performance.now();
const log = (message) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(1)} s] ${message}`);

if (Number(process.versions.node.split('.')[0]) < 24) {
  throw new Error(`Node ${process.version} at ${process.execPath}: the bench needs Node 24 (run it with "pnpm bench")`);
}

const settings = readSettings();
const { httpApiEvent, lambdaContext } = await import(pathToFileURL(join(repoRoot, 'packages', 'local-stack', 'src', 'lambda-bundle.ts')).href);

/** Tries Node's own type stripping on the source entry; the error when it cannot load it. */
const tryDirectImport = async (fn, env, invocation) => {
  try {
    const run = await coldStartOnce(sourceEntry(fn), { env, invocation, timeoutMs: settings.childTimeoutMs });
    return run.statusCode === 200 ? undefined : `first call answered ${run.statusCode}`;
  } catch (error) {
    return (error.message.match(/(Err\w*|\w*Error)[: ][^\n]*/) ?? [error.message.split('\n')[0]])[0].slice(0, 300);
  }
};

const build = ensureBuild();
const key = createSigningKey();
let fake;
try {
  fake = await startFakeAws({ duplicateShare: settings.duplicateShare, jwks: key.jwks, userPoolId: IDENTITY.userPoolId });
  const claims = { issuer: fake.issuer, clientId: IDENTITY.clientId, username: IDENTITY.username };
  const accessToken = signAccessToken(key, { ...claims, groups: [IDENTITY.writerGroup] });
  // What the fake Cognito (and the own-work stub) answers: tokens of the same key, about as long as Cognito's.
  const tokens = { accessToken, idToken: signIdToken(key, claims), refreshToken: `bench-refresh-${'r'.repeat(1700)}` };
  fake.setTokens(tokens);
  log(`Node ${process.version}, ${availableParallelism()} CPUs; fake DynamoDB ${fake.dynamodbEndpoint}, Cognito ${fake.cognitoEndpoint}, JWKS ${fake.jwksUri}`);
  log(`settings: ${JSON.stringify(settings)}${build.built ? ' (built dist first)' : ''}`);
  if (build.stale.length > 0) {
    log(`WARNING: dist/{${build.stale.join(',')}}.zip older than their sources: the bundled figures are of the old code, the unbundled ones of the new. Run "pnpm build" (or BENCH_BUILD=1 pnpm bench).`);
  }

  const functions = {};
  const unbundledMethods = {};
  const verifierFile = await buildUnbundledVerifier();
  if (settings.cpuProfileDir) await mkdir(settings.cpuProfileDir, { recursive: true });
  for (const fn of FUNCTIONS) {
    const env = lambdaEnv(fn, fake);
    const invocation = { event: httpApiEvent(requestFor(fn, 0, accessToken)), context: lambdaContext(fn) };

    const bundle = await bundleMetrics(fn);
    const bare = await bundleBare(fn);
    const bundled = await unpackZip(fn);

    const directError = await tryDirectImport(fn, env, invocation);
    const unbundled = directError === undefined ? sourceEntry(fn) : await buildUnbundled(fn);
    unbundledMethods[fn] = directError === undefined
      ? { method: 'node-type-stripping', file: sourceEntry(fn) }
      : { method: 'esbuild-unminified-packages-external', directImportError: directError };
    log(`${fn}: unbundled source via ${unbundledMethods[fn].method}${directError ? ` (direct import of src/handler.ts failed: ${directError})` : ''}`);

    const coldStart = await measureColdStarts(
      { bundled, unbundled },
      {
        env,
        invocation,
        processes: settings.processes,
        timeoutMs: settings.childTimeoutMs,
        jwksFetches: () => fake.counts().jwks.fetches,
        onProgress: (done) => done === settings.processes && log(`${fn}: ${done} × 2 cold starts done`),
      },
    );

    const { full, bare: bareWarm } = await measureWarm(fn, {
      rounds: settings.warmRounds,
      env,
      bareFile: bare.file,
      iterations: settings.iterations,
      warmup: settings.warmup,
      probes: settings.probes,
      accessToken,
      timeoutMs: settings.childTimeoutMs,
      counts: fake.counts,
      onProgress: log,
    });

    // Own work: the esbuild-unbundled handler (its npm imports are known, so the SDK class can be stubbed).
    const ownWorkFile = unbundledMethods[fn].method === 'esbuild-unminified-packages-external' ? unbundled : await buildUnbundled(fn);
    const ownWork = await measureOwnWork(fn, {
      rounds: settings.warmRounds,
      env,
      handlerFile: ownWorkFile,
      externals: await readExternals(ownWorkFile),
      verifierFile,
      iterations: settings.iterations,
      warmup: settings.warmup,
      stageIterations: settings.iterations,
      tokens,
      duplicateShare: settings.duplicateShare,
      profile: { iterations: settings.iterations, intervalUs: 50, top: 15, ...(settings.cpuProfileDir ? { dir: settings.cpuProfileDir } : {}) },
      timeoutMs: settings.childTimeoutMs,
      counts: fake.counts,
      onProgress: log,
    });

    const result = {
      bundle,
      bareBundleBytes: bare.rawBytes,
      coldStart,
      warm: {
        full,
        bare: bareWarm,
        ratioP50: full.us.p50 / bareWarm.us.p50,
        ratioP99: full.us.p99 / bareWarm.us.p99,
        ownWork,
        ownWorkP50Us: ownWork.us.p50,
        sdkPlusOwnWorkP50Us: full.us.p50 - full.roundTripUs.p50,
        bareSdkPlusOwnWorkP50Us: bareWarm.us.p50 - bareWarm.roundTripUs.p50,
        jwksFetches: full.endpointCalls.jwks.fetches,
        // Ajv compiles through `new Function`: none in the warm loop and no compiler in the bundle means none compiled.
        schemaCompilations: full.codeGenerations,
      },
    };
    result.targets = targetChecks(result);
    functions[fn] = result;
  }

  const durationS = (performance.now() - started) / 1000;
  const results = {
    generatedAt: new Date().toISOString(),
    durationS,
    node: process.version,
    cpus: availableParallelism(),
    settings,
    build,
    unbundledMethods,
    endpointCallsTotal: fake.counts(),
    functions,
  };
  await writeFile(join(repoRoot, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

  console.log(`\n${toMarkdown(FUNCTIONS, buildRows(results))}\n`);
  console.log(`${profileSummary(functions)}\n`);
  const missed = missedTargets(functions);
  console.log(missed.length === 0 ? 'All targets met.' : `Targets missed:\n${missed.map((line) => `- ${line}`).join('\n')}`);
  if (build.stale.length > 0) console.log(`\nWARNING: dist/{${build.stale.join(',')}}.zip older than their sources (see above).`);
  console.log(`\nbench/results.json written; ${durationS.toFixed(1)} s.`);
} finally {
  await fake?.close();
  if (!process.env.BENCH_KEEP_SCRATCH) await rm(scratchDir, { recursive: true, force: true });
}
