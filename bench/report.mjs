// Turns the measurements into rows, target checks and the Markdown table.
import { TARGETS } from './settings.mjs';

const int = (value) => Math.round(value).toLocaleString('en-US');
const fixed = (digits) => (value) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const bytes = (value) => `${int(value)} (${(value / 1024).toFixed(1)} KiB)`;
const mb = (kb) => `${(kb / 1024).toFixed(1)}`;

/**
 * The checked targets per function: value, limit, met, and by how much it is missed. A target
 * that does not apply (no bare baseline, the cold-path target of a non-HTTP function) is left out.
 * The cold-path and first-request checks also carry the bare baseline's figure (`bare`), when the
 * scenario has one: the same SDK call without Middy and the shared stack, on the same machine.
 * @param {object} fnResult - one entry of `results.functions`
 * @returns {Array<{ id: string, label: string, value: number, limit: number, met: boolean, missBy: number | null, bare?: number }>}
 */
export const targetChecks = (fnResult) => {
  const check = (id, label, value, limit, bare) => ({ id, label, value, limit, met: value <= limit, missBy: value <= limit ? null : value - limit, ...(bare === undefined ? {} : { bare }) });
  const deployed = fnResult.coldStart.deployed;
  const bare = fnResult.coldStart.bare;
  return [
    check('bundleBytes', 'bundle bytes (minified)', fnResult.bundle.rawBytes, TARGETS.bundleBytes),
    ...(fnResult.kind === 'http' ? [check('coldPathMs', 'cold path ms (init + first request, deployed options, median)', deployed.coldPathMs, TARGETS.coldPathMs, bare?.coldPathMs)] : []),
    check('firstRequestMs', 'first request ms (deployed options, median)', deployed.firstRequestMs, TARGETS.firstRequestMs, bare?.firstRequestMs),
    check('initRatio', 'init ratio bundled/unbundled', fnResult.coldStart.ratio, TARGETS.initRatio),
    ...(fnResult.warm.ratioP50 === null ? [] : [check('warmRatio', 'warm p50 ratio full/bare', fnResult.warm.ratioP50, TARGETS.warmRatio)]),
    // Per request for an HTTP function; per record for an event function, whose invocation is a batch.
    ...(fnResult.warm.ownWork && !fnResult.recordsPerInvocation ? [check('ownWorkP50Us', 'own-work p50 µs (SDK answered in-process)', fnResult.warm.ownWorkP50Us, TARGETS.ownWorkP50Us)] : []),
    ...(fnResult.warm.ownWork && fnResult.recordsPerInvocation
      ? [check('ownWorkPerRecordP50Us', 'own-work p50 µs per record (SDK answered in-process)', fnResult.warm.ownWorkP50Us / fnResult.recordsPerInvocation, TARGETS.ownWorkP50Us)]
      : []),
    check('warmJwksFetches', 'JWKS fetches, warm loop', fnResult.warm.jwksFetches, TARGETS.warmJwksFetches),
    check('warmSchemaCompilations', 'schema compilations, warm loop', fnResult.warm.schemaCompilations, TARGETS.warmSchemaCompilations),
  ];
};

/**
 * One row per figure: label, one value per function, the target (if any) and whether each
 * function meets it.
 * @param {{ functions: Record<string, object>, settings: object }} results
 * @returns {Array<{ metric: string, values: string[], target: string, met: Array<boolean | null> }>}
 */
