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

/**
 * A copy of `error` (same prototype and own properties) with its stack mapped, and its cause's
 * too; `error` itself when nothing changes.
 */
const mappedError = (error: Error): Error => {
  const stack = typeof error.stack === 'string' ? sourceMappedStack(error.stack) : error.stack;
  const cause = error.cause instanceof Error ? mappedError(error.cause) : error.cause;
  if (stack === error.stack && cause === error.cause) return error;
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  Object.defineProperties(copy, Object.getOwnPropertyDescriptors(error));
  Object.defineProperty(copy, 'stack', { value: stack, writable: true, configurable: true, enumerable: false });
  if (cause !== error.cause) Object.defineProperty(copy, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
  return copy;
};

/**
 * Wraps a Powertools `jsonReplacerFn` so that every logged error has its `stack` — and so the
 * `location` Powertools derives from it — mapped to the original source (see
 * {@link sourceMappedStack}), its causes' too: Powertools hands the replacer each `Error` before
 * formatting it. The logged error is a copy; the original keeps its stack.
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
  (key: string, value: unknown): unknown =>
    replacer(key, value instanceof Error ? mappedError(value) : value);
