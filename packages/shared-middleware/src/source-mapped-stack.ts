import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath } from 'node:url';

/** `at name (location:line:column)`, `at location:line:column` or `at async location:line:column`. */
const FRAME = /^(\s*at (?:async )?(?:[^(]*? \()?)((?:file:\/\/)?\/[^():]+?\.m?js):(\d+):(\d+)(\)?)$/;

/** Per bundle file: its parsed source map, or `null` when it has none (or it cannot be read). */
const maps = new Map<string, SourceMap | null>();

const sourceMapOf = (file: string): SourceMap | null => {
  let map = maps.get(file);
  if (map !== undefined) return map;
  try {
    map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMapPayload);
  } catch {
    map = null;
  }
  maps.set(file, map);
  return map;
};

/**
 * A stack trace with every frame in a bundled file mapped to the original source file, line and
 * column, through the source map next to the bundle (`<file>.map`, as the build writes it). The map
 * is read and parsed the first time a stack of that file is resolved — when an error is logged —
 * not when the function starts, so the functions need not run with `--enable-source-maps` (whose
 * cost is paid at every cold start). Frames without a map, or already mapped, are kept as they are;
 * a line that is not a frame (the message) too.
 *
 * @param stack - an `Error.stack`
 *
 * @example
 * ```ts
 * sourceMappedStack(error.stack ?? '');
 * // "Error: boom\n    at report (packages/sla-error-lambda/src/handler.ts:41:11)\n…"
 * ```
 */
export const sourceMappedStack = (stack: string): string =>
  stack
    .split('\n')
    .map((line) => {
      const frame = FRAME.exec(line);
      if (!frame) return line;
      const [, head, location, lineText, columnText, tail] = frame as unknown as [string, string, string, string, string, string];
      const file = location.startsWith('file://') ? fileURLToPath(location) : location;
      const map = sourceMapOf(file);
      const origin = map?.findOrigin(Number(lineText), Number(columnText));
      if (!origin || !('fileName' in origin)) return line;
      return `${head}${origin.fileName}:${origin.lineNumber}:${origin.columnNumber}${tail}`;
    })
    .join('\n');

/** The first `(file:line:column)` of a stack, as Powertools' `location` (`file:line`). */
const locationOf = (stack: string): string | undefined => {
  for (const line of stack.split('\n')) {
    const match = /\(([^()]*?):(\d+?):(\d+?)\)\\?$/.exec(line);
    if (match) return `${match[1]}:${Number(match[2])}`;
  }
  return undefined;
};

/** An error as Powertools' formatter writes it: `stack` a string (an array of lines in dev mode) and its `location`. */
const isFormattedError = (value: unknown): value is { stack: string | string[]; location?: string } =>
  typeof value === 'object' &&
  value !== null &&
  'location' in value &&
  (typeof (value as { stack?: unknown }).stack === 'string' || Array.isArray((value as { stack?: unknown }).stack));

/** A copy of `error` (same prototype and own properties) with `stack` replaced. */
const withStack = (error: Error, stack: string): Error => {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  Object.defineProperties(copy, Object.getOwnPropertyDescriptors(error));
  Object.defineProperty(copy, 'stack', { value: stack, writable: true, configurable: true, enumerable: false });
  return copy;
};

/**
 * Wraps a Powertools `jsonReplacerFn` so that every logged error (causes included) has its
 * `stack` — and so the `location` Powertools derives from it — mapped to the original source
 * (see {@link sourceMappedStack}) before `replacer` sees it. Powertools hands the replacer the
 * `Error` itself before formatting it; an error already formatted (`stack` and `location`) is
 * mapped too. The logged error is a copy: the original keeps its stack.
 *
 * @param replacer - the replacer to run on the mapped values
 *
 * @example
 * ```ts
 * new Logger({ serviceName: 'my-fn', jsonReplacerFn: withSourceMappedErrors(redactingReplacer) });
 * ```
 */
export const withSourceMappedErrors =
  (replacer: (key: string, value: unknown) => unknown) =>
  (key: string, value: unknown): unknown => {
    if (value instanceof Error && typeof value.stack === 'string') {
      const stack = sourceMappedStack(value.stack);
      return replacer(key, stack === value.stack ? value : withStack(value, stack));
    }
    if (!isFormattedError(value)) return replacer(key, value);
    const stack = sourceMappedStack(Array.isArray(value.stack) ? value.stack.join('\n') : value.stack);
    const location = locationOf(stack) ?? value.location;
    return replacer(key, { ...value, location, stack: Array.isArray(value.stack) ? stack.split('\n') : stack });
  };