export const buildRows = (results) => {
  const fns = Object.keys(results.functions);
  const { processes, iterations, warmRounds } = results.settings;
  const row = (metric, format, pick, target = '—', checkId) => ({
    metric,
    values: fns.map((fn) => {
      const value = pick(results.functions[fn]);
      return value === null || value === undefined ? 'n/a' : format(value);
    }),
    target,
    met: fns.map((fn) => (checkId ? (results.functions[fn].targets.find((t) => t.id === checkId)?.met ?? null) : null)),
  });
  const ms = fixed(1);
  const us = fixed(0);
  const ratio = fixed(3);
  const pair = (format) => ([a, b]) => `${format(a)} / ${format(b)}`;
  const kib = (value) => `${(value / 1024).toFixed(1)}`;
  return [
    row('Kind, memory MB → Lambda runtime heap limits', (value) => value, (f) => `${f.kind}, ${f.memoryMb} → ${f.runtimeArgs.filter((a) => a.includes('space')).join(' ')}`),
    row('NODE_OPTIONS (from the manifest)', (value) => value, (f) => f.nodeOptions ?? 'none'),
    row('Bundle bytes, raw (`dist/<fn>/index.mjs`)', bytes, (f) => f.bundle.rawBytes, `≤ ${int(TARGETS.bundleBytes)} (256 KiB)`, 'bundleBytes'),
    row('Bundle bytes, gzip', bytes, (f) => f.bundle.gzipBytes),
    row('Zip bytes (`dist/<fn>.zip`)', bytes, (f) => f.bundle.zipBytes),
    row('Bare handler bundle bytes (same build options)', bytes, (f) => f.bareBundleBytes),
    row(`**Cold path ms = init + first request, deployed (median / p90 of ${processes})**`, pair(ms), (f) => [f.coldStart.deployed.coldPathMs, f.coldStart.deployed.coldPathP90Ms], `≤ ${TARGETS.coldPathMs} (HTTP)`, 'coldPathMs'),
    row('Module init ms, deployed (median / p90)', pair(ms), (f) => [f.coldStart.deployed.initMs, f.coldStart.deployed.initP90Ms]),
    row('First request ms, deployed (median / p90)', pair(ms), (f) => [f.coldStart.deployed.firstRequestMs, f.coldStart.deployed.firstRequestP90Ms], `≤ ${TARGETS.firstRequestMs}`, 'firstRequestMs'),
    row('First request / warm p50 (deployed)', (value) => `${value.toFixed(1)} ×`, (f) => f.firstRequestPerWarmP50),
    row('Cold path ms, bare handler, deployed options (median / p90)', pair(ms), (f) => (f.coldStart.bare ? [f.coldStart.bare.coldPathMs, f.coldStart.bare.coldPathP90Ms] : null)),
    row('… init / first request ms, bare handler (median)', pair(ms), (f) => (f.coldStart.bare ? [f.coldStart.bare.initMs, f.coldStart.bare.firstRequestMs] : null)),
    row('Cold path ms without NODE_OPTIONS (median / p90)', pair(ms), (f) => (f.nodeOptions ? [f.coldStart.withoutNodeOptions.coldPathMs, f.coldStart.withoutNodeOptions.coldPathP90Ms] : null)),
    ...(results.settings.baselineDist
      ? [
          row(`Cold path ms, baseline build (BENCH_BASELINE_DIST, started ${results.settings.baselineStart === 'plain' ? 'plain' : 'as deployed'}; median / p90)`, pair(ms), (f) => (f.coldStart.baseline ? [f.coldStart.baseline.coldPathMs, f.coldStart.baseline.coldPathP90Ms] : null)),
          row('… init / first request ms, baseline build (median)', pair(ms), (f) => (f.coldStart.baseline ? [f.coldStart.baseline.initMs, f.coldStart.baseline.firstRequestMs] : null)),
          row('This build / baseline: cold path, init, first request (medians)', (values) => values.map(ratio).join(' / '), (f) =>
            f.coldStart.baseline ? ['coldPathMs', 'initMs', 'firstRequestMs'].map((key) => f.coldStart.deployed[key] / f.coldStart.baseline[key]) : null),
        ]
      : []),
    ...(results.settings.compareNodeOptions
      ? [
          row(`Cold path ms with NODE_OPTIONS + "${results.settings.compareNodeOptions}" (median / p90)`, pair(ms), (f) => [f.coldStart.compared.coldPathMs, f.coldStart.compared.coldPathP90Ms]),
          row(`Module init / first request ms with "${results.settings.compareNodeOptions}" (median)`, pair(ms), (f) => [f.coldStart.compared.initMs, f.coldStart.compared.firstRequestMs]),
        ]
      : []),
    row('Module init ms without NODE_OPTIONS, bundled / unbundled (median)', pair(ms), (f) => [f.coldStart.withoutNodeOptions.initMs, f.coldStart.unbundled.initMs]),
    row('Init ratio bundled / unbundled (both without NODE_OPTIONS)', ratio, (f) => f.coldStart.ratio, `≤ ${TARGETS.initRatio}`, 'initRatio'),
    row('First request ms, unbundled (median)', ms, (f) => f.coldStart.unbundled.firstRequestMs),
    row('JWKS fetches per cold start (median)', int, (f) => f.coldStart.deployed.jwksFetches),
    row('Connections opened at init per cold start (warm-up `GET /`, median)', int, (f) => f.coldStart.deployed.connections),
    row('Cold starts that loaded undici (Node fetch)', (value) => value, (f) => `${f.coldStart.deployed.undiciLoaded} of ${f.coldStart.deployed.runs.length}`),
    row('Cold starts that loaded web streams / Web Crypto', (value) => value, (f) => `${f.coldStart.deployed.webStreamsLoaded} / ${f.coldStart.deployed.webCryptoLoaded} of ${f.coldStart.deployed.runs.length}`),
    row('Peak RSS MiB, cold start deployed (median / p90)', pair(mb), (f) => [f.coldStart.deployed.maxRssKb, f.coldStart.deployed.maxRssP90Kb]),
    row('Peak RSS MiB, cold start unbundled (median)', mb, (f) => f.coldStart.unbundled.maxRssKb),
    row(`Warm µs p50, full stack (${warmRounds} × ${int(iterations)} calls)`, us, (f) => f.warm.full.us.p50),
    row('Warm µs p99, full stack', us, (f) => f.warm.full.us.p99),
    row('Warm µs p50 per record (event functions)', us, (f) => (f.recordsPerInvocation ? f.warm.full.us.p50 / f.recordsPerInvocation : null)),
    row('Warm µs p50, bare handler', us, (f) => f.warm.bare?.us.p50),
    row('Warm µs p99, bare handler', us, (f) => f.warm.bare?.us.p99),
    row('Warm ratio full / bare (p50)', ratio, (f) => f.warm.ratioP50, `≤ ${TARGETS.warmRatio}`, 'warmRatio'),
    row('Warm ratio full / bare (p99)', ratio, (f) => f.warm.ratioP99),
    row('Fake endpoint round trip µs p50 (plain HTTP)', us, (f) => (f.warm.full.roundTripUs.count > 0 ? f.warm.full.roundTripUs.p50 : null)),
    row('SDK + own work µs p50, full stack (p50 − round trip)', us, (f) => f.warm.sdkPlusOwnWorkP50Us),
    row('SDK + own work µs p50, bare handler (p50 − round trip)', us, (f) => f.warm.bareSdkPlusOwnWorkP50Us),
    row(
      `Own work µs p50 (SDK answered in-process; unbundled, ${warmRounds} × ${int(iterations)} calls)`,
      us,
      (f) => f.warm.ownWork?.us.p50,
      `≤ ${TARGETS.ownWorkP50Us}`,
      'ownWorkP50Us',
    ),
    row(
      'Own work µs p50 per record (event functions)',
      us,
      (f) => (f.warm.ownWork && f.recordsPerInvocation ? f.warm.ownWork.us.p50 / f.recordsPerInvocation : null),
      `≤ ${TARGETS.ownWorkP50Us}`,
      'ownWorkPerRecordP50Us',
    ),
    row('Own work µs p99 (SDK answered in-process)', us, (f) => f.warm.ownWork?.us.p99),
    row('… of which JWT `verify()` µs p50 / p99 (shared verifier, same token, alone)', (value) => value, (f) => (f.warm.ownWork?.stages.verifyUs ? `${us(f.warm.ownWork.stages.verifyUs.p50)} / ${us(f.warm.ownWork.stages.verifyUs.p99)}` : 'n/a')),
    row('… of which the stub: `new Command` + stubbed `send()` µs p50 (alone)', fixed(1), (f) => f.warm.ownWork?.stages.mockSendUs.p50),
    row('CPU µs per request, own work (mean)', us, (f) => f.warm.ownWork?.cpuUsPerRequest),
    row(
      'Own-work loop: invocations answered by the SDK stub / fake endpoint requests',
      (value) => value,
      (f) => (f.warm.ownWork ? `${int(f.warm.ownWork.mockCalls)} of ${int(f.warm.ownWork.invocations)} / ${int(f.warm.ownWork.loopEndpointRequests)}` : null),
    ),
    row('Stack overhead µs p50 (full − bare)', us, (f) => (f.warm.bare ? f.warm.full.us.p50 - f.warm.bare.us.p50 : null)),
    row('CPU µs per request, full stack (mean)', us, (f) => f.warm.full.cpuUsPerRequest),
    row('CPU µs per request, bare handler (mean)', us, (f) => f.warm.bare?.cpuUsPerRequest),
    row('CPU µs per plain round trip (mean)', us, (f) => f.warm.full.roundTripCpuUs),
    row('Heap used after full GC, KiB: first / last checkpoint of the long run', pair(kib), (f) => (f.warm.full.memory ? [f.warm.full.memory.firstHeapAfterGcKb * 1024, f.warm.full.memory.lastHeapAfterGcKb * 1024] : null)),
    row('… growth over the long run, KiB (invocations)', (value) => value, (f) => (f.warm.full.memory ? `${f.warm.full.memory.heapGrowthKb >= 0 ? '+' : ''}${f.warm.full.memory.heapGrowthKb.toFixed(0)} (${int(f.warm.full.memory.invocations)})` : null)),
    row('RSS MiB at the end of the long run / peak RSS MiB, warm full stack (Lambda heap limits)', pair(mb), (f) => (f.warm.full.memory ? [f.warm.full.memory.lastRssKb, f.warm.full.maxRssKb] : null)),
    row('Peak RSS MiB, warm bare handler', mb, (f) => f.warm.bare?.maxRssKb),
    row('JWKS fetches, warm loop (full stack)', int, (f) => f.warm.jwksFetches, `${TARGETS.warmJwksFetches}`, 'warmJwksFetches'),
    row(
      'Schema compilations, warm loop (full stack)',
      (value) => value,
      (f) => `${f.warm.schemaCompilations} (Ajv compiler in bundle: ${f.bundle.schemaCompilerMarkers.length === 0 ? 'no' : 'YES'}; new Function calls: ${f.warm.full.codeGenerations})`,
      `${TARGETS.warmSchemaCompilations}`,
      'warmSchemaCompilations',
    ),
  ];
};

