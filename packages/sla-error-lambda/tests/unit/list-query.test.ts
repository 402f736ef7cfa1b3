import { describe, expect, it } from '@jest/globals';
import { HttpError, type HttpProblem } from '@file-sla/shared-middleware';
import { DEFAULT_LIMIT, MAX_LIMIT, parseListQuery } from '../../src/list-query.js';

const FILE = { sourceSystem: 'payments-sftp', fileName: 'PAY_20261124.csv' };
const BY_FILE = { kind: 'byFile', ...FILE };

/** The 400 that `parseListQuery(raw)` throws. */
const problemOf = (raw: Record<string, string>): HttpProblem => {
  try {
    parseListQuery(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ statusCode: 400, type: 'bad-request' });
    return error as HttpProblem;
  }
  throw new Error(`expected a 400 for ${JSON.stringify(raw)}`);
};

/** What every "which parameters go together" answer says. */
const USAGE =
  'Query by file: ?sourceSystem=…&fileName=…[&from=…&to=…], or by day: ?date=YYYY-MM-DD; both take limit (1-100, default 50) and nextToken.';

describe('parseListQuery: by file', () => {
  it('sourceSystem + fileName → byFile, limit 50, no token', () => {
    expect(parseListQuery(FILE)).toEqual({ filter: BY_FILE, limit: DEFAULT_LIMIT });
    expect(DEFAULT_LIMIT).toBe(50);
  });

  it('values are trimmed', () => {
    expect(parseListQuery({ sourceSystem: ' payments-sftp\t', fileName: ' PAY_20261124.csv ' }).filter).toEqual(BY_FILE);
  });

  it('sourceSystem up to 128 and fileName up to 512 characters; longer → 400', () => {
    const longest = { sourceSystem: 's'.repeat(128), fileName: 'f'.repeat(512) };
    expect(parseListQuery(longest).filter).toEqual({ kind: 'byFile', ...longest });
    expect(problemOf({ ...longest, sourceSystem: 's'.repeat(129) }).detail).toBe('sourceSystem must be at most 128 characters.');
    expect(problemOf({ ...longest, fileName: 'f'.repeat(513) }).detail).toBe('fileName must be at most 512 characters.');
  });

  it('lengths are counted in characters, as for a report (an emoji is one)', () => {
    const names = { sourceSystem: '😀'.repeat(128), fileName: `${'😀'.repeat(383)}abc` };
    expect(parseListQuery(names).filter).toEqual({ kind: 'byFile', ...names });
    expect(problemOf({ ...names, sourceSystem: '😀'.repeat(129) }).detail).toBe('sourceSystem must be at most 128 characters.');
  });

  it('names whose index key would be over 2048 bytes (no record can have them) → 400 saying so', () => {
    const names = { sourceSystem: '😀'.repeat(128), fileName: `${'😀'.repeat(383)}abcd` };
    expect(problemOf(names).detail).toBe('sourceSystem and fileName together take 2049 bytes in UTF-8; the limit is 2048, so no SLA error can have them.');
    expect(problemOf({ sourceSystem: 'a', fileName: '😀'.repeat(512) }).detail).toMatch(/^sourceSystem and fileName together take 2050 bytes/);
  });

  it('names with "#" and "\\" are taken as they are', () => {
    expect(parseListQuery({ sourceSystem: 'PARTNER#EUx', fileName: 'feed.csv' }).filter).toEqual({ kind: 'byFile', sourceSystem: 'PARTNER#EUx', fileName: 'feed.csv' });
    expect(parseListQuery({ sourceSystem: 'DOM\\svc', fileName: '#\\#' }).filter).toEqual({ kind: 'byFile', sourceSystem: 'DOM\\svc', fileName: '#\\#' });
  });

  it.each([
    ['RFC 3339 with Z', '2026-11-24T06:00:00Z', '2026-11-24T06:00:00.000Z'],
    ['an offset and 7 fraction digits (Get-Date -Format o)', '2026-11-24T07:00:00.1234567+01:00', '2026-11-24T06:00:00.123Z'],
    ['a negative offset', '2026-11-24T01:00:00-05:00', '2026-11-24T06:00:00.000Z'],
    ['/Date(ms)/', '/Date(1795500000000)/', '2026-11-24T06:00:00.000Z'],
    ['\\/Date(ms-0500)\\/', '\\/Date(1795500000000-0500)\\/', '2026-11-24T06:00:00.000Z'],
  ])('from/to as %s → canonical UTC', (_label, value, canonical) => {
    expect(parseListQuery({ ...FILE, from: value }).filter).toEqual({ ...BY_FILE, from: canonical });
    expect(parseListQuery({ ...FILE, to: value }).filter).toEqual({ ...BY_FILE, to: canonical });
    expect(parseListQuery({ ...FILE, from: value, to: value }).filter).toEqual({ ...BY_FILE, from: canonical, to: canonical });
  });

  it('from and to empty are left out', () => {
    expect(parseListQuery({ ...FILE, from: '', to: ' ' })).toEqual({ filter: BY_FILE, limit: 50 });
  });

  it.each([
    ['no offset', '2026-11-24T06:00:00'],
    ['a day only', '2026-11-24'],
    ['a culture format', '11/24/2026 06:00:00'],
    ['not a date', 'yesterday'],
  ])('from/to with %s → 400 asking for an offset', (_label, value) => {
    expect(problemOf({ ...FILE, from: value }).detail).toBe(`from must be a date-time with a UTC offset, e.g. 2026-11-24T06:00:00Z (got "${value}").`);
    expect(problemOf({ ...FILE, to: value }).detail).toBe(`to must be a date-time with a UTC offset, e.g. 2026-11-24T06:00:00Z (got "${value}").`);
  });

  it('from after to → 400; from equal to to is fine', () => {
    expect(problemOf({ ...FILE, from: '2026-11-24T06:00:00.001Z', to: '2026-11-24T06:00:00Z' }).detail).toBe('from must not be after to.');
    // Compared as instants, not as text: 07:00+01:00 is 06:00Z.
    expect(problemOf({ ...FILE, from: '2026-11-24T06:30:00Z', to: '2026-11-24T07:00:00+01:00' }).detail).toBe('from must not be after to.');
    expect(parseListQuery({ ...FILE, from: '2026-11-24T07:00:00+01:00', to: '2026-11-24T06:00:00Z' }).filter).toMatchObject({
      from: '2026-11-24T06:00:00.000Z',
      to: '2026-11-24T06:00:00.000Z',
    });
  });

  it.each([
    ['sourceSystem only', { sourceSystem: 'payments-sftp' }],
    ['fileName only', { fileName: 'PAY_20261124.csv' }],
    ['from and to only', { from: '2026-11-24T06:00:00Z', to: '2026-11-25T06:00:00Z' }],
    ['sourceSystem empty', { sourceSystem: ' ', fileName: 'PAY_20261124.csv' }],
  ])('%s → 400: sourceSystem and fileName go together', (_label, raw) => {
    expect(problemOf(raw).detail).toBe(`sourceSystem and fileName go together. ${USAGE}`);
  });
});

