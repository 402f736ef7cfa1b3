// An in-process V8 CPU profile (the inspector's Profiler, what `node --cpu-prof` writes, but
// around one loop only) and its summary: where the self time went, by function and by origin.
import { readFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';

/**
 * Starts sampling the CPU every `intervalUs` µs.
 * @param {number} intervalUs
 * @returns {Promise<{ stop: () => Promise<object> }>} `stop` ends it and resolves with the profile (`.cpuprofile` JSON)
 */
export const startCpuProfile = async (intervalUs) => {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop');
      await session.post('Profiler.disable');
      session.disconnect();
      return profile;
    },
  };
};

/**
 * Maps the lines of an unminified esbuild bundle to the workspace source they came from (esbuild
 * heads each file's part with a `// packages/…` comment).
 * @param {string} file
 * @returns {Promise<(line: number) => string | undefined>} 0-based line → source path
 */
export const sourceMapOfBundle = async (file) => {
  const starts = [];
  (await readFile(file, 'utf8')).split('\n').forEach((text, line) => {
    const match = /^\/\/ ((?:packages|bench)\/\S+)$/.exec(text);
    if (match) starts.push([line, match[1]]);
  });
  return (line) => {
    let source;
    for (const [start, path] of starts) {
      if (start > line) break;
      source = path;
    }
    return source;
  };
};

/** The npm package a node_modules path belongs to (`…/node_modules/@scope/name/…` → `@scope/name`). */
const packageOf = (path) => {
  const rest = path.slice(path.lastIndexOf('/node_modules/') + '/node_modules/'.length).split('/');
  return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
};

/**
 * Where a profile node's code lives: our source file, an npm package, Node's internals, V8.
 * @param {{ functionName: string, url: string, lineNumber: number }} callFrame
 * @param {{ bundleFile: string, sourceOf: (line: number) => string | undefined }} ours
 * @returns {{ origin: string, where: string }}
 */
const locate = ({ functionName, url, lineNumber }, ours) => {
  if (url === '') return functionName.startsWith('(') ? { origin: functionName, where: '' } : { origin: 'V8 builtins', where: '(native)' };
  if (url.startsWith('node:')) return { origin: 'Node.js internals', where: url };
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  if (path === ours.bundleFile) {
    const source = ours.sourceOf(lineNumber) ?? 'handler.mjs';
    return { origin: `ours: ${source}`, where: `${source} (handler.mjs:${lineNumber + 1})` };
  }
  if (path.includes('/node_modules/')) {
    const name = packageOf(path);
    return { origin: name, where: `${name}/${path.slice(path.lastIndexOf(`/node_modules/${name}/`) + `/node_modules/${name}/`.length)}:${lineNumber + 1}` };
  }
  return { origin: 'bench harness', where: `${path.slice(path.lastIndexOf('/') + 1)}:${lineNumber + 1}` };
};

/**
 * Self time per function and per origin (our source files one by one, each npm package, Node's
 * internals, V8 builtins, garbage collector…), largest first.
 * @param {{ nodes: object[], samples: number[], timeDeltas: number[] }} profile
 * @param {{ bundleFile: string, sourceOf: (line: number) => string | undefined, top: number, invocations: number }} options
 * @returns {{ totalMs: number, samples: number, usPerInvocation: number, byOrigin: object[], topFunctions: object[] }}
 */
export const summarizeProfile = (profile, { top, invocations, ...ours }) => {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  // A sample's time is the gap to the next sample (as DevTools counts it).
  for (let i = 0; i < profile.samples.length - 1; i += 1) {
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + profile.timeDeltas[i + 1]);
  }
  const totalUs = [...selfUs.values()].reduce((total, us) => total + us, 0);
  const functions = new Map();
  const origins = new Map();
  for (const [id, us] of selfUs) {
    const { callFrame } = nodes.get(id);
    const { origin, where } = locate(callFrame, ours);
    const name = callFrame.functionName || '(anonymous)';
    const key = `${name} ${where} ${callFrame.columnNumber}`;
    const entry = functions.get(key) ?? { function: name, where, origin, selfUs: 0 };
    entry.selfUs += us;
    functions.set(key, entry);
    origins.set(origin, (origins.get(origin) ?? 0) + us);
  }
  const share = (us) => Math.round((us / totalUs) * 1000) / 10;
  const perCall = (us) => Math.round((us / invocations) * 10) / 10;
  return {
    totalMs: totalUs / 1000,
    samples: profile.samples.length,
    usPerInvocation: totalUs / invocations,
    byOrigin: [...origins]
      .map(([origin, us]) => ({ origin, selfMs: us / 1000, sharePct: share(us), usPerInvocation: perCall(us) }))
      .sort((a, b) => b.selfMs - a.selfMs),
    topFunctions: [...functions.values()]
      .sort((a, b) => b.selfUs - a.selfUs)
      .slice(0, top)
      .map(({ selfUs: us, ...entry }) => ({ ...entry, selfMs: us / 1000, sharePct: share(us), usPerInvocation: perCall(us) })),
  };
};