const cell = (text) => String(text).replace(/\|/g, '\\|');

/**
 * The rows as a Markdown table: metric, one column per function, target, and one "met" column
 * per function (✅ met, ❌ missed, blank: no target).
 * @param {string[]} fns
 * @param {ReturnType<typeof buildRows>} rows
 * @returns {string}
 */
export const toMarkdown = (fns, rows) => {
  const header = ['Metric', ...fns, 'Target', ...fns.map((fn) => `Met (${fn})`)];
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : i <= fns.length ? '---:' : ':---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${[row.metric, ...row.values, row.target, ...row.met.map((met) => (met === null ? '' : met ? '✅' : '❌'))].map(cell).join(' | ')} |`),
  ];
  return lines.join('\n');
};

/**
 * One line per missed target: which, by how much (and, for the cold path and the first request,
 * the bare baseline's figure: whether the target is within reach of the SDK call alone here).
 * @param {Record<string, object>} functions
 * @returns {string[]}
 */
export const missedTargets = (functions) =>
  Object.entries(functions).flatMap(([fn, result]) =>
    result.targets
      .filter((target) => !target.met)
      .map((target) => {
        const value = Number.isInteger(target.value) ? int(target.value) : target.value.toFixed(3);
        const over = Number.isInteger(target.missBy) ? int(target.missBy) : target.missBy.toFixed(3);
        const relative = target.limit > 0 ? ` (${((target.value / target.limit - 1) * 100).toFixed(0)} %)` : '';
        const bare = target.bare === undefined ? '' : `; the bare handler's: ${target.bare.toFixed(3)}${target.bare > target.limit ? ' (over it too)' : ''}`;
        return `${fn}: ${target.label} = ${value}, target ≤ ${target.limit}: over by ${over}${relative}${bare}`;
      }),
  );

