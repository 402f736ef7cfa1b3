/**
 * Text from a report made safe for where an alert puts it: a subject (SNS: ASCII, printable, no
 * line breaks, under 100 characters) or a line of a plain-text e-mail (no control or bidi
 * characters that could hide or fake content).
 */

/** C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings, overrides and isolates, BOM. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]/g;
/** Combining marks left by NFKD (`é` → `e` + U+0301). */
const COMBINING = /[\u0300-\u036f]/g;

/** One line of plain text: every control character becomes a space, runs of spaces become one. */
export const plainLine = (text: string): string => text.replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();

/**
 * Several lines of plain text (a message): line breaks kept (CR LF and CR read as LF), every other
 * control character becomes a space; each line after the first starts with `indent`, so that no
 * line of a report can pass for a line of the alert itself.
 */
export const plainLines = (text: string, indent: string): string =>
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(plainLine)
    .join(`\n${indent}`);

/** Printable ASCII only: accents dropped (`Überweisung` → `Uberweisung`), anything else `?`, controls removed. */
export const asciiLine = (text: string): string =>
  plainLine(text.normalize('NFKD').replace(COMBINING, ''))
    .replace(/[^\x20-\x7e]/gu, '?');

/**
 * At most `max` characters, cut in the middle with `...` so that both ends stay (a file name's date
 * and extension are at its end). Counts code points, so a surrogate pair is never split.
 */
export const cutMiddle = (text: string, max: number): string => {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 3) return chars.slice(0, max).join('');
  const keep = max - 3;
  const head = Math.ceil(keep / 2);
  return `${chars.slice(0, head).join('')}...${chars.slice(chars.length - (keep - head)).join('')}`;
};

/** At most `max` characters, cut at the end with `...` (code points, as {@link cutMiddle}). */
export const cutEnd = (text: string, max: number): string => {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return max <= 3 ? chars.slice(0, max).join('') : `${chars.slice(0, max - 3).join('')}...`;
};
