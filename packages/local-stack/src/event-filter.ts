/**
 * Lambda's event filtering (the `FilterCriteria` of an event source mapping), for the local stream
 * poller: a record is delivered when it matches at least one pattern. Supported, as Lambda reads
 * them: nested objects (every key must match), arrays of matchers (any may match; against an array
 * value, any element), exact strings, numbers, booleans and `null`, `{ "prefix": "…" }`,
 * `{ "anything-but": value | [values] }` and `{ "exists": true | false }`. Any other operator is
 * refused when the poller starts, so a pattern never silently matches differently from AWS.
 */

/** One filter pattern, as a manifest declares it (`eventSource.filters`). */
export type FilterPattern = Readonly<Record<string, unknown>>;

type Matcher = (value: unknown, present: boolean) => boolean;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const isScalar = (value: unknown): value is string | number | boolean | null =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** A scalar in the event against an expected scalar: same type, same value. */
const equals = (expected: string | number | boolean | null, actual: unknown): boolean => actual === expected;

/** Every value of `actual` to test (an array value: each element). */
const candidates = (actual: unknown): unknown[] => (Array.isArray(actual) ? actual : [actual]);

const compileOperator = (operator: Record<string, unknown>, path: string): Matcher => {
  const keys = Object.keys(operator);
  if (keys.length !== 1) throw new Error(`Filter at ${path}: a matcher object holds exactly one operator (got ${keys.join(', ') || 'none'})`);
  const [name] = keys as [string];
  const argument = operator[name];
  switch (name) {
    case 'prefix':
      if (typeof argument !== 'string') throw new Error(`Filter at ${path}: "prefix" takes a string`);
      return (value, present) => present && candidates(value).some((one) => typeof one === 'string' && one.startsWith(argument));
    case 'anything-but': {
      const excluded = Array.isArray(argument) ? argument : [argument];
      if (!excluded.every(isScalar)) throw new Error(`Filter at ${path}: "anything-but" takes a value or a list of values`);
      return (value, present) => present && candidates(value).some((one) => isScalar(one) && !excluded.some((no) => equals(no, one)));
    }
    case 'exists':
      if (typeof argument !== 'boolean') throw new Error(`Filter at ${path}: "exists" takes true or false`);
      return (_value, present) => present === argument;
    default:
      throw new Error(`Filter at ${path}: operator "${name}" is not supported by the local stream poller (prefix, anything-but, exists and exact values are)`);
  }
};

const compileList = (list: readonly unknown[], path: string): Matcher => {
  if (list.length === 0) throw new Error(`Filter at ${path}: an empty list matches nothing`);
  const matchers = list.map((item): Matcher => {
    if (isScalar(item)) return (value, present) => present && candidates(value).some((one) => equals(item, one));
    if (isObject(item)) return compileOperator(item, path);
    throw new Error(`Filter at ${path}: a list holds values or matcher objects`);
  });
  return (value, present) => matchers.some((matcher) => matcher(value, present));
};

/** Compiles one pattern (throws on what Lambda would refuse, or what this poller does not support). */
const compileObject = (pattern: FilterPattern, path: string): ((event: unknown) => boolean) => {
  const keys = Object.entries(pattern).map(([key, expected]) => {
    const at = `${path}.${key}`;
    if (Array.isArray(expected)) return { key, match: compileList(expected, at) };
    if (isObject(expected)) {
      const inner = compileObject(expected, at);
      return { key, match: (value: unknown, present: boolean) => present && candidates(value).some((one) => inner(one)) };
    }
    throw new Error(`Filter at ${at}: a pattern value is an object or a list of matchers (got ${JSON.stringify(expected)})`);
  });
  return (event) => {
    if (!isObject(event)) return false;
    return keys.every(({ key, match }) => match(event[key], Object.hasOwn(event, key)));
  };
};

/**
 * The record filter of an event source mapping: `true` when the record matches at least one
 * pattern (or there are no patterns).
 *
 * @example
 * ```ts
 * const accepts = compileFilters([{ eventName: ['INSERT'], dynamodb: { NewImage: { severity: { S: ['HIGH', 'CRITICAL'] } } } }]);
 * accepts(record); // true for an INSERT of a HIGH or CRITICAL item
 * ```
 */
export const compileFilters = (patterns: readonly FilterPattern[]): ((record: unknown) => boolean) => {
  if (patterns.length === 0) return () => true;
  const compiled = patterns.map((pattern, i) => {
    if (!isObject(pattern)) throw new Error(`Filter ${i}: a pattern is a JSON object`);
    return compileObject(pattern, `filters[${i}]`);
  });
  return (record) => compiled.some((accepts) => accepts(record));
};
