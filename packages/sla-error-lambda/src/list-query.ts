import { badRequest } from '@file-sla/shared-middleware';
import { parseDateTime } from './date-time.js';
import { fileKeyBytes, MAX_FILE_KEY_BYTES } from './file-key.js';

/** Records of one file (GSI `byFile`), newest deadline first, optionally within [from, to]. */
export interface ByFileQuery {
  kind: 'byFile';
  sourceSystem: string;
  fileName: string;
  from?: string;
  to?: string;
}

/** Records whose deadline falls on one UTC day (GSI `byDay`), in deadline order. */
export interface ByDayQuery {
  kind: 'byDay';
  date: string;
}

/** A parsed `GET /sla-errors` query. */
export interface ListQuery {
  filter: ByFileQuery | ByDayQuery;
  limit: number;
  nextToken?: string;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;
/** As for a report (in characters, as the schema counts them): longer names match no record. */
const MAX_LENGTH = { sourceSystem: 128, fileName: 512 } as const;

const NAMES = ['sourceSystem', 'fileName', 'from', 'to', 'date', 'limit', 'nextToken'] as const;
type Name = (typeof NAMES)[number];

const USAGE =
  'Query by file: ?sourceSystem=…&fileName=…[&from=…&to=…], or by day: ?date=YYYY-MM-DD; ' +
  `both take limit (1-${MAX_LIMIT}, default ${DEFAULT_LIMIT}) and nextToken.`;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const isDay = (text: string): boolean => {
  const match = DAY.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
};

/**
 * Reads `GET /sla-errors` parameters (names case-insensitive): exactly one of the two query
 * shapes, with `limit` and `nextToken`; anything else is `400` saying what is allowed.
 */
export const parseListQuery = (raw: Record<string, string>): ListQuery => {
  const params: Partial<Record<Name, string>> = {};
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const name = NAMES.find((candidate) => candidate.toLowerCase() === key.toLowerCase());
    if (name === undefined) unknown.push(key);
    else if (params[name] !== undefined) throw badRequest(`Query parameter "${name}" is given more than once (names are case-insensitive).`);
    else params[name] = value.trim();
  }
  if (unknown.length > 0) throw badRequest(`Unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n.slice(0, 50)}"`).join(', ')}. ${USAGE}`);

  let limit = DEFAULT_LIMIT;
  if (params.limit !== undefined) {
    if (!/^\d{1,3}$/.test(params.limit) || Number(params.limit) < 1 || Number(params.limit) > MAX_LIMIT) {
      throw badRequest(`limit must be an integer from 1 to ${MAX_LIMIT}.`);
    }
    limit = Number(params.limit);
  }
  const nextToken = params.nextToken === '' ? undefined : params.nextToken;
  const byFile = params.sourceSystem !== undefined || params.fileName !== undefined || params.from !== undefined || params.to !== undefined;

  if (params.date !== undefined && !byFile) {
    if (!isDay(params.date)) throw badRequest(`date must be a UTC day as YYYY-MM-DD (got "${params.date.slice(0, 40)}").`);
    return { filter: { kind: 'byDay', date: params.date }, limit, ...(nextToken ? { nextToken } : {}) };
  }
  if (byFile && params.date === undefined) {
    if (!params.sourceSystem || !params.fileName) throw badRequest(`sourceSystem and fileName go together. ${USAGE}`);
    for (const name of ['sourceSystem', 'fileName'] as const) {
      if ([...(params[name] ?? '')].length > MAX_LENGTH[name]) throw badRequest(`${name} must be at most ${MAX_LENGTH[name]} characters.`);
    }
    // No record has a longer index key (a report is refused alike), and DynamoDB refuses to query one.
    const keyBytes = fileKeyBytes(params.sourceSystem, params.fileName);
    if (keyBytes > MAX_FILE_KEY_BYTES) {
      throw badRequest(`sourceSystem and fileName together take ${keyBytes} bytes in UTF-8; the limit is ${MAX_FILE_KEY_BYTES}, so no SLA error can have them.`);
    }
    const bound = (name: 'from' | 'to'): string | undefined => {
      const value = params[name];
      if (value === undefined || value === '') return undefined;
      const parsed = parseDateTime(value);
      if (parsed === undefined) {
        throw badRequest(`${name} must be a date-time with a UTC offset, e.g. 2026-11-24T06:00:00Z (got "${value.slice(0, 40)}").`);
      }
      return parsed;
    };
    const from = bound('from');
    const to = bound('to');
    if (from && to && from > to) throw badRequest('from must not be after to.');
    return {
      filter: { kind: 'byFile', sourceSystem: params.sourceSystem, fileName: params.fileName, ...(from ? { from } : {}), ...(to ? { to } : {}) },
      limit,
      ...(nextToken ? { nextToken } : {}),
    };
  }
  throw badRequest(USAGE);
};
