// Warm cost of one function: the full stack and the bare handler, each in its own processes.
import { join } from 'node:path';
import { runChild } from './child.mjs';
import { diffCounts as diff, sumCounts as sum } from './fake-aws.mjs';
import { concat, mean, quantile, summary } from './stats.mjs';

const CHILD = join(import.meta.dirname, 'child-warm.mjs');

/**
 * Runs one warm child and returns its raw timings with what the fake endpoints saw between the
 * child's `warm-start` and `warm-end` marks (i.e. during the timed loop only).
 * @param {string} fn
 * @param {'full' | 'bare'} variant
 * @param {{ env: Record<string, string>, bareFile?: string, iterations: number, warmup: number, probes: number, accessToken: string, timeoutMs: number, counts: () => object }} options
 * @returns {Promise<object>}
 */
export const measureWarmOnce = async (fn, variant, { env, bareFile, iterations, warmup, probes, accessToken, timeoutMs, counts }) => {
  const marks = {};
  const result = await runChild(CHILD, [fn, variant, bareFile ?? '-', String(iterations), String(warmup), String(probes), accessToken], {
    env,
    timeoutMs,
    onMark: (name) => {
      marks[name] = counts();
    },
  });
  return { ...result, endpointCalls: diff(marks['warm-end'], marks['warm-start']) };
};

/** Pools the rounds of one variant: percentiles over all samples, counts summed, peaks maxed. */
const pool = (runs) => ({
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
});

/**
 * Measures the full stack and the bare handler in `rounds` rounds of one fresh process each,
 * in A-B-B-A order so that neither always runs first, and pools each variant's samples.
 * @param {string} fn
 * @param {{ rounds: number, onProgress?: (message: string) => void } & Parameters<typeof measureWarmOnce>[2]} options
 * @returns {Promise<{ full: object, bare: object }>}
 */
export const measureWarm = async (fn, { rounds, onProgress, ...options }) => {
  const runs = { full: [], bare: [] };
  for (let round = 0; round < rounds; round += 1) {
    for (const variant of round % 2 === 0 ? ['full', 'bare'] : ['bare', 'full']) {
      const run = await measureWarmOnce(fn, variant, options);
      runs[variant].push(run);
      onProgress?.(`${fn}: warm ${variant} round ${round + 1}/${rounds}: p50 ${quantile(run.samplesUs, 0.5).toFixed(0)} µs`);
    }
  }
  return { full: pool(runs.full), bare: pool(runs.bare) };
};
