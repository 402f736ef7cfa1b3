// Warm cost of one function: the full stack and the bare handler, each in its own processes,
// started with the Node arguments the Lambda runtime gives the function's memory size.
import { join } from 'node:path';
import { runChild } from './child.mjs';
import { diffCounts as diff, sumCounts as sum } from './fake-aws.mjs';
import { concat, mean, quantile, summary } from './stats.mjs';

const CHILD = join(import.meta.dirname, 'child-warm.mjs');

/**
 * Runs one warm child and returns its raw timings with what the fake endpoints saw between the
 * child's `warm-start` and `warm-end` marks (i.e. during the timed loop only).
 * @param {{ file: string, scenarioFile: string, env: Record<string, string>, execArgv: string[], iterations: number, warmup: number, probes: number, tokens: object, endpoint: string, memoryInvocations: number, memoryCheckpoints: number, timeoutMs: number, counts: () => object }} options
 * @returns {Promise<object>}
 */
export const measureWarmOnce = async ({ env, execArgv, timeoutMs, counts, ...options }) => {
  const marks = {};
  const result = await runChild(CHILD, [JSON.stringify(options)], {
    env,
    execArgv,
    timeoutMs,
    onMark: (name) => {
      marks[name] = counts();
    },
  });
  return { ...result, endpointCalls: diff(marks['warm-end'], marks['warm-start']) };
};

/** Pools the rounds of one variant: percentiles over all samples, counts summed, peaks maxed. */
const pool = (runs) => {
  const memory = runs.find((run) => run.heapAfterGcKb.length > 0)?.heapAfterGcKb ?? [];
  return {
    rounds: runs.length,
    us: summary(concat(runs.map((run) => run.samplesUs))),
    roundTripUs: summary(concat(runs.map((run) => run.roundTripSamplesUs))),
    cpuUsPerRequest: mean(runs.map((run) => run.cpuUsPerRequest)),
    roundTripCpuUs: mean(runs.map((run) => run.roundTripCpuUs)),
    codeGenerations: runs.reduce((total, run) => total + run.codeGenerations, 0),
    maxRssKb: Math.max(...runs.map((run) => run.maxRssKb)),
    heapUsedKb: Math.max(...runs.map((run) => run.heapUsedKb)),
    endpointCalls: runs.map((run) => run.endpointCalls).reduce(sum),
    roundP50sUs: runs.map((run) => quantile(run.samplesUs, 0.5)),
    memory: memory.length === 0
      ? null
      : {
          checkpoints: memory,
          invocations: memory.at(-1).invocations,
          firstHeapAfterGcKb: memory[0].heapUsedKb,
          lastHeapAfterGcKb: memory.at(-1).heapUsedKb,
          heapGrowthKb: memory.at(-1).heapUsedKb - memory[0].heapUsedKb,
          lastRssKb: memory.at(-1).rssKb,
        },
  };
};

/**
 * Measures the full stack and (if there is one) the bare handler in `rounds` rounds of one fresh
 * process each, in A-B-B-A order so that neither always runs first, and pools each variant's
 * samples. The first full round also makes the long run for memory.
 * @param {{ full: string, bare?: string }} files
 * @param {{ rounds: number, memoryInvocations: number, onProgress?: (message: string) => void } & Omit<Parameters<typeof measureWarmOnce>[0], 'file' | 'memoryInvocations'>} options
 * @returns {Promise<{ full: object, bare: object | null }>}
 */
export const measureWarm = async (files, { rounds, memoryInvocations, onProgress, ...options }) => {
  const variants = files.bare ? ['full', 'bare'] : ['full'];
  const runs = { full: [], bare: [] };
  for (let round = 0; round < rounds; round += 1) {
    for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) {
      const memory = variant === 'full' && round === 0 ? memoryInvocations : 0;
      const run = await measureWarmOnce({ ...options, file: files[variant], memoryInvocations: memory });
      runs[variant].push(run);
      onProgress?.(`warm ${variant} round ${round + 1}/${rounds}: p50 ${quantile(run.samplesUs, 0.5).toFixed(0)} µs${memory ? `, ${run.invocations} invocations for memory` : ''}`);
    }
  }
  return { full: pool(runs.full), bare: files.bare ? pool(runs.bare) : null };
};
