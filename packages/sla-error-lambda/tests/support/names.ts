import fc from 'fast-check';
import { anyString } from '@file-sla/test-support';

/**
 * Separators and escapes a key format could split on: `#` (the old `fileKey` separator), the
 * backslash, other usual separators, quotes and JSON escapes.
 */
export const SEPARATORS = ['#', '\\', '##', '\\#', '#\\', '|', ':', '/', '"', ',', '[', ']', '\u0000', '\\u0023', ' '] as const;

/** A name made mostly of separators, so that pairs of names meet at every possible split. */
export const separatorName = (maxParts = 6): fc.Arbitrary<string> =>
  fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...SEPARATORS) }, { weight: 2, arbitrary: fc.constantFrom('a', 'B', 'Ü', '😀') }), { maxLength: maxParts }).map((parts) => parts.join(''));

/** A name of any characters: separator-heavy, or any string at all. */
export const anyName = (maxLength = 30): fc.Arbitrary<string> => fc.oneof({ weight: 3, arbitrary: separatorName() }, { weight: 1, arbitrary: anyString(maxLength) });

/**
 * Two (`sourceSystem`, `fileName`) pairs that spell the same `a#b#c` when joined by `#`: `a` +
 * `b#c` and `a#b` + `c` (what the plain `sourceSystem#fileName` key could not tell apart).
 */
export const splitPairs = (): fc.Arbitrary<[[string, string], [string, string]]> =>
  fc.tuple(anyName(), anyName(), anyName()).map(([a, b, c]) => [
    [a, `${b}#${c}`],
    [`${a}#${b}`, c],
  ]);
