import { badRequest, type HttpProblem } from './errors.js';

type Frame = { kind: 'object'; names: Set<string>; name: string } | { kind: 'array'; index: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** The JSON Pointer of the container on top of `stack` (each enclosing frame's current name or index). */
const pointerOf = (stack: readonly Frame[]): string =>
  stack
    .slice(0, -1)
    .map((frame) => `/${frame.kind === 'object' ? escapePointer(frame.name) : frame.index}`)
    .join('');

/** Where the string that opens at `start` closes (the index of its closing quote). */
const stringEnd = (text: string, start: number): number => {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return text.length;
    let backslashes = 0;
    for (let i = quote - 1; text.charCodeAt(i) === BACKSLASH; i -= 1) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
};

const duplicate = (pointer: string, name: string, caseInsensitive: boolean): HttpProblem => {
  const note = caseInsensitive ? ' (names are case-insensitive)' : '';
  return badRequest(`Property "${name.slice(0, 100)}" appears more than once at "${pointer || '/'}"${note}.`, [
    { path: `${pointer}/${escapePointer(name)}`, message: `appears more than once${note}` },
  ]);
};

/**
 * `400` naming the first property that appears twice in one object of a JSON text — which
 * `JSON.parse` would silently collapse to its last value — or `undefined`. Reads the text once,
 * without parsing it (names with escapes are decoded), so it is linear in its length; call it on
 * text that `JSON.parse` accepted.
 *
 * @example
 * ```ts
 * duplicateNameIn('{"fileName":"a.csv","fileName":"b.csv"}'); // 400: Property "fileName" appears more than once at "/".
 * ```
 */
export const duplicateNameIn = (text: string): HttpProblem | undefined => {
  const stack: Frame[] = [];
  let expectName = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (char === QUOTE) {
      const end = stringEnd(text, i);
      const top = stack.at(-1);
      if (expectName && top?.kind === 'object') {
        const raw = text.slice(i + 1, end);
        const name = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (top.names.has(name)) return duplicate(pointerOf(stack), name, false);
        top.names.add(name);
        top.name = name;
        expectName = false;
      }
      i = end;
    } else if (char === 0x7b) {
      stack.push({ kind: 'object', names: new Set(), name: '' });
      expectName = true;
    } else if (char === 0x5b) {
      stack.push({ kind: 'array', index: 0 });
      expectName = false;
    } else if (char === 0x7d || char === 0x5d) {
      stack.pop();
      expectName = false;
    } else if (char === 0x2c) {
      const top = stack.at(-1);
      if (top?.kind === 'object') expectName = true;
      else if (top) top.index += 1;
    }
  }
  return undefined;
};

/**
 * `400` naming the first property whose name appears twice in one object of a parsed JSON value
 * when case is ignored (`fileName` and `FileName`), at any depth, or `undefined`. Linear in the
 * size of the value.
 *
 * @example
 * ```ts
 * caseInsensitiveDuplicateIn({ details: { Attempt: 1, attempt: 2 } }); // 400 naming /details/attempt
 * ```
 */
export const caseInsensitiveDuplicateIn = (value: unknown): HttpProblem | undefined => {
  // Each node links to its parent, so a pointer is spelt out only for the duplicate found.
  interface Node {
    item: unknown;
    parent: Node | undefined;
    segment: string;
  }
  const pointerTo = (node: Node): string => {
    const segments: string[] = [];
    for (let at: Node | undefined = node; at?.parent; at = at.parent) segments.push(`/${at.segment}`);
    return segments.reverse().join('');
  };
  const pending: Node[] = [{ item: value, parent: undefined, segment: '' }];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    const { item } = node;
    if (typeof item !== 'object' || item === null) continue;
    if (Array.isArray(item)) {
      for (let index = item.length - 1; index >= 0; index -= 1) pending.push({ item: item[index], parent: node, segment: String(index) });
      continue;
    }
    const names = Object.keys(item);
    const seen = new Set<string>();
    for (const name of names) {
      const lower = name.toLowerCase();
      if (seen.has(lower)) return duplicate(pointerTo(node), name, true);
      seen.add(lower);
    }
    for (let index = names.length - 1; index >= 0; index -= 1) {
      const name = names[index]!;
      pending.push({ item: (item as Record<string, unknown>)[name], parent: node, segment: escapePointer(name) });
    }
  }
  return undefined;
};
