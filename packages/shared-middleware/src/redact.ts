/**
 * What a redacted value is replaced with.
 *
 * @example
 * ```ts
 * expect(logLine).toContain(REDACTED);
 * ```
 */
export const REDACTED = '[REDACTED]';

/** Keys whose values are secrets wherever they appear (case-insensitive, `_`/`-` ignored). */
const SECRET_KEY = /(password|passwd|secret|token|session|authorization|cookie|secrethash|credential)/i;

/**
 * A name followed by `:` or `=` (`"password": `, `password=`, `'Session' : `). The look-behind
 * starts a match only at the beginning of a name, which keeps the scan linear on any input.
 */
const NAME_THEN_SEPARATOR = /["']?(?<![\w-])([\w-]+)["']?\s*[:=]\s*/g;

/** Anything shaped like a JWT (three base64url segments, header starting `eyJ`). */
const JWT_LIKE = /(?<![\w-])eyJ[\w-]*\.[\w-]*\.?[\w-]*/g;

/** A value without quotes or brackets, read from a given position (sticky): up to a separator. */
const BARE_VALUE = /(?:bearer\s+)?[^\s,&;}\]]*/iy;

/** `Bearer <anything>` in free text. */
const BEARER = /\b(bearer\s+)\S+/gi;

/** A JSON `\uXXXX` escape or a URL `%XX` escape (only those of word characters are decoded). */
const ESCAPE = /\\u([0-9a-fA-F]{4})|%([0-9a-fA-F]{2})/g;

/**
 * `"pass\u0077ord"` → `"password"`, `pass%77ord` → `password`: decodes the escapes that spell
 * letters, digits, `_` or `-`, so a name written with escapes is still recognised. Escapes of quotes
 * and other punctuation stay as they are, so the structure of the text does not change.
 */
const decodeWordEscapes = (text: string): string =>
  text.replace(ESCAPE, (escape, unicode: string | undefined, percent: string | undefined) => {
    const char = String.fromCharCode(Number.parseInt(unicode ?? percent!, 16));
    return /[\w-]/.test(char) ? char : escape;
  });

/** Where a quoted string that opens at `start` ends (after its closing quote, or the end of text). */
const quotedEnd = (text: string, start: number): number => {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === quote) return i + 1;
  }
  return text.length;
};

/** Where a `{…}` or `[…]` that opens at `start` ends (brackets balanced, strings skipped). */
const bracketedEnd = (text: string, start: number): number => {
  let depth = 0;
  for (let i = start; i < text.length; i += 1) {
    const char = text[i];
    if (char === '"' || char === "'") i = quotedEnd(text, i) - 1;
    else if (char === '{' || char === '[') depth += 1;
    else if ((char === '}' || char === ']') && --depth === 0) return i + 1;
  }
  return text.length;
};

/**
 * Where the value that starts at `start` ends: a quoted string, a whole object or array (a
 * password sent as `{"value": …}` is still a password), or a bare word up to a separator
 * (`Bearer ` included).
 */
const valueEnd = (text: string, start: number): number => {
  const first = text[start];
  if (first === '"' || first === "'") return quotedEnd(text, start);
  if (first === '{' || first === '[') return bracketedEnd(text, start);
  BARE_VALUE.lastIndex = start;
  BARE_VALUE.exec(text);
  return BARE_VALUE.lastIndex;
};

/** Replaces the value after every secret-named `name:` / `name=` in free text. */
const redactSecretPairs = (text: string): string => {
  let out = '';
  let done = 0;
  for (const match of text.matchAll(NAME_THEN_SEPARATOR)) {
    if (match.index < done || !isSecretKey(match[1]!)) continue;
    const start = match.index + match[0].length;
    const end = valueEnd(text, start);
    if (end === start) continue;
    out += `${text.slice(done, start)}"${REDACTED}"`;
    done = end;
  }
  return done === 0 ? text : out + text.slice(done);
};

/**
 * A JSON object or array with its secret-named members redacted at any depth — what the patterns
 * below miss: names written with escapes (`"pass\u0077ord"`), objects or arrays as values —
 * compacted; `undefined` when the text is no such document.
 */
const redactJsonDocument = (text: string): string | undefined => {
  if (!/^[\s\uFEFF]*[[{]/.test(text)) return undefined;
  try {
    return JSON.stringify(JSON.parse(text.replace(/^\uFEFF/, '')), redactingReplacer);
  } catch {
    return undefined;
  }
};

/**
 * Removes secrets from a string that may hold a raw body (well-formed JSON or not), a header or an
 * error message. Linear in the length of the text.
 */
export const redactText = (text: string): string =>
  redactJsonDocument(text) ?? redactSecretPairs(decodeWordEscapes(text)).replace(BEARER, `$1${REDACTED}`).replace(JWT_LIKE, REDACTED);

/** True when a property of this name holds a secret. */
export const isSecretKey = (key: string): boolean => SECRET_KEY.test(key.replace(/[_-]/g, ''));

/**
 * A `JSON.stringify` replacer that redacts secret-named properties and scrubs secrets out of every
 * string, so a whole log entry (error causes included) can be serialised safely. A logged event
 * whose body is base64 (`isBase64Encoded`) is logged with the body decoded, so that it is scrubbed
 * like any other body.
 */
export const redactingReplacer = (key: string, value: unknown): unknown => {
  if (key !== '' && isSecretKey(key) && value !== null && value !== undefined && typeof value !== 'boolean') {
    return REDACTED;
  }
  if (typeof value === 'string') return redactText(value);
  return isEncodedEvent(value) ? { ...value, body: Buffer.from(value.body, 'base64').toString('utf8'), isBase64Encoded: false } : value;
};

/** A gateway event whose body is base64: its secrets cannot be seen until it is decoded. */
export const isEncodedEvent = (value: unknown): value is { body: string; isBase64Encoded: true } =>
  typeof value === 'object' &&
  value !== null &&
  (value as { isBase64Encoded?: unknown }).isBase64Encoded === true &&
  typeof (value as { body?: unknown }).body === 'string';

/**
 * `text` with every occurrence of each of `values` replaced by {@link REDACTED}, longest value
 * first (so a value that contains another is cut whole); empty values are ignored.
 *
 * @example
 * ```ts
 * scrubValues('login failed for P@ss', ['P@ss']); // 'login failed for [REDACTED]'
 * ```
 */
export const scrubValues = (text: string, values: readonly string[]): string => {
  let out = text;
  for (const value of values) if (value !== '' && out.includes(value)) out = out.replaceAll(value, REDACTED);
  return out;
};
