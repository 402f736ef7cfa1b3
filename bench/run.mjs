// `pnpm bench`: cold path, warm cost, memory and size of each function against a bare baseline,
// as deployed: the functions, their environment and NODE_OPTIONS come from the manifests
// (scripts/manifests.mjs), what each is asked from its scenario file
// (`packages/<fn>/bench/scenario.mjs`). Prints a Markdown table and writes bench/results.json.
// See bench/README.md.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lambdaPackages, loadManifests } from '../scripts/manifests.mjs';
import { bundleBare } from './bare-bundle.mjs';
import { bundleMetrics } from './bundle-metrics.mjs';
import { coldStartOnce, measureColdStarts } from './cold-start.mjs';
import { ensureBuild } from './ensure-build.mjs';
import { environmentOf, lambdaRuntimeArgs, withoutNodeOptions } from './environment.mjs';
import { startFakeAws } from './fake-aws.mjs';
import { IDENTITY } from './identity.mjs';
import { createSigningKey, signAccessToken, signIdToken } from './jwt.mjs';
import { measureOwnWork } from './own-work.mjs';
import { buildRows, missedTargets, profileSummary, targetChecks, toMarkdown } from './report.mjs';
import { startScenarioFakes } from './scenario-fakes.mjs';
import { loadScenario, scenarioFileOf } from './scenario.mjs';
import { readSettings, repoRoot, scratchDir } from './settings.mjs';
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
const tryDirectImport = async (manifest, options) => {
  try {
    const run = await coldStartOnce(sourceEntry(manifest), { ...options, timeoutMs: settings.childTimeoutMs });
    return options.ok(run.response) ? undefined : `first call answered ${run.statusCode}`;
  } catch (error) {
    return (error.message.match(/(Err\w*|\w*Error)[: ][^\n]*/) ?? [error.message.split('\n')[0]])[0].slice(0, 300);
  }
};

