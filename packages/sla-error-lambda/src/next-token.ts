import { createHash } from 'node:crypto';
import { badRequest } from '@file-sla/shared-middleware';
import type { ByDayQuery, ByFileQuery } from './list-query.js';

/** A DynamoDB `LastEvaluatedKey` of one of the two indexes: string attributes only. */
export type PageKey = Record<string, string>;

const KEY_ATTRIBUTES: Record<(ByFileQuery | ByDayQuery)['kind'], readonly string[]> = {
  byFile: ['errorId', 'fileKey', 'slaDeadline'],
  byDay: ['deadlineDay', 'deadlineSort', 'errorId'],
};

/** Identifies the query a token belongs to, so it cannot be replayed against another one. */
const fingerprint = (filter: ByFileQuery | ByDayQuery): string =>
  createHash('sha256').update(JSON.stringify(filter)).digest('base64url').slice(0, 16);

const partitionOf = (filter: ByFileQuery | ByDayQuery): [string, string] =>
  filter.kind === 'byFile' ? ['fileKey', `${filter.sourceSystem}#${filter.fileName}`] : ['deadlineDay', filter.date];

/** The opaque `nextToken`: base64url of the last key and the query's fingerprint. */
export const encodeNextToken = (filter: ByFileQuery | ByDayQuery, key: PageKey): string =>
  Buffer.from(JSON.stringify({ q: fingerprint(filter), k: key }), 'utf8').toString('base64url');

const invalidToken = () => badRequest('nextToken is not valid for this query; start again without it.', undefined, 'invalid-next-token');

/**
 * Reads a `nextToken` back into the key to continue from. A token that was altered, belongs to
 * another query, or holds a key outside the query's partition → `400`.
 */
export const decodeNextToken = (filter: ByFileQuery | ByDayQuery, token: string): PageKey => {
  if (token.length > 2048 || !/^[\w-]+$/.test(token)) throw invalidToken();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  const { q, k } = (decoded ?? {}) as { q?: unknown; k?: unknown };
  if (q !== fingerprint(filter) || typeof k !== 'object' || k === null || Array.isArray(k)) throw invalidToken();
  const key = k as Record<string, unknown>;
  const expected = KEY_ATTRIBUTES[filter.kind];
  const names = Object.keys(key).sort();
  if (names.length !== expected.length || !names.every((name, index) => name === expected[index])) throw invalidToken();
  if (!names.every((name) => typeof key[name] === 'string' && (key[name] as string).length <= 1024)) throw invalidToken();
  const [partitionName, partitionValue] = partitionOf(filter);
  if (key[partitionName] !== partitionValue) throw invalidToken();
  return key as PageKey;
};
