// Child process: our own work per request, with the AWS SDK call answered in-process. Loads the
// unbundled handler (workspace TypeScript in one unminified file, npm packages from node_modules),
// stubs `send()` of the very SDK client class it uses with aws-sdk-client-mock (imported from the
// same node_modules file, so the same class), warms up, then times `iterations` sequential
// invocations: Middy stack, body parsing, validation, JWT verification, record building — no
// SigV4, serialisation or HTTP. Checks that every invocation reached the mock. Then times stages
// on their own (`verify()` of the shared verifier on the same token; the stubbed `send()` alone)
// and profiles one more loop of invocations with V8's sampling profiler.
// argv: <options JSON> (see own-work.mjs)
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { countCodeGeneration } from './code-generation-counter.mjs';
import { mark, sendError, sendResult } from './child-ipc.mjs';
import { sourceMapOfBundle, startCpuProfile, summarizeProfile } from './cpu-profile.mjs';
import { IDENTITY } from './identity.mjs';

/** Times `count` sequential calls of `call` (after `warmup` untimed ones), in µs. */
const timeCalls = async (call, count, warmup) => {
  for (let i = 0; i < warmup; i += 1) await call(i);
  const samplesUs = new Float64Array(count);
  for (let i = 0; i < count; i += 1) {
    const start = process.hrtime.bigint();
    await call(warmup + i);
    samplesUs[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  return samplesUs;
};

try {
  const options = JSON.parse(process.argv[2]);
  const { fn, scenarioFile, handlerFile, verifierFile, sdk, iterations, warmup, stageIterations, tokens, duplicateShare, profile: profileOptions } = options;
  const { scenario } = await import(pathToFileURL(scenarioFile).href);
  await mark('start');

  const { lambdaContext, httpApiEvent } = await import(pathToFileURL(new URL('../packages/local-stack/src/lambda-bundle.ts', import.meta.url).pathname).href);
  const { mockClient } = (await import('aws-sdk-client-mock')).default;

  // The module the handler imports the client class from, by the same URL: the same instance.
  const sdkModule = await import(sdk.moduleUrl);
  const mock = mockClient(sdkModule[sdk.clientClass]);
  // The answer is set as the stub's default behaviour (`mock.send` is the sinon stub mockClient
  // made): `mock.resolves()` would go through `onAnyCommand()`, i.e. `withArgs(match.any)`, and
  // sinon would deep-compare every command with the matcher — about 10 µs a call that is the
  // mock's, not ours. What the stub still costs is timed below ("the stub alone").
  if (duplicateShare > 0 && scenario.sdk.conditionFailed) {
    // As the fake DynamoDB does: that share of calls is refused, spread evenly.
    let owed = 0;
    mock.send.callsFake(async () => {
      owed += duplicateShare;
      if (owed < 1) return scenario.sdk.answer(tokens);
      owed -= 1;
      throw scenario.sdk.conditionFailed();
    });
  } else {
    mock.send.resolves(scenario.sdk.answer(tokens));
  }

  const { handler } = await import(pathToFileURL(handlerFile).href);

  // The stub keeps every call (its arguments, result and a captured stack): over thousands of
  // invocations that history would load the garbage collector, a cost of the mock, not of the
  // handler. So it is drained every HISTORY_CHUNK invocations, between timed ones.
  const HISTORY_CHUNK = 100;
  let seenCalls = 0;
  let wrongCalls = 0;
  /** Counts the calls in the stub's history (and those that were not the command the handler sends), then clears it. */
  const drainCalls = () => {
    const calls = mock.calls();
    seenCalls += calls.length;
    wrongCalls += calls.filter((call) => !(call.args[0] instanceof sdkModule[sdk.command])).length;
    mock.resetHistory();
  };
  /** Checks that the stub saw exactly `expected` calls since the last check, each of the command the handler sends. */
  const checkCalls = (expected) => {
    drainCalls();
    const [seen, wrong] = [seenCalls, wrongCalls];
    [seenCalls, wrongCalls] = [0, 0];
    if (seen !== expected || wrong > 0) {
      throw new Error(
        `the ${sdk.clientClass} stub saw ${seen} calls (${wrong} not ${sdk.command}), expected ${expected}: the handler's client is not the stubbed class`,
      );
    }
    return seen;
  };

  let failures = 0;
  let failure;
  const scenarioContext = { httpApiEvent, tokens, identity: IDENTITY };
  const invoke = async (i, timed) => {
    const event = scenario.event(i, scenarioContext);
    const context = lambdaContext(fn);
    const cpu = timed ? process.cpuUsage() : undefined;
    const start = process.hrtime.bigint();
    const response = await handler(event, context);
    const elapsedUs = Number(process.hrtime.bigint() - start) / 1000;
    const used = timed ? process.cpuUsage(cpu) : undefined;
    if (!scenario.ok(response)) {
      failures += 1;
      failure ??= JSON.stringify(response).slice(0, 500);
    }
    return [elapsedUs, used ? used.user + used.system : 0];
  };

  for (let i = 0; i < warmup; i += 1) {
    await invoke(i, false);
    if ((i + 1) % HISTORY_CHUNK === 0) drainCalls();
  }
  const warmupCalls = checkCalls(warmup);

  await mark('warm-start');
  const codeGeneration = countCodeGeneration();
  const samplesUs = new Float64Array(iterations);
  let cpuUs = 0;
  for (let i = 0; i < iterations; i += 1) {
    const [elapsedUs, usedUs] = await invoke(warmup + i, true);
    samplesUs[i] = elapsedUs;
    cpuUs += usedUs;
    if ((i + 1) % HISTORY_CHUNK === 0) drainCalls();
  }
  const codeGenerations = codeGeneration.stop();
  await mark('warm-end');
  const mockCalls = checkCalls(iterations);
  if (failures > 0) throw new Error(`${failures} of ${warmup + iterations} invocations did not answer 200, e.g. ${failure}`);

  // Stage: the stubbed send() alone (command construction + the stub), i.e. what the mock itself
  // adds to the figure above.
  const Command = sdkModule[sdk.command];
  const client = new sdkModule[sdk.clientClass]({ region: process.env.AWS_REGION });
  const sampleInput = scenario.sdk.sampleInput;
  const sendAlone = async (i) => {
    await client.send(new Command(sampleInput)).catch(() => undefined);
    if ((i + 1) % HISTORY_CHUNK === 0) mock.resetHistory(); // as in the loop above (1 sample in HISTORY_CHUNK pays for it)
  };
  const mockSendUs = await timeCalls(sendAlone, stageIterations, Math.ceil(stageIterations / 10));
  mock.resetHistory();

  // Stage: verify() of the shared stack's verifier, configured as the handler's, on the same token.
  let verifyUs;
  if (verifierFile) {
    const { createAccessTokenVerifier } = await import(pathToFileURL(verifierFile).href);
    const verifier = createAccessTokenVerifier({
      userPoolId: process.env.COGNITO_USER_POOL_ID,
      clientId: process.env.COGNITO_CLIENT_ID,
      issuer: process.env.JWT_ISSUER,
      jwksUri: process.env.JWKS_URI,
      jwks: process.env.COGNITO_JWKS ? JSON.parse(process.env.COGNITO_JWKS) : undefined,
    });
    verifyUs = await timeCalls(() => verifier.verify(tokens.accessToken), stageIterations, Math.ceil(stageIterations / 10));
  }

  // One more loop of invocations, under the sampling profiler (not timed: the profiler slows it).
  // Its events are made before the profiler starts, so that the profile holds what the timed loop
  // times: the handler (and the stub), not the harness building events.
  let profile;
  if (profileOptions.iterations > 0) {
    const first = warmup + iterations;
    const prepared = Array.from({ length: profileOptions.iterations }, (_, i) => [scenario.event(first + i, scenarioContext), lambdaContext(fn)]);
    const profiler = await startCpuProfile(profileOptions.intervalUs);
    for (const [i, [event, context]] of prepared.entries()) {
      const response = await handler(event, context);
      if (!scenario.ok(response)) failures += 1;
      if ((i + 1) % HISTORY_CHUNK === 0) drainCalls();
    }
    const raw = await profiler.stop();
    if (failures > 0) throw new Error(`${failures} profiled invocations did not answer 200`);
    checkCalls(profileOptions.iterations);
    if (profileOptions.file) await writeFile(profileOptions.file, JSON.stringify(raw));
    profile = summarizeProfile(raw, { bundleFile: handlerFile, sourceOf: await sourceMapOfBundle(handlerFile), top: profileOptions.top, invocations: profileOptions.iterations });
  }
  mock.restore();

  sendResult({
    samplesUs,
    cpuUsPerRequest: cpuUs / iterations,
    codeGenerations,
    warmupCalls,
    mockCalls,
    mockSendUs,
    verifyUs,
    profile,
    maxRssKb: process.resourceUsage().maxRSS,
  });
} catch (error) {
  sendError(error);
}
