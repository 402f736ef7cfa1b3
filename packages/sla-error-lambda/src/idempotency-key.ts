import { badIdempotencyKey } from './errors.js';

/** The longest `Idempotency-Key` taken. */
export const MAX_IDEMPOTENCY_KEY = 255;

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * The request's `Idempotency-Key` header (trimmed), or `undefined` when there is none. It is part
 * of the id of every record the request writes, a single report's or each item's of a batch, so
 * the same item with the same key has the same id whether it travels alone or in a batch, and a
 * retried request with the same key writes nothing twice. A key that is empty, longer than
 * {@link MAX_IDEMPOTENCY_KEY} or not visible ASCII → `400` (`bad-idempotency-key`), for both.
 *
 * @param headers - request headers, names in lower case
 * @example
 * parseIdempotencyKey({ 'idempotency-key': ' run-2026-11-24 ' }); // 'run-2026-11-24'
 * parseIdempotencyKey({}); // undefined
 */
export const parseIdempotencyKey = (headers: Readonly<Record<string, string | undefined>>): string | undefined => {
  const key = Object.hasOwn(headers, 'idempotency-key') ? headers['idempotency-key']?.trim() : undefined;
  if (key === undefined) return undefined;
  if (key.length > MAX_IDEMPOTENCY_KEY || !VISIBLE_ASCII.test(key)) throw badIdempotencyKey(MAX_IDEMPOTENCY_KEY);
  return key;
};
