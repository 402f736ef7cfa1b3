import { describe, expect, it } from '@jest/globals';
import { HttpError } from '@file-sla/shared-middleware';
import type { ByDayQuery, ByFileQuery } from '../../src/list-query.js';
import { decodeNextToken, encodeNextToken, type PageKey } from '../../src/next-token.js';

const ID = '426a9ac1c4eafd034aa6929ccfb92037';
const OTHER_ID = '0123456789abcdef0123456789abcdef';
const DEADLINE = '2026-11-24T06:00:00.000Z';

const BY_FILE: ByFileQuery = { kind: 'byFile', sourceSystem: 'payments-sftp', fileName: 'PAY_20261124.csv' };
const BY_DAY: ByDayQuery = { kind: 'byDay', date: '2026-11-24' };

/** A `LastEvaluatedKey` of GSI `byFile` (index key + table key), as DynamoDB returns it. */
const fileKey = (overrides: PageKey = {}): PageKey => ({ fileKey: 'payments-sftp#PAY_20261124.csv', slaDeadline: DEADLINE, errorId: ID, ...overrides });
/** A `LastEvaluatedKey` of GSI `byDay`. */
const dayKey = (overrides: PageKey = {}): PageKey => ({ deadlineDay: '2026-11-24', deadlineSort: `${DEADLINE}#${ID}`, errorId: ID, ...overrides });

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Asserts that decoding throws the `invalid-next-token` 400. */
const expectInvalid = (filter: ByFileQuery | ByDayQuery, token: string): void => {
  let thrown: unknown;
  try {
    decodeNextToken(filter, token);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(HttpError);
  expect(thrown).toMatchObject({
    statusCode: 400,
    type: 'invalid-next-token',
    detail: 'nextToken is not valid for this query; start again without it.',
  });
};

/** A token with the given JSON payload, for shapes `encodeNextToken` never writes. */
const rawToken = (payload: unknown): string => Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
const payloadOf = (token: string): { q: string; k: PageKey } => JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { q: string; k: PageKey };

describe('encodeNextToken / decodeNextToken', () => {
  it('round trip: the key comes back as it went in, for both indexes', () => {
    expect(decodeNextToken(BY_FILE, encodeNextToken(BY_FILE, fileKey()))).toEqual(fileKey());
    expect(decodeNextToken(BY_DAY, encodeNextToken(BY_DAY, dayKey()))).toEqual(dayKey());
    const ranged: ByFileQuery = { ...BY_FILE, from: '2026-11-01T00:00:00.000Z', to: '2026-11-30T00:00:00.000Z' };
    expect(decodeNextToken(ranged, encodeNextToken(ranged, fileKey()))).toEqual(fileKey());
  });

  it('the token is URL-safe base64 without padding', () => {
    for (const token of [encodeNextToken(BY_FILE, fileKey()), encodeNextToken(BY_DAY, dayKey())]) expect(token).toMatch(/^[\w-]+$/);
  });

  it('the same query written another way (same filter) accepts the token', () => {
    const token = encodeNextToken({ ...BY_FILE }, fileKey());
    expect(decodeNextToken({ kind: 'byFile', sourceSystem: 'payments-sftp', fileName: 'PAY_20261124.csv' }, token)).toEqual(fileKey());
  });

  it('non-ASCII names survive', () => {
    const filter: ByFileQuery = { kind: 'byFile', sourceSystem: 'Zahlungen-Ü', fileName: 'Übersicht 2026 #1.csv' };
    const key = fileKey({ fileKey: 'Zahlungen-Ü#Übersicht 2026 #1.csv' });
    expect(decodeNextToken(filter, encodeNextToken(filter, key))).toEqual(key);
  });
});

describe('decodeNextToken: a token altered in transit → 400 invalid-next-token', () => {
  const tokens = [
    ['by file', BY_FILE, encodeNextToken(BY_FILE, fileKey())],
    ['by day', BY_DAY, encodeNextToken(BY_DAY, dayKey())],
  ] as const;

  it.each(tokens)('%s: any one character changed, at any position', (_label, filter, token) => {
    for (let index = 0; index < token.length; index += 1) {
      for (const step of [1, 17, 32]) {
        const replacement = BASE64URL[(BASE64URL.indexOf(token[index]!) + step) % 64]!;
        expectInvalid(filter, `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`);
      }
    }
  });

  it.each(tokens)('%s: truncated by any number of characters, or extended', (_label, filter, token) => {
    for (let length = 0; length < token.length; length += 1) {
      if (length === 0) continue; // empty is "no token" for the query parser
      expectInvalid(filter, token.slice(0, length));
    }
    expectInvalid(filter, `${token}A`);
    expectInvalid(filter, `${token}AAAA`);
    expectInvalid(filter, `A${token}`);
  });

  it.each([
    ['random base64url', Buffer.from('0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a', 'hex').toString('base64url')],
    ['base64url of a JSON that is no token', rawToken({ hello: 'world' })],
    ['base64url of null', rawToken(null)],
    ['base64url of a string', rawToken('abc')],
    ['base64url of an array', rawToken([1, 2])],
    ['standard base64 with padding', Buffer.from(JSON.stringify({ q: 'x', k: {} })).toString('base64')],
    ['non-base64 characters', 'abc.def'],
    ['a space inside', 'abc def'],
    ['percent-encoding', 'abc%3D'],
    ['a JSON text as such', '{"q":"x","k":{}}'],
    ['longer than 24 KiB', 'A'.repeat(24 * 1024 + 1)],
  ])('%s', (_label, token) => {
    expectInvalid(BY_FILE, token);
    expectInvalid(BY_DAY, token);
  });

  it('a well-formed token longer than 24 KiB', () => {
    const token = encodeNextToken(BY_FILE, fileKey({ errorId: '\u0000'.repeat(2048), slaDeadline: '\u0000'.repeat(2048), fileKey: '\u0000'.repeat(2048) }));
    expect(token.length).toBeGreaterThan(24 * 1024);
    expectInvalid(BY_FILE, token);
  });

  it('the token of the longest file key there can be (2048 bytes, each a control character) is taken', () => {
    // A control character is 1 byte in UTF-8 and 6 in JSON: the longest token of a stored key.
    const filter: ByFileQuery = { kind: 'byFile', sourceSystem: '\u0001'.repeat(128), fileName: '\u0002'.repeat(2048 - 129) };
    const key = fileKey({ fileKey: `${'\u0001'.repeat(128)}#${'\u0002'.repeat(2048 - 129)}` });
    const token = encodeNextToken(filter, key);
    expect(token.length).toBeGreaterThan(16_000);
    expect(decodeNextToken(filter, token)).toEqual(key);
  });

  it('the token of a file key of 2-unit characters (emoji) is taken', () => {
    const filter: ByFileQuery = { kind: 'byFile', sourceSystem: '😀'.repeat(128), fileName: '😀'.repeat(383) };
    const key = fileKey({ fileKey: `${'😀'.repeat(128)}#${'😀'.repeat(383)}` });
    expect(key.fileKey!.length).toBe(1023);
    const wide = { ...filter, fileName: '😀'.repeat(383) + 'ab' };
    const wideKey = fileKey({ fileKey: `${'😀'.repeat(128)}#${'😀'.repeat(383)}ab` });
    expect(wideKey.fileKey!.length).toBe(1025);
    expect(decodeNextToken(filter, encodeNextToken(filter, key))).toEqual(key);
    expect(decodeNextToken(wide, encodeNextToken(wide, wideKey))).toEqual(wideKey);
  });
});

describe('decodeNextToken: a token of another query → 400 invalid-next-token', () => {
  it('another file, another source system, another day', () => {
    const token = encodeNextToken(BY_FILE, fileKey());
    expectInvalid({ ...BY_FILE, fileName: 'PAY_20261125.csv' }, token);
    expectInvalid({ ...BY_FILE, sourceSystem: 'PAYMENTS-SFTP' }, token);
    expectInvalid(BY_DAY, token);
    expectInvalid({ ...BY_DAY, date: '2026-11-25' }, encodeNextToken(BY_DAY, dayKey()));
  });

  it('a token of the file whose names split at another "#" (the partition key differs)', () => {
    const left: ByFileQuery = { kind: 'byFile', sourceSystem: 'PARTNER#EUx', fileName: 'feed.csv' };
    const right: ByFileQuery = { kind: 'byFile', sourceSystem: 'PARTNER', fileName: 'EUx#feed.csv' };
    const leftKey = fileKey({ fileKey: 'PARTNER\\#EUx#feed.csv' });
    const rightKey = fileKey({ fileKey: 'PARTNER#EUx#feed.csv' });
    expect(decodeNextToken(left, encodeNextToken(left, leftKey))).toEqual(leftKey);
    expect(decodeNextToken(right, encodeNextToken(right, rightKey))).toEqual(rightKey);
    expectInvalid(right, encodeNextToken(right, leftKey));
    expectInvalid(left, encodeNextToken(left, rightKey));
  });

  it('a by-day token on a by-file query, and the other way round', () => {
    expectInvalid(BY_FILE, encodeNextToken(BY_DAY, dayKey()));
    expectInvalid(BY_DAY, encodeNextToken(BY_FILE, fileKey()));
  });

  it('the same file with another from/to', () => {
    const token = encodeNextToken(BY_FILE, fileKey());
    expectInvalid({ ...BY_FILE, from: '2026-11-01T00:00:00.000Z' }, token);
    expectInvalid({ ...BY_FILE, to: '2026-11-30T00:00:00.000Z' }, token);
  });
});

describe('decodeNextToken: a key that does not belong to the query → 400 invalid-next-token', () => {
  // Encoded for query B itself (so the fingerprint is right), but holding a key of query A.
  it('a by-file key of another partition (another file)', () => {
    const otherFile: ByFileQuery = { ...BY_FILE, fileName: 'PAY_20261125.csv' };
    expectInvalid(otherFile, encodeNextToken(otherFile, fileKey()));
    const otherSystem: ByFileQuery = { ...BY_FILE, sourceSystem: 'payments' };
    expectInvalid(otherSystem, encodeNextToken(otherSystem, fileKey()));
  });

  it('a by-day key of another day', () => {
    const otherDay: ByDayQuery = { kind: 'byDay', date: '2026-11-25' };
    expectInvalid(otherDay, encodeNextToken(otherDay, dayKey()));
    // deadlineDay right, but a deadlineSort of another day
    expectInvalid(otherDay, encodeNextToken(otherDay, dayKey({ deadlineDay: '2026-11-25' })));
  });

  it('a key of the other index', () => {
    expectInvalid(BY_FILE, encodeNextToken(BY_FILE, dayKey()));
    expectInvalid(BY_DAY, encodeNextToken(BY_DAY, fileKey()));
  });

  it.each([
    ['an attribute missing', () => { const { errorId: _id, ...rest } = fileKey(); return rest; }],
    ['an extra attribute', () => fileKey({ deadlineDay: '2026-11-24' })],
    ['a number where a string belongs', () => ({ ...fileKey(), slaDeadline: 1795500000000 }) as unknown as PageKey],
    ['a DynamoDB-marshalled value', () => ({ ...fileKey(), errorId: { S: ID } }) as unknown as PageKey],
    ['a value longer than 2048 characters', () => fileKey({ slaDeadline: `${DEADLINE}${'x'.repeat(2025)}` })],
    ['an errorId that is not 32 hex characters', () => fileKey({ errorId: 'not-an-id' })],
    ['an empty errorId', () => fileKey({ errorId: '' })],
    ['a slaDeadline not in the stored form', () => fileKey({ slaDeadline: '2026-11-24T06:00:00Z' })],
  ])('by file: %s', (_label, key) => {
    expectInvalid(BY_FILE, encodeNextToken(BY_FILE, key()));
  });

  it.each([
    ['a deadlineSort without the errorId', () => dayKey({ deadlineSort: DEADLINE })],
    ['a deadlineSort with another errorId', () => dayKey({ deadlineSort: `${DEADLINE}#${OTHER_ID}` })],
    ['a deadlineSort that is no date-time', () => dayKey({ deadlineSort: `2026-11-24 anything#${ID}` })],
    ['an empty deadlineSort', () => dayKey({ deadlineSort: '' })],
  ])('by day: %s', (_label, key) => {
    expectInvalid(BY_DAY, encodeNextToken(BY_DAY, key()));
  });

  it('a by-file key outside from/to (DynamoDB would refuse it with a ValidationException: a 500)', () => {
    const ranged: ByFileQuery = { ...BY_FILE, from: '2026-11-24T00:00:00.000Z', to: '2026-11-24T12:00:00.000Z' };
    expectInvalid(ranged, encodeNextToken(ranged, fileKey({ slaDeadline: '2026-11-23T23:59:59.999Z' })));
    expectInvalid(ranged, encodeNextToken(ranged, fileKey({ slaDeadline: '2026-11-24T12:00:00.001Z' })));
    for (const slaDeadline of [ranged.from!, DEADLINE, ranged.to!]) {
      expect(decodeNextToken(ranged, encodeNextToken(ranged, fileKey({ slaDeadline })))).toEqual(fileKey({ slaDeadline }));
    }
  });

  it('a fingerprint that is not that of the key (key edited, fingerprint kept)', () => {
    const token = encodeNextToken(BY_FILE, fileKey());
    const { q } = payloadOf(token);
    expectInvalid(BY_FILE, rawToken({ q, k: fileKey({ errorId: OTHER_ID }) }));
    expectInvalid(BY_FILE, rawToken({ q, k: fileKey({ slaDeadline: '2026-11-25T06:00:00.000Z' }) }));
    expectInvalid(BY_FILE, rawToken({ k: fileKey() }));
    expectInvalid(BY_FILE, rawToken({ q: 42, k: fileKey() }));
    // The untouched payload, re-encoded, is still good.
    expect(decodeNextToken(BY_FILE, rawToken({ q, k: fileKey() }))).toEqual(fileKey());
  });
});
