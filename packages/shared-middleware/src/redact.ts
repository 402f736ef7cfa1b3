/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** Keys whose values are secrets wherever they appear (case-insensitive, `_`/`-` ignored). */
const SECRET_KEY = /(password|passwd|secret|token|session|authorization|cookie|secrethash|credential)/i;

/** `"password": "…"`, `password=…`, `'Session': …` inside free text (e.g. a raw body or a parser message). */
const SECRET_PAIR =
  /((?:["']?)[\w-]*(?:password|passwd|secret|token|session|authorization|credential)[\w-]*["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|(?:bearer\s+)?[^\s,&;}\]]+)/gi;

/** Anything shaped like a JWT (three base64url segments, header starting `eyJ`). */
const JWT_LIKE = /eyJ[\w-]*\.[\w-]*\.?[\w-]*/g;

/** `Bearer <anything>` in free text. */
const BEARER = /\b(bearer\s+)\S+/gi;

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
 * Removes secrets from a string that may hold a raw body, a header or an error message.
 */
export const redactText = (text: string): string =>
  redactJsonDocument(text) ??
  text.replace(SECRET_PAIR, `$1"${REDACTED}"`).replace(BEARER, `$1${REDACTED}`).replace(JWT_LIKE, REDACTED);

/** True when a property of this name holds a secret. */
export const isSecretKey = (key: string): boolean => SECRET_KEY.test(key.replace(/[_-]/g, ''));

/**
 * A `JSON.stringify` replacer that redacts secret-named properties and scrubs secrets out of every
 * string, so a whole log entry (error causes included) can be serialised safely.
 */
export const redactingReplacer = (key: string, value: unknown): unknown => {
  if (key !== '' && isSecretKey(key) && value !== null && value !== undefined && typeof value !== 'boolean') {
    return REDACTED;
  }
  return typeof value === 'string' ? redactText(value) : value;
};

/**
 * Cuts known secret values (the password of this request, a client secret…) out of an error
 * before it is logged: message, stack, other fields and nested causes, in place. A frozen error is
 * replaced by a redacted copy of its name and message.
 *
 * @param error - what was thrown
 * @param secrets - the exact values to remove; empty strings are ignored
 */
export const scrubSecretValues = (error: unknown, secrets: readonly string[], seen = new Set<unknown>()): unknown => {
  const values = secrets.filter((secret) => secret !== '');
  const scrub = (text: string): string => values.reduce((out, secret) => out.replaceAll(secret, REDACTED), text);
  if (typeof error === 'string') return scrub(error);
  if (typeof error !== 'object' || error === null || seen.has(error)) return error;
  seen.add(error);
  const record = error as Record<string, unknown>;
  try {
    for (const key of new Set(['message', 'stack', 'cause', ...Object.keys(record)])) {
      const value = record[key];
      const clean = typeof value === 'string' ? scrub(value) : scrubSecretValues(value, values, seen);
      if (clean !== value) Object.defineProperty(error, key, { value: clean, writable: true, configurable: true });
    }
    return error;
  } catch {
    return Object.assign(new Error(scrub(String(record.message))), { name: String(record.name) });
  }
};
