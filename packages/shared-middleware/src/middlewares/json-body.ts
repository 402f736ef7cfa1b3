import type middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { HttpContext, HttpRequest } from '../http-types.js';
import { duplicateNameIn } from '../duplicate-names.js';
import { badRequest, payloadTooLarge, unsupportedMediaType } from '../errors.js';

/** Options for {@link jsonBody}. */
export interface JsonBodyOptions {
  /** Largest accepted body, in bytes after base64 decoding. Default 256 KiB. */
  maxBytes?: number;
}

const defaults = { maxBytes: 256 * 1024 };

/** `application/json` and any structured-syntax `type/subtype+json`. */
const JSON_TYPE = /^(?:application\/json|[\w.-]+\/[\w.+-]+\+json)$/i;
const FORM_TYPE = 'application/x-www-form-urlencoded';
const BOM = '\uFEFF';

/**
 * An object, array or string starts, after optional white space, with `{`, `[` or `"`; a bare
 * number or literal is the whole document. (A form body such as `name=x&n=1` is none of these.)
 */
const looksLikeJson = (text: string): boolean =>
  /^\s*[[{"]/.test(text) || /^\s*(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*$/.test(text);

/**
 * Decides whether a body of this `Content-Type` is read as JSON: JSON types (any charset), no
 * type at all, and the form type when the body is in fact a JSON document (Windows PowerShell 5.1
 * sends that when `-ContentType` is forgotten).
 */
const acceptsAsJson = (contentType: string | undefined, text: string): boolean => {
  if (contentType === undefined || contentType.trim() === '') return true;
  const mediaType = (contentType.split(';')[0] ?? '').trim();
  if (JSON_TYPE.test(mediaType)) return true;
  return mediaType.toLowerCase() === FORM_TYPE && looksLikeJson(text);
};

/** An actionable message for a parse failure, without echoing the body (it may hold secrets). */
const describeParseError = (error: unknown): string => {
  const cause = (error as { cause?: { data?: unknown; message?: unknown } }).cause;
  if (error instanceof Error && error.message === 'Forbidden key in JSON body') {
    return `The JSON body contains the forbidden key "${String(cause?.data)}".`;
  }
  const where = typeof cause?.message === 'string' ? /at position \d+(?: \(line \d+ column \d+\))?/.exec(cause.message) : null;
  return `The request body is not valid JSON${where ? ` (error ${where[0]})` : ''}.`;
};

type Request = middy.Request<HttpRequest, unknown, Error, HttpContext>;

/** A base64 body as text, refused (`413`) when its bytes are over `maxBytes`. */
const decodeBase64 = (raw: string, maxBytes: number): string => {
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length > maxBytes) throw payloadTooLarge(maxBytes);
  return bytes.toString('utf8');
};

/**
 * A text body as its UTF-8 bytes read back, refused (`413`) when those are over `maxBytes`. Only a
 * string with a lone surrogate changes on the way (it becomes U+FFFD), so any other is kept as is.
 */
const asUtf8 = (raw: string, maxBytes: number): string => {
  if (Buffer.byteLength(raw, 'utf8') > maxBytes) throw payloadTooLarge(maxBytes);
  return raw.isWellFormed() ? raw : Buffer.from(raw, 'utf8').toString('utf8');
};

/**
 * Whether a JSON text could hold a `__proto__` or `constructor` key, which the body parser refuses.
 * A key can be spelt with escapes, so any backslash counts; without one, the names themselves must
 * appear. Only such a text needs the parser's key-by-key check; any other is parsed as it is.
 */
const mayHoldForbiddenKey = (text: string): boolean =>
  text.includes('\\') || text.includes('__proto__') || text.includes('constructor');

/**
 * Parses a JSON request body for a route: content type checked (`415` otherwise; JSON types, no
 * type, or the form type with a JSON document), base64 decoded, size-limited (`413`), UTF-8 BOM
 * dropped, empty body `400` — then `@middy/http-json-body-parser` parses (prototype-pollution keys
 * refused, malformed JSON `400`), or `JSON.parse` alone when the text cannot hold such a key (the
 * same value, faster). A property name that appears twice in one object is `400` naming it, where
 * `JSON.parse` would keep the last one silently. The secret-named fields of the body are handed to
 * the request's log secrets.
 *
 * @example
 * ```ts
 * middy().use(jsonBody({ maxBytes: 64 * 1024 })).handler(async (event) => ({ statusCode: 200, body: JSON.stringify(event.body) }));
 * ```
 */
export const jsonBody = (opts: JsonBodyOptions = {}): middy.MiddlewareObj<HttpRequest, unknown, Error, HttpContext> => {
  // Defaults merged once; `{ maxBytes: undefined }` keeps the default limit.
  const { maxBytes } = { ...defaults, ...Object.fromEntries(Object.entries(opts).filter(([, value]) => value !== undefined)) };
  const parse = httpJsonBodyParser({ disableContentTypeCheck: true }).before as unknown as (request: Request) => void;

  const jsonBodyBefore = (request: Request): void => {
    const event = request.event;
    const raw = typeof event.body === 'string' ? event.body : '';
    // Base64 grows 4/3: refuse before decoding what cannot fit.
    if ((event.isBase64Encoded ? (raw.length * 3) / 4 : raw.length) > maxBytes * 4) throw payloadTooLarge(maxBytes);
    let text = event.isBase64Encoded ? decodeBase64(raw, maxBytes) : asUtf8(raw, maxBytes);
    if (text.startsWith(BOM)) text = text.slice(1);
    const contentType = event.headers['content-type'];
    if (!acceptsAsJson(contentType, text)) throw unsupportedMediaType(contentType ?? '');
    if (text.trim() === '') throw badRequest('The request body is empty; send a JSON document.', undefined, 'empty-body');
    event.body = text;
    event.isBase64Encoded = false;
    let parsed = false;
    if (!mayHoldForbiddenKey(text)) {
      try {
        event.body = JSON.parse(text);
        parsed = true;
      } catch {
        // Malformed: the parser below fails the same way and reports it.
      }
    }
    if (!parsed) {
      try {
        parse(request);
      } catch (error) {
        throw badRequest(describeParseError(error), undefined, 'malformed-json');
      }
    }
    const duplicate = duplicateNameIn(text);
    if (duplicate) throw duplicate;
    request.context.secrets?.addFrom(event.body);
  };

  return { before: jsonBodyBefore };
};