const build = ensureBuild(await lambdaPackages());
const manifests = await loadManifests();
const key = createSigningKey();
let fake;
try {
  fake = await startFakeAws({ duplicateShare: settings.duplicateShare, jwks: key.jwks, userPoolId: IDENTITY.userPoolId });
  // The bench's token carries every group the manifests declare, so that any protected route lets it through.
  const groups = [...new Set(manifests.flatMap((m) => Object.values(m.resources?.groups ?? {}).map((group) => group.default)).filter(Boolean))];
  const claims = { issuer: fake.issuer, clientId: IDENTITY.clientId, username: IDENTITY.username };
  const accessToken = signAccessToken(key, { ...claims, groups });
  // What the fake Cognito (and the own-work stub) answers: tokens of the same key, about as long as Cognito's.
  const tokens = { accessToken, idToken: signIdToken(key, claims), refreshToken: `bench-refresh-${'r'.repeat(1700)}` };
  fake.setTokens(tokens);
  const endpoints = { 'cognito-endpoint': fake.cognitoEndpoint, 'dynamodb-endpoint': fake.dynamodbEndpoint, 'jwt-issuer': fake.issuer, 'jwks-uri': fake.jwksUri };
  const probeEndpoints = { cognito: fake.cognitoEndpoint, dynamodb: fake.dynamodbEndpoint };
  log(`Node ${process.version}, ${availableParallelism()} CPUs; fake DynamoDB ${fake.dynamodbEndpoint}, Cognito ${fake.cognitoEndpoint}, JWKS ${fake.jwksUri}`);
  log(`settings: ${JSON.stringify(settings)}${build.built ? ' (built dist first)' : ''}`);
  if (build.stale.length > 0) {
    log(`WARNING: dist/{${build.stale.join(',')}}.zip older than their sources: the bundled figures are of the old code, the unbundled ones of the new. Run "pnpm build" (or BENCH_BUILD=1 pnpm bench).`);
  }

  const functions = {};
  const notMeasured = {};
  const unbundledMethods = {};
  const verifierFile = await buildUnbundledVerifier();
  if (settings.cpuProfileDir) await mkdir(settings.cpuProfileDir, { recursive: true });
  for (const manifest of manifests) {
    const fn = manifest.name;
    const scenarioFile = scenarioFileOf(repoRoot, manifest);
    if (!scenarioFile) {
      notMeasured[fn] = `no scenario: ${manifest.packageDir}/bench/scenario.mjs does not exist`;
      log(`${fn}: not measured (${notMeasured[fn]})`);
      continue;
    }
    const scenario = await loadScenario(scenarioFile);
    const fakes = await startScenarioFakes(scenario.fakeEndpoints);
    try {
      const fnEndpoints = { ...endpoints, ...fakes.endpoints };
      const { env, missing } = environmentOf(manifest, manifests, { jwks: key.jwks, endpoints: fnEndpoints });
      if (missing.length > 0) {
        notMeasured[fn] = `the bench has no stand-in for ${missing.join(', ')} (a scenario can bring one: fakeEndpoints)`;
        log(`${fn}: not measured (${notMeasured[fn]})`);
        continue;
      }
      const plainEnv = withoutNodeOptions(env);
      const execArgv = lambdaRuntimeArgs(manifest.memoryMb);
      const scenarioContext = { httpApiEvent, tokens, identity: IDENTITY };
      const invocation = { event: scenario.event(0, scenarioContext), context: lambdaContext(fn) };
      log(`${fn}: ${manifest.kind}, ${manifest.memoryMb} MB → node ${execArgv.join(' ')}; NODE_OPTIONS ${env.NODE_OPTIONS ? `"${env.NODE_OPTIONS}"` : 'none'} (from the manifest)`);

      const bundle = await bundleMetrics(fn);
      const bare = scenario.bare ? await bundleBare(manifest, join(scenarioFile, '..', scenario.bare)) : undefined;
      const bundled = await unpackZip(fn);
      const baseline = settings.baselineDist ? await unpackZip(fn, { distDir: settings.baselineDist, label: 'baseline' }).catch(() => undefined) : undefined;
      if (settings.baselineDist && !baseline) log(`${fn}: no ${fn}.zip in ${settings.baselineDist}: no baseline for it`);

      const directError = await tryDirectImport(manifest, { env: plainEnv, execArgv, invocation, ok: scenario.ok });
      const unbundled = directError === undefined ? sourceEntry(manifest) : await buildUnbundled(manifest);
      unbundledMethods[fn] = directError === undefined
        ? { method: 'node-type-stripping', file: sourceEntry(manifest) }
        : { method: 'esbuild-unminified-packages-external', directImportError: directError };
      log(`${fn}: unbundled source via ${unbundledMethods[fn].method}${directError ? ` (direct import of src/handler.ts failed: ${directError})` : ''}`);

      // As deployed (NODE_OPTIONS of the manifest); the bundle without NODE_OPTIONS and the unbundled
      // source without it, for the init ratio of bundling alone and the cost of the options; and the
      // bare baseline as deployed, the floor of the same SDK call without Middy and the shared stack;
      // another build's zip (BENCH_BASELINE_DIST), as deployed or started plain (BENCH_BASELINE_START).
      const variants = {
        deployed: { file: bundled, env, execArgv },
        ...(env.NODE_OPTIONS ? { withoutNodeOptions: { file: bundled, env: plainEnv, execArgv } } : {}),
        unbundled: { file: unbundled, env: plainEnv, execArgv },
        ...(bare ? { bare: { file: bare.file, env, execArgv } } : {}),
        ...(baseline
          ? { baseline: settings.baselineStart === 'plain' ? { file: baseline, env: plainEnv, execArgv: [], plain: true } : { file: baseline, env, execArgv } }
          : {}),
        ...(settings.compareNodeOptions
          ? { compared: { file: bundled, env: { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, settings.compareNodeOptions].filter(Boolean).join(' ') }, execArgv } }
          : {}),
      };
      const cold = await measureColdStarts(variants, {
        invocation,
        ok: scenario.ok,
        processes: settings.processes,
        timeoutMs: settings.childTimeoutMs,
        counters: () => {
          const counts = fake.counts();
          return { jwksFetches: counts.jwks.fetches, connections: Object.values(counts.connections).reduce((a, b) => a + b, fakes.connections()) };
        },
        onProgress: (done) => done === settings.processes && log(`${fn}: ${done} × ${Object.keys(variants).length} cold starts done`),
      });
      if (settings.cpuProfileDir) {
        // One more deployed cold start under `--cpu-prof`: where init and the first request go.
        const profileArgs = ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', settings.cpuProfileDir, '--cpu-prof-name', `${fn}-cold-start.cpuprofile`];
        await coldStartOnce(bundled, { env, execArgv: [...execArgv, ...profileArgs], invocation, timeoutMs: settings.childTimeoutMs });
      }
      const plainBundled = cold.withoutNodeOptions ?? cold.deployed;
      const coldStart = { ...cold, withoutNodeOptions: plainBundled, ratio: plainBundled.initMs / cold.unbundled.initMs };

      const { full, bare: bareWarm } = await measureWarm(
        { full: bundled, bare: bare?.file },
        {
          rounds: settings.warmRounds,
          memoryInvocations: settings.memoryInvocations,
          memoryCheckpoints: 8,
          env,
          execArgv,
          scenarioFile,
          iterations: settings.iterations,
          warmup: settings.warmup,
          probes: settings.probes,
          tokens,
          endpoint: scenario.probe ? (probeEndpoints[scenario.probe(IDENTITY).endpoint] ?? fnEndpoints[scenario.probe(IDENTITY).endpoint]) : undefined,
          timeoutMs: settings.childTimeoutMs,
          counts: fake.counts,
          onProgress: (message) => log(`${fn}: ${message}`),
        },
      );

      // Own work: the esbuild-unbundled handler (its npm imports are known, so the SDK class can be stubbed).
      const ownWorkFile = unbundledMethods[fn].method === 'esbuild-unminified-packages-external' ? unbundled : await buildUnbundled(manifest);
      const ownWork = !scenario.sdk ? null : await measureOwnWork(fn, {
        rounds: settings.warmRounds,
        env,
        execArgv,
        scenarioFile,
        scenario,
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

      const warmP50Ms = full.us.p50 / 1000;
      const result = {
        kind: manifest.kind,
        memoryMb: manifest.memoryMb,
        nodeOptions: env.NODE_OPTIONS ?? null,
        runtimeArgs: execArgv,
        recordsPerInvocation: scenario.recordsPerInvocation ?? null,
        bundle,
        bareBundleBytes: bare?.rawBytes ?? null,
        coldStart,
        firstRequestPerWarmP50: coldStart.deployed.firstRequestMs / warmP50Ms,
        warm: {
          full,
          bare: bareWarm,
          ratioP50: bareWarm ? full.us.p50 / bareWarm.us.p50 : null,
          ratioP99: bareWarm ? full.us.p99 / bareWarm.us.p99 : null,
          ownWork,
          ownWorkP50Us: ownWork?.us.p50 ?? null,
          sdkPlusOwnWorkP50Us: full.us.p50 - full.roundTripUs.p50,
          bareSdkPlusOwnWorkP50Us: bareWarm ? bareWarm.us.p50 - bareWarm.roundTripUs.p50 : null,
          jwksFetches: full.endpointCalls.jwks.fetches,
          // Ajv compiles through `new Function`: none in the warm loop and no compiler in the bundle means none compiled.
          schemaCompilations: full.codeGenerations,
        },
      };
      result.targets = targetChecks(result);
      result.scenarioEndpointCalls = fakes.counts();
      functions[fn] = result;
    } finally {
      await fakes.close();
    }
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
    notMeasured,
    endpointCallsTotal: fake.counts(),
    functions,
  };
  await writeFile(join(repoRoot, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

  const measured = Object.keys(functions);
  console.log(`\n${toMarkdown(measured, buildRows(results))}\n`);
  for (const [fn, reason] of Object.entries(notMeasured)) console.log(`- **${fn}**: not measured — ${reason}.`);
  console.log(`${profileSummary(functions)}\n`);
  const missed = missedTargets(functions);
  console.log(missed.length === 0 ? 'All targets met.' : `Targets missed:\n${missed.map((line) => `- ${line}`).join('\n')}`);
  if (build.stale.length > 0) console.log(`\nWARNING: dist/{${build.stale.join(',')}}.zip older than their sources (see above).`);
  console.log(`\nbench/results.json written; ${durationS.toFixed(1)} s.`);
} finally {
  await fake?.close();
  if (!process.env.BENCH_KEEP_SCRATCH) await rm(scratchDir, { recursive: true, force: true });
}
