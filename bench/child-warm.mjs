// Child process: warm cost of one handler. Loads it (the full stack: the function's unpacked zip;
// or its bare baseline bundle), warms it up, then times `iterations` sequential invocations
// against the fake endpoints; then times plain HTTP round trips to the same endpoint. With
// `memoryInvocations`, it goes on invoking up to that many in all, taking the heap used after a
// full GC (`gc()`, exposed as the Lambda runtime does) at each checkpoint, so that a leak shows as
// growth. The parent snapshots the endpoints' counters at the marks.
// argv: <options JSON> (see warm.mjs)
import { pathToFileURL } from 'node:url';
import { countCodeGeneration } from './code-generation-counter.mjs';
import { mark, sendError, sendResult } from './child-ipc.mjs';
import { probeRoundTrips } from './http-probe.mjs';
import { IDENTITY } from './identity.mjs';

try {
  const { file, scenarioFile, iterations, warmup, probes, tokens, endpoint, memoryInvocations, memoryCheckpoints } = JSON.parse(process.argv[2]);
  const { lambdaContext, httpApiEvent } = await import(pathToFileURL(new URL('../packages/local-stack/src/lambda-bundle.ts', import.meta.url).pathname).href);
  const { scenario } = await import(pathToFileURL(scenarioFile).href);
  const { handler } = await import(pathToFileURL(file).href);
  const context = { httpApiEvent, tokens, identity: IDENTITY };
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'bench';

  let failures = 0;
  let failure;
  const invoke = async (i) => {
    const event = scenario.event(i, context);
    const lambda = lambdaContext(functionName);
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const response = await handler(event, lambda);
    const elapsedUs = Number(process.hrtime.bigint() - start) / 1000;
    const used = process.cpuUsage(cpu);
    if (!scenario.ok(response)) {
      failures += 1;
      failure ??= JSON.stringify(response).slice(0, 500);
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
  if (failures > 0) throw new Error(`${failures} of ${warmup + iterations} invocations failed, e.g. ${failure}`);

  // Memory over a long warm run: heap used after a full GC at evenly spaced checkpoints.
  const heapAfterGcKb = [];
  let invoked = warmup + iterations;
  if (memoryInvocations > invoked && typeof globalThis.gc === 'function') {
    const step = Math.max(1, Math.floor((memoryInvocations - invoked) / memoryCheckpoints));
    globalThis.gc();
    heapAfterGcKb.push({ invocations: invoked, heapUsedKb: process.memoryUsage().heapUsed / 1024, rssKb: process.memoryUsage().rss / 1024 });
    while (invoked < memoryInvocations) {
      const until = Math.min(memoryInvocations, invoked + step);
      while (invoked < until) await invoke(invoked++);
      globalThis.gc();
      const usage = process.memoryUsage();
      heapAfterGcKb.push({ invocations: invoked, heapUsedKb: usage.heapUsed / 1024, rssKb: usage.rss / 1024 });
    }
    if (failures > 0) throw new Error(`${failures} of ${invoked} invocations failed, e.g. ${failure}`);
  }

  const probe = scenario.probe && endpoint ? await probeRoundTrips(endpoint, scenario.probe(IDENTITY), probes) : { samplesUs: new Float64Array(0), cpuUsPerCall: Number.NaN };

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
    heapAfterGcKb,
    invocations: invoked,
  });
} catch (error) {
  sendError(error);
}
