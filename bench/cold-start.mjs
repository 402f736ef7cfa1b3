// Cold starts of one function: fresh processes that import the module and make the first call.
import { join } from 'node:path';
import { runChild } from './child.mjs';
import { median, quantile } from './stats.mjs';

const CHILD = join(import.meta.dirname, 'child-init.mjs');

/**
 * Imports `moduleFile` in one fresh process and invokes its handler once.
 * @param {string} moduleFile
 * @param {{ env: Record<string, string>, execArgv?: string[], plain?: boolean, invocation: { event: object, context: object }, timeoutMs: number }} options - `plain`: without loading first what the Lambda runtime has loaded
 * @returns {Promise<{ bootMs: number, initMs: number, firstRequestMs: number, statusCode: number, body?: string, maxRssKb: number, undiciLoaded: boolean, webStreamsLoaded: boolean, webCryptoLoaded: boolean }>}
 */
export const coldStartOnce = (moduleFile, { env, execArgv, plain = false, invocation, timeoutMs }) =>
  runChild(CHILD, [moduleFile, JSON.stringify(invocation), ...(plain ? ['plain'] : [])], { env, execArgv, timeoutMs });

const summarize = (runs) => {
  const coldPath = runs.map((run) => run.initMs + run.firstRequestMs);
  return {
    initMs: median(runs.map((run) => run.initMs)),
    initP90Ms: quantile(runs.map((run) => run.initMs), 0.9),
    firstRequestMs: median(runs.map((run) => run.firstRequestMs)),
    firstRequestP90Ms: quantile(runs.map((run) => run.firstRequestMs), 0.9),
    coldPathMs: median(coldPath),
    coldPathP90Ms: quantile(coldPath, 0.9),
    bootMs: median(runs.map((run) => run.bootMs)),
    maxRssKb: median(runs.map((run) => run.maxRssKb)),
    maxRssP90Kb: quantile(runs.map((run) => run.maxRssKb), 0.9),
    jwksFetches: median(runs.map((run) => run.jwksFetches)),
    connections: median(runs.map((run) => run.connections)),
    undiciLoaded: runs.filter((run) => run.undiciLoaded).length,
    webStreamsLoaded: runs.filter((run) => run.webStreamsLoaded).length,
    webCryptoLoaded: runs.filter((run) => run.webCryptoLoaded).length,
    runs,
  };
};

/**
 * Cold-starts each variant `processes` times (after one untimed start of each), rotating which
 * goes first, and counts what each process asked the fake endpoints for: the JWKS fetches and
 * the connection requests (`GET /`) of its warm-up. Every first call must succeed (`ok`).
 * @param {Record<string, { file: string, env: Record<string, string>, execArgv?: string[], plain?: boolean }>} variants - e.g. `deployed`, `unbundled`
 * @param {{ invocation: { event: object, context: object }, ok: (response: any) => boolean, processes: number, timeoutMs: number, counters: () => { jwksFetches: number, connections: number }, onProgress?: (done: number) => void }} options
 * @returns {Promise<Record<string, object>>} per variant: medians, p90s (and every run)
 */
export const measureColdStarts = async (variants, { invocation, ok, processes, timeoutMs, counters, onProgress }) => {
  const names = Object.keys(variants);
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  // One untimed start of each first, so that none pays for a cold file-system cache.
  for (const name of names) await coldStartOnce(variants[name].file, { ...variants[name], invocation, timeoutMs });
  for (let i = 0; i < processes; i += 1) {
    const order = names.map((_, k) => names[(i + k) % names.length]);
    for (const name of order) {
      const before = counters();
      const run = await coldStartOnce(variants[name].file, { ...variants[name], invocation, timeoutMs });
      if (!ok(run.response)) {
        throw new Error(`${name} ${variants[name].file}: first call answered ${run.statusCode}: ${run.body}`);
      }
      const after = counters();
      runs[name].push({ ...run, jwksFetches: after.jwksFetches - before.jwksFetches, connections: after.connections - before.connections });
    }
    onProgress?.(i + 1);
  }
  return Object.fromEntries(names.map((name) => [name, summarize(runs[name])]));
};
