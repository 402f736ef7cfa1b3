// Child process: warm cost of one handler. Loads it (the full stack from dist/<fn>.zip via the
// local stack's importLambdaBundle, or a bare handler bundle), warms it up, then times
// `iterations` sequential invocations against the fake endpoints; then times plain HTTP round
// trips to the same endpoint. The parent snapshots the endpoints' counters at the marks.
// argv: <fn> <full|bare> <bare bundle file or -> <iterations> <warmup> <probes> <access token>
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { countCodeGeneration } from './code-generation-counter.mjs';
import { mark, sendError, sendResult } from './child-ipc.mjs';
import { probeRoundTrips } from './http-probe.mjs';
import { probeCallFor, requestFor } from './scenarios.mjs';

try {
  const [fn, variant, bareFile, iterationsArg, warmupArg, probesArg, accessToken] = process.argv.slice(2);
  const [iterations, warmup, probes] = [iterationsArg, warmupArg, probesArg].map(Number);
  const { importLambdaBundle, lambdaContext, httpApiEvent } = await import(
    pathToFileURL(new URL('../packages/local-stack/src/lambda-bundle.ts', import.meta.url).pathname).href
  );
  const handler = variant === 'full' ? await importLambdaBundle(fn) : (await import(pathToFileURL(bareFile).href)).handler;
  if (variant === 'full') {
    // importLambdaBundle unpacked the zip to <tmp>/file-sla-bundles/<fn>-<hash>-<pid>; loaded now, so remove it.
    const bundles = join(tmpdir(), 'file-sla-bundles');
    for (const dir of await readdir(bundles)) {
      if (dir.startsWith(`${fn}-`) && dir.endsWith(`-${process.pid}`)) await rm(join(bundles, dir), { recursive: true, force: true });
    }
  }

  let failures = 0;
  let failure;
  const invoke = async (i) => {
    const event = httpApiEvent(requestFor(fn, i, accessToken));
    const context = lambdaContext(fn);
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const response = await handler(event, context);
    const elapsedUs = Number(process.hrtime.bigint() - start) / 1000;
    const used = process.cpuUsage(cpu);
    if (response?.statusCode !== 200) {
      failures += 1;
      failure ??= `${response?.statusCode}: ${String(response?.body).slice(0, 500)}`;
    }
    return [elapsedUs, used.user + used.system];
  };

  for (let i = 0; i < warmup; i += 1) await invoke(i);

  await mark('warm-start');
  const codeGeneration = countCodeGeneration();
  const samplesUs = new Float64Array(iterations);
  let cpuUs = 0;
  for (let i = 0; i < iterations; i += 1) {
    const [elapsedUs, usedUs] = await invoke(warmup + i);
    samplesUs[i] = elapsedUs;
    cpuUs += usedUs;
  }
  const codeGenerations = codeGeneration.stop();
  await mark('warm-end');
  if (failures > 0) throw new Error(`${failures} of ${warmup + iterations} invocations did not answer 200, e.g. ${failure}`);

  const endpoint = fn === 'auth-lambda' ? process.env.COGNITO_ENDPOINT : process.env.DYNAMODB_ENDPOINT;
  const probe = await probeRoundTrips(endpoint, probeCallFor(fn), probes);

  const { heapUsed, heapTotal } = process.memoryUsage();
  sendResult({
    samplesUs,
    cpuUsPerRequest: cpuUs / iterations,
    codeGenerations,
    roundTripSamplesUs: probe.samplesUs,
    roundTripCpuUs: probe.cpuUsPerCall,
    maxRssKb: process.resourceUsage().maxRSS,
    heapUsedKb: heapUsed / 1024,
    heapTotalKb: heapTotal / 1024,
  });
} catch (error) {
  sendError(error);
}
