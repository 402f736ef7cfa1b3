import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isHttpProblem, type HttpProblem } from '@file-sla/shared-middleware';
import { anyString, fuzzParams } from '@file-sla/test-support';
import { MAX_IDEMPOTENCY_KEY, parseIdempotencyKey } from '../../src/idempotency-key.js';

/** The 400 that `parseIdempotencyKey` throws for `value`. */
const problemOf = (value: string): HttpProblem => {
  try {
    parseIdempotencyKey({ 'idempotency-key': value });
  } catch (error) {
    expect(isHttpProblem(error)).toBe(true);
    return error as HttpProblem;
  }
  throw new Error(`expected a 400 for ${JSON.stringify(value)}`);
};

describe('parseIdempotencyKey', () => {
  it('no header → no key', () => {
    expect(parseIdempotencyKey({})).toBeUndefined();
    expect(parseIdempotencyKey({ 'content-type': 'application/json' })).toBeUndefined();
    expect(parseIdempotencyKey({ 'idempotency-key': undefined })).toBeUndefined();
  });

  it('a key is taken trimmed', () => {
    expect(parseIdempotencyKey({ 'idempotency-key': 'run-2026-11-24-0600' })).toBe('run-2026-11-24-0600');
    expect(parseIdempotencyKey({ 'idempotency-key': ' \trun-1  ' })).toBe('run-1');
  });

  it('1 to 255 visible ASCII characters, every one of them', () => {
    const visible = Array.from({ length: 0x7e - 0x21 + 1 }, (_, index) => String.fromCharCode(0x21 + index)).join('');
    expect(parseIdempotencyKey({ 'idempotency-key': visible })).toBe(visible);
    expect(parseIdempotencyKey({ 'idempotency-key': '~'.repeat(255) })).toBe('~'.repeat(255));
    expect(parseIdempotencyKey({ 'idempotency-key': '!' })).toBe('!');
    expect(MAX_IDEMPOTENCY_KEY).toBe(255);
  });

  it('an inherited name is no header', () => {
    const headers = Object.create({ 'idempotency-key': 'from-the-prototype' }) as Record<string, string>;
    expect(parseIdempotencyKey(headers)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['white space only', '   '],
    ['longer than 255', 'k'.repeat(256)],
    ['a space inside', 'run 1'],
    ['a control character', 'run\u00001'],
    ['non-ASCII', 'lauf-ü'],
    ['an emoji', 'run-😀'],
  ])('%s → 400 bad-idempotency-key', (_label, value) => {
    const problem = problemOf(value);
    expect(problem).toMatchObject({ statusCode: 400, type: 'bad-idempotency-key' });
    expect(problem.detail).toBe('The Idempotency-Key header must be 1 to 255 visible characters.');
  });

  it('property: any header value is the trimmed key when that is 1-255 visible ASCII characters, else the one 400', () => {
    fc.assert(
      fc.property(fc.oneof(anyString(40), fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 300 })), (value) => {
        const trimmed = value.trim();
        if (/^[!-~]{1,255}$/.test(trimmed)) expect(parseIdempotencyKey({ 'idempotency-key': value })).toBe(trimmed);
        else expect(problemOf(value).detail).toBe('The Idempotency-Key header must be 1 to 255 visible characters.');
      }),
      fuzzParams(),
    );
  });
});
