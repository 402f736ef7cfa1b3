// Cold starts of one function: fresh processes that import the module and make the first call.
import { join } from 'node:path';
import { runChild } from './child.mjs';
import { median } from './stats.mjs';

const CHILD = join(import.meta.dirname, 'child-init.mjs');

/**
 * Imports `moduleFile` in one fresh process and invokes its handler once.
 * @param {string} moduleFile
 * @param {{ env: Record<string, string>, invocation: { event: object, context: object }, timeoutMs: number }} options
 * @returns {Promise<{ bootMs: number, initMs: number, firstRequestMs: number, statusCode: number, body?: string, maxRssKb: number }>}
 */
export const coldStartOnce = (moduleFile, { env, invocation, timeoutMs }) =>
  runChild(CHILD, [moduleFile, JSON.stringify(invocation)], { env, timeoutMs });

const summarize = (runs) => ({
  initMs: median(runs.map((run) => run.initMs)),
  firstRequestMs: median(runs.map((run) => run.firstRequestMs)),
  bootMs: median(runs.map((run) => run.bootMs)),
  maxRssKb: median(runs.map((run) => run.maxRssKb)),
  jwksFetches: median(runs.map((run) => run.jwksFetches)),
  runs,
});

/**
 * Cold-starts the bundle and the unbundled source `processes` times each (after one untimed start
 * of each), alternating which goes first, and counts the JWKS fetches of each process at the fake endpoint. Every first call must
 * answer 200.
 * @param {{ bundled: string, unbundled: string }} modules - files to import
 * @param {{ env: Record<string, string>, invocation: { event: object, context: object }, processes: number, timeoutMs: number, jwksFetches: () => number, onProgress?: (done: number) => void }} options
 * @returns {Promise<{ bundled: object, unbundled: object, ratio: number }>} medians (and every run)
 */
export const measureColdStarts = async (modules, { env, invocation, processes, timeoutMs, jwksFetches, onProgress }) => {
  const runs = { bundled: [], unbundled: [] };
  // One untimed start of each first, so that neither pays for a cold file-system cache.
  for (const kind of ['bundled', 'unbundled']) await coldStartOnce(modules[kind], { env, invocation, timeoutMs });
  for (let i = 0; i < processes; i += 1) {
    const order = i % 2 === 0 ? ['bundled', 'unbundled'] : ['unbundled', 'bundled'];
    for (const kind of order) {
      const before = jwksFetches();
      const run = await coldStartOnce(modules[kind], { env, invocation, timeoutMs });
      if (run.statusCode !== 200) throw new Error(`${kind} ${modules[kind]}: first call answered ${run.statusCode}: ${run.body}`);
      runs[kind].push({ ...run, jwksFetches: jwksFetches() - before });
    }
    onProgress?.(i + 1);
  }
  const bundled = summarize(runs.bundled);
  const unbundled = summarize(runs.unbundled);
  return { bundled, unbundled, ratio: bundled.initMs / unbundled.initMs };
};
