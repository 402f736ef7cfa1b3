// Our own work per request: the unbundled handler with its AWS SDK call answered in-process by
// aws-sdk-client-mock, in fresh processes; plus stage timings and a CPU profile of the same loop.
import { join } from 'node:path';
import { runChild } from './child.mjs';
import { diffCounts, requestsTo, sumCounts } from './fake-aws.mjs';
import { concat, mean, quantile, summary } from './stats.mjs';

const CHILD = join(import.meta.dirname, 'child-own-work.mjs');

/** All requests the fakes counted, SDK endpoints and JWKS and probes alike. */
const ALL_ENDPOINTS = ['dynamodb', 'cognito', 'jwks', 'probes'];

/**
 * Measures the own work of `fn` in `rounds` fresh processes and pools their samples. Fails when an
 * invocation did not reach the stub, or the fake endpoints saw any request during a timed loop, or
 * any DynamoDB/Cognito request during a whole child.
 * @param {string} fn
 * @param {{
 *   rounds: number, env: Record<string, string>, execArgv: string[], scenarioFile: string, scenario: import('./scenario.mjs').Scenario, handlerFile: string, externals: Record<string, string>,
 *   verifierFile: string, iterations: number, warmup: number, stageIterations: number,
 *   tokens: { accessToken: string, idToken: string, refreshToken: string }, duplicateShare: number,
 *   profile: { iterations: number, intervalUs: number, top: number, dir?: string },
 *   timeoutMs: number, counts: () => object, onProgress?: (message: string) => void,
 * }} options
 * @returns {Promise<object>}
 */
export const measureOwnWork = async (fn, { rounds, env, execArgv, scenarioFile, scenario, handlerFile, externals, verifierFile, iterations, warmup, stageIterations, tokens, duplicateShare, profile, timeoutMs, counts, onProgress }) => {
  const call = scenario.sdk;
  if (!externals[call.module]) throw new Error(`${handlerFile} does not import ${call.module} from node_modules: nothing to stub`);
  const sdk = { moduleUrl: externals[call.module], clientClass: call.clientClass, command: call.command };

  const runs = [];
  for (let round = 0; round < rounds; round += 1) {
    const marks = {};
    const options = {
      fn,
      scenarioFile,
      handlerFile,
      verifierFile: scenario.verifiesToken ? verifierFile : undefined,
      sdk,
      iterations,
      warmup,
      stageIterations,
      tokens,
      duplicateShare,
      // One profiled loop per function is enough (the first round's).
      profile: {
        iterations: round === 0 ? profile.iterations : 0,
        intervalUs: profile.intervalUs,
        top: profile.top,
        file: profile.dir ? join(profile.dir, `${fn}-own-work.cpuprofile`) : undefined,
      },
    };
    const run = await runChild(CHILD, [JSON.stringify(options)], {
      env,
      execArgv,
      timeoutMs,
      onMark: (name) => {
        marks[name] = counts();
      },
    });
    marks.end = counts();
    const loopEndpointCalls = diffCounts(marks['warm-end'], marks['warm-start']);
    const childEndpointCalls = diffCounts(marks.end, marks.start);
    const loopRequests = requestsTo(loopEndpointCalls, ALL_ENDPOINTS);
    const sdkRequests = requestsTo(childEndpointCalls, ['dynamodb', 'cognito']);
    if (loopRequests > 0 || sdkRequests > 0) {
      throw new Error(
        `${fn}: own-work child reached the fake endpoints (${loopRequests} requests in the timed loop, ${sdkRequests} DynamoDB/Cognito requests in all): ${JSON.stringify(childEndpointCalls)}`,
      );
    }
    runs.push({ ...run, loopEndpointCalls, childEndpointCalls });
    onProgress?.(
      `${fn}: own work round ${round + 1}/${rounds}: p50 ${quantile(run.samplesUs, 0.5).toFixed(0)} µs; ${run.mockCalls} of ${iterations} invocations answered by the ${call.clientClass} stub, ${loopRequests} endpoint requests`,
    );
  }

  return {
    rounds: runs.length,
    method: `unbundled handler, ${call.clientClass}.prototype.send stubbed by aws-sdk-client-mock (${call.command})`,
    us: summary(concat(runs.map((run) => run.samplesUs))),
    roundP50sUs: runs.map((run) => quantile(run.samplesUs, 0.5)),
    cpuUsPerRequest: mean(runs.map((run) => run.cpuUsPerRequest)),
    codeGenerations: runs.reduce((total, run) => total + run.codeGenerations, 0),
    invocations: runs.length * iterations,
    mockCalls: runs.reduce((total, run) => total + run.mockCalls, 0),
    loopEndpointRequests: requestsTo(runs.map((run) => run.loopEndpointCalls).reduce(sumCounts), ALL_ENDPOINTS),
    childEndpointCalls: runs.map((run) => run.childEndpointCalls).reduce(sumCounts),
    maxRssKb: Math.max(...runs.map((run) => run.maxRssKb)),
    stages: {
      mockSendUs: summary(concat(runs.map((run) => run.mockSendUs))),
      verifyUs: scenario.verifiesToken ? summary(concat(runs.map((run) => run.verifyUs))) : null,
    },
    profile: runs[0].profile ?? null,
  };
};
