import { createHash } from 'node:crypto';
import { badRequest } from '@file-sla/shared-middleware';
import { fileKeyOf, MAX_FILE_KEY_BYTES } from './file-key.js';
import type { ByDayQuery, ByFileQuery } from './list-query.js';

/** A DynamoDB `LastEvaluatedKey` of one of the two indexes: string attributes only. */
export type PageKey = Record<string, string>;

const KEY_ATTRIBUTES: Record<(ByFileQuery | ByDayQuery)['kind'], readonly string[]> = {
  byFile: ['errorId', 'fileKey', 'slaDeadline'],
  byDay: ['deadlineDay', 'deadlineSort', 'errorId'],
};

/**
 * Binds a token to its query and its key, so it cannot be replayed against another query nor
 * altered: any change to the key changes the fingerprint.
 */
const fingerprint = (filter: ByFileQuery | ByDayQuery, key: Record<string, unknown>): string =>
  createHash('sha256')
    .update(JSON.stringify([filter, Object.keys(key).sort().map((name) => [name, key[name]])]))
    .digest('base64url')
    .slice(0, 22);

const partitionOf = (filter: ByFileQuery | ByDayQuery): [string, string] =>
  filter.kind === 'byFile' ? ['fileKey', fileKeyOf(filter.sourceSystem, filter.fileName)] : ['deadlineDay', filter.date];

const ERROR_ID = /^[0-9a-f]{32}$/;

/**
 * The longest key value a page can end on: a `fileKey` of {@link MAX_FILE_KEY_BYTES} UTF-8 bytes
 * (never more UTF-16 units than bytes).
 */
const MAX_VALUE_LENGTH = MAX_FILE_KEY_BYTES;

/**
 * The longest token taken: above that of any key a page can end on (such a `fileKey` as JSON is
 * at most 6 × 2048 bytes, a control character taking 6; in base64url under 17,000 characters).
 */
const MAX_TOKEN_LENGTH = 24 * 1024;

const DEADLINE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The key could have been written by this query: every attribute shaped as stored, and the sort
 * key within the query's range (DynamoDB answers a start key outside it with a ValidationException).
 */
const fitsQuery = (filter: ByFileQuery | ByDayQuery, key: PageKey): boolean => {
  if (!ERROR_ID.test(key.errorId ?? '')) return false;
  if (filter.kind === 'byDay') {
    const sort = key.deadlineSort ?? '';
    return sort === `${sort.slice(0, 24)}#${key.errorId}` && DEADLINE.test(sort.slice(0, 24)) && sort.startsWith(filter.date);
  }
  const deadline = key.slaDeadline ?? '';
  return DEADLINE.test(deadline) && (filter.from === undefined || deadline >= filter.from) && (filter.to === undefined || deadline <= filter.to);
};

/** The opaque `nextToken`: base64url of the last key and the fingerprint of query and key. */
export const encodeNextToken = (filter: ByFileQuery | ByDayQuery, key: PageKey): string =>
  Buffer.from(JSON.stringify({ q: fingerprint(filter, key), k: key }), 'utf8').toString('base64url');

const invalidToken = () => badRequest('nextToken is not valid for this query; start again without it.', undefined, 'invalid-next-token');

/**
 * Reads a `nextToken` back into the key to continue from. A token that was altered, belongs to
 * another query, or holds a key outside the query's partition or range → `400`.
 */
export const decodeNextToken = (filter: ByFileQuery | ByDayQuery, token: string): PageKey => {
  if (token.length > MAX_TOKEN_LENGTH || !/^[\w-]+$/.test(token)) throw invalidToken();
  const bytes = Buffer.from(token, 'base64url');
  // Only the canonical encoding: no changed trailing bits that decode to the same bytes.
  if (bytes.toString('base64url') !== token) throw invalidToken();
  let decoded: unknown;
  try {
    decoded = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw invalidToken();
  }
  const { q, k } = (decoded ?? {}) as { q?: unknown; k?: unknown };
  if (typeof k !== 'object' || k === null || Array.isArray(k)) throw invalidToken();
  const key = k as Record<string, unknown>;
  const expected = KEY_ATTRIBUTES[filter.kind];
  const names = Object.keys(key).sort();
  if (names.length !== expected.length || !names.every((name, index) => name === expected[index])) throw invalidToken();
  if (!names.every((name) => typeof key[name] === 'string' && (key[name] as string).length <= MAX_VALUE_LENGTH)) throw invalidToken();
  if (q !== fingerprint(filter, key)) throw invalidToken();
  const [partitionName, partitionValue] = partitionOf(filter);
  if (key[partitionName] !== partitionValue || !fitsQuery(filter, key as PageKey)) throw invalidToken();
  return key as PageKey;
};
