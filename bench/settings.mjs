// Knobs of the benchmark (environment variables) and its targets (bench/README.md, "Targets").
import { join, resolve } from 'node:path';

/** The repository root (this file is `bench/settings.mjs`). */
export const repoRoot = join(import.meta.dirname, '..');

/**
 * Scratch folder for unpacked zips and helper bundles, inside the repository but ignored by git and
 * eslint (under node_modules); removed at the end of a run.
 */
export const scratchDir = join(repoRoot, 'node_modules', '.cache', 'file-sla-bench');

const intFromEnv = (name, fallback, min) => {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min} (got "${raw}")`);
  return value;
};

const shareFromEnv = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!(value >= 0 && value <= 1)) throw new Error(`${name} must be a number from 0 to 1 (got "${raw}")`);
  return value;
};

const choiceFromEnv = (name, choices) => {
  const raw = process.env[name]?.trim();
  if (!raw) return choices[0];
  if (!choices.includes(raw)) throw new Error(`${name} must be one of ${choices.join(', ')} (got "${raw}")`);
  return raw;
};

/**
 * Reads the run's settings from the environment.
 * @returns {{ iterations: number, warmup: number, processes: number, warmRounds: number, probes: number, duplicateShare: number, childTimeoutMs: number, memoryInvocations: number, compareNodeOptions: string | null, baselineDist: string | null, baselineStart: 'deployed' | 'plain', cpuProfileDir: string | null }}
 */
export const readSettings = () => ({
  /** Timed in-process invocations per warm process, and per own-work process (BENCH_ITERATIONS, default 5000). */
  iterations: intFromEnv('BENCH_ITERATIONS', 5000, 1),
  /** Untimed invocations before them (BENCH_WARMUP, default 500). */
  warmup: intFromEnv('BENCH_WARMUP', 500, 0),
  /** Fresh processes per cold-start measurement, each for bundled and unbundled (BENCH_PROCESSES, default 20). */
  processes: intFromEnv('BENCH_PROCESSES', 20, 1),
  /** Warm processes per variant (full, bare), run A-B-B-A, and own-work processes; samples pooled (BENCH_WARM_ROUNDS, default 2). */
  warmRounds: intFromEnv('BENCH_WARM_ROUNDS', 2, 1),
  /** Plain HTTP round trips to the fake endpoint, to isolate its share (BENCH_PROBES, default 2000). */
  probes: intFromEnv('BENCH_PROBES', 2000, 1),
  /** Share of PutItem calls the fake DynamoDB refuses with ConditionalCheckFailedException (BENCH_DUPLICATE_SHARE, default 0). */
  duplicateShare: shareFromEnv('BENCH_DUPLICATE_SHARE', 0),
  /** A child that takes longer than this is killed and the run fails (BENCH_CHILD_TIMEOUT_MS, default 120000). */
  childTimeoutMs: intFromEnv('BENCH_CHILD_TIMEOUT_MS', 120_000, 1000),
  /** Invocations of the first full warm process in all, with the heap measured after a full GC along the way (BENCH_MEMORY_INVOCATIONS, default 20000; 0: off). */
  memoryInvocations: intFromEnv('BENCH_MEMORY_INVOCATIONS', 20_000, 0),
  /** Node options to compare against: each function is also cold-started with these added to its NODE_OPTIONS (BENCH_COMPARE_NODE_OPTIONS, e.g. "--enable-source-maps"; default none). */
  compareNodeOptions: process.env.BENCH_COMPARE_NODE_OPTIONS?.trim() || null,
  /** Another build's output folder (its `<fn>.zip` files, e.g. the previous commit's `dist`): each function is also cold-started from its zip there, alternated with this build's, started as `baselineStart` says (BENCH_BASELINE_DIST, default unset). */
  baselineDist: process.env.BENCH_BASELINE_DIST?.trim() ? resolve(process.env.BENCH_BASELINE_DIST) : null,
  /**
   * How the baseline build is started (BENCH_BASELINE_START): `deployed` (default), as this build; or
   * `plain`, as the bench before the Lambda runtime's arguments and modules were modelled started
   * every function — no runtime arguments, nothing loaded first — to set this build beside figures
   * taken that way.
   */
  baselineStart: choiceFromEnv('BENCH_BASELINE_START', ['deployed', 'plain']),
  /** Where to write raw V8 CPU profiles, if anywhere: each own-work loop's (`<fn>-own-work.cpuprofile`) and one deployed cold start's (`<fn>-cold-start.cpuprofile`) (BENCH_CPU_PROFILE_DIR, default unset). */
  cpuProfileDir: process.env.BENCH_CPU_PROFILE_DIR?.trim() ? resolve(process.env.BENCH_CPU_PROFILE_DIR) : null,
});

/** The performance targets (reported; the bench does not fail on them). */
export const TARGETS = {
  /** Minified bundle (`dist/<fn>/index.mjs`), bytes: 256 KiB. */
  bundleBytes: 256 * 1024,
  /** Cold path (init + first request) of an HTTP function with its deployed options, median, ms. */
  coldPathMs: 40,
  /** First request after init, median, ms. */
  firstRequestMs: 10,
  /** Module init, bundled / unbundled. */
  initRatio: 0.5,
  /** Warm p50, full stack / bare handler. */
  warmRatio: 1.3,
  /** Warm p50 of our own work (the unbundled handler with the SDK call answered in-process), µs: per request (HTTP), per record (event functions). */
  ownWorkP50Us: 100,
  /** JWKS fetches during the warm loop. */
  warmJwksFetches: 0,
  /** Schema compilations during the warm loop. */
  warmSchemaCompilations: 0,
};
