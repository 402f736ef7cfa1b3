import { badRequest } from './errors.js';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Lower-case name → canonical name, built once per list of names (callers pass module constants). */
const indexes = new WeakMap<readonly string[], Map<string, string>>();
const lowerCaseIndex = (names: readonly string[]): Map<string, string> => {
  let index = indexes.get(names);
  if (!index) {
    index = new Map(names.map((name) => [name.toLowerCase(), name]));
    indexes.set(names, index);
  }
  return index;
};

/**
 * Renames the properties of a JSON object whose names match one of `names` case-insensitively
 * (`Username`, `PASSWORD` → `username`, `password`); other properties keep their names so that
 * schema validation can report them as unknown. Two properties that differ only in case → `400`.
 *
 * @param value - a parsed JSON value; anything but a plain object is returned as it is
 * @param names - the canonical property names
 * @param path - JSON Pointer of `value`, used in the error message
 *
 * @example
 * ```ts
 * canonicalizeKeys({ FileName: 'a.csv', Extra: 1 }, ['fileName']); // { fileName: 'a.csv', Extra: 1 }
 * ```
 */
export const canonicalizeKeys = (value: unknown, names: readonly string[], path = ''): unknown => {
  if (!isPlainObject(value)) return value;
  const byLowerCase = lowerCaseIndex(names);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const name = byLowerCase.get(key.toLowerCase()) ?? key;
    if (Object.hasOwn(out, name)) {
      throw badRequest(`Property "${name}" appears more than once at "${path || '/'}" (names are case-insensitive).`, [
        { path: `${path}/${name}`, message: 'appears more than once (names are case-insensitive)' },
      ]);
    }
    out[name] = item;
  }
  return out;
};