describe('parseListQuery: by day', () => {
  it('date → byDay', () => {
    expect(parseListQuery({ date: '2026-11-24' })).toEqual({ filter: { kind: 'byDay', date: '2026-11-24' }, limit: 50 });
    expect(parseListQuery({ date: '2024-02-29' }).filter).toEqual({ kind: 'byDay', date: '2024-02-29' });
  });

  it.each(['2026-11-31', '2026-02-29', '2026-13-01', '2026-1-5', '20261124', '2026-11-24T00:00:00Z', '', 'today'])('date "%s" → 400', (date) => {
    expect(problemOf({ date }).detail).toBe(`date must be a UTC day as YYYY-MM-DD (got "${date}").`);
  });
});

describe('parseListQuery: limit', () => {
  it.each([
    ['1', 1],
    ['50', 50],
    ['100', 100],
    ['007', 7],
    [' 20 ', 20],
  ])('limit=%s → %i', (limit, expected) => {
    expect(parseListQuery({ ...FILE, limit }).limit).toBe(expected);
    expect(parseListQuery({ date: '2026-11-24', limit }).limit).toBe(expected);
  });

  it.each(['0', '101', '1000', 'abc', '1.5', '-1', '1e2', '', '0x10', '+5'])('limit=%s → 400', (limit) => {
    expect(problemOf({ ...FILE, limit }).detail).toBe(`limit must be an integer from 1 to ${MAX_LIMIT}.`);
  });
});

describe('parseListQuery: nextToken', () => {
  it('is passed on as sent (trimmed), empty means none', () => {
    expect(parseListQuery({ ...FILE, nextToken: ' abc-_123 ' })).toEqual({ filter: BY_FILE, limit: 50, nextToken: 'abc-_123' });
    expect(parseListQuery({ date: '2026-11-24', nextToken: 'abc' }).nextToken).toBe('abc');
    expect(parseListQuery({ ...FILE, nextToken: '' })).not.toHaveProperty('nextToken');
  });
});

describe('parseListQuery: names and combinations', () => {
  it('names match case-insensitively', () => {
    expect(
      parseListQuery({ SourceSystem: 'payments-sftp', FILENAME: 'PAY_20261124.csv', FROM: '2026-11-24T00:00:00Z', To: '2026-11-25T00:00:00Z', LIMIT: '5', NEXTTOKEN: 't' }),
    ).toEqual({ filter: { ...BY_FILE, from: '2026-11-24T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' }, limit: 5, nextToken: 't' });
    expect(parseListQuery({ DATE: '2026-11-24', Limit: '3' })).toEqual({ filter: { kind: 'byDay', date: '2026-11-24' }, limit: 3 });
  });

  it.each([
    ['nothing at all', {}],
    ['limit only', { limit: '10' }],
    ['nextToken only', { nextToken: 'abc' }],
    ['date + sourceSystem', { date: '2026-11-24', sourceSystem: 'payments-sftp' }],
    ['date + the whole file query', { date: '2026-11-24', ...FILE }],
    ['date + from', { date: '2026-11-24', from: '2026-11-24T00:00:00Z' }],
  ])('%s → 400 explaining the two allowed shapes', (_label, raw) => {
    expect(problemOf(raw).detail).toBe(USAGE);
  });

  it('an unknown parameter → 400 naming it, with the allowed shapes', () => {
    expect(problemOf({ ...FILE, page: '2' }).detail).toBe(`Unknown query parameter "page". ${USAGE}`);
    expect(problemOf({ date: '2026-11-24', page: '2', sort: 'asc' }).detail).toBe(`Unknown query parameters "page", "sort". ${USAGE}`);
    expect(problemOf({ ['x'.repeat(80)]: '1' }).detail).toBe(`Unknown query parameter "${'x'.repeat(50)}". ${USAGE}`);
  });
});

describe('parseListQuery: one name, two spellings', () => {
  it('refuses a parameter given twice in different cases, as POST refuses it in a body', () => {
    let thrown: unknown;
    try {
      parseListQuery({ sourceSystem: 'SAP-FI', SOURCESYSTEM: 'ORACLE-GL', fileName: 'a.csv' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HttpError);
    expect((thrown as HttpProblem).statusCode).toBe(400);
    expect((thrown as HttpProblem).detail).toContain('"sourceSystem" is given more than once');
  });
});
