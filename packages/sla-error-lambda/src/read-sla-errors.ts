import { notFound } from '@file-sla/shared-middleware';
import type { ListQuery } from './list-query.js';
import { decodeNextToken, encodeNextToken } from './next-token.js';
import type { SlaErrorRecord } from './sla-error.js';
import type { SlaErrorStore } from './sla-error-store.js';

/** A record as callers see it: without the index and TTL attributes. */
export type PublicSlaError = Omit<SlaErrorRecord, 'fileKey' | 'deadlineDay' | 'deadlineSort' | 'expiresAt'>;

/** One page of `GET /sla-errors`. */
export interface SlaErrorPage {
  items: PublicSlaError[];
  nextToken?: string;
}

/** Drops the attributes that exist only for the indexes and the TTL. */
export const toPublic = ({ fileKey: _fileKey, deadlineDay: _day, deadlineSort: _sort, expiresAt: _expires, ...rest }: SlaErrorRecord): PublicSlaError =>
  rest;

const ERROR_ID = /^[0-9a-f]{32}$/;

/** `GET /sla-errors/{errorId}`: the record, or `404`. */
export const getSlaError = async (store: SlaErrorStore, errorId: string): Promise<PublicSlaError> => {
  const record = ERROR_ID.test(errorId) ? await store.get(errorId) : undefined;
  if (!record) throw notFound(`No SLA error with id "${errorId.slice(0, 64)}".`);
  return toPublic(record);
};

/** `GET /sla-errors?…`: one page, and a `nextToken` when there may be more. */
export const listSlaErrors = async (store: SlaErrorStore, query: ListQuery): Promise<SlaErrorPage> => {
  const startKey = query.nextToken ? decodeNextToken(query.filter, query.nextToken) : undefined;
  const page = await store.query(query.filter, query.limit, startKey);
  return {
    items: page.items.map(toPublic),
    ...(page.lastKey ? { nextToken: encodeNextToken(query.filter, page.lastKey) } : {}),
  };
};