/**
 * Where the own-work loop's CPU time went, per function: self time by origin (our source files,
 * npm packages, Node, V8, GC) and the top functions, from the V8 profile of one profiled loop.
 * @param {Record<string, object>} functions
 * @returns {string} Markdown
 */
export const profileSummary = (functions) => {
  const sections = Object.entries(functions).flatMap(([fn, result]) => {
    const profile = result.warm.ownWork?.profile;
    if (!profile) return [];
    const origins = profile.byOrigin.slice(0, 10).map((entry) => `${entry.origin} ${entry.sharePct} % (${entry.usPerInvocation} µs)`);
    const top = profile.topFunctions
      .slice(0, 8)
      .map((entry) => `\`${entry.function}\` ${entry.where ? `(${entry.where}) ` : ''}${entry.sharePct} % (${entry.usPerInvocation} µs)`);
    return [
      `- **${fn}**: ${profile.usPerInvocation.toFixed(0)} µs sampled per invocation. By origin: ${origins.join('; ')}.`,
      `  Top self time: ${top.join('; ')}.`,
    ];
  });
  return sections.length === 0 ? '' : `Own-work CPU profile (self time, one profiled loop; µs per invocation in brackets; \`results.json\` → \`warm.ownWork.profile\`):\n${sections.join('\n')}`;
};
