import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { toFieldProblems } from '@file-sla/shared-middleware';
import { validateSlaErrorRequest } from '../../src/generated/validators.js';
import { slaErrorRequestSchema } from '../../src/schema.js';
import { batchOf } from '../support/sla-errors.js';

const validate = (body: unknown) => {
  const valid = validateSlaErrorRequest(body);
  return { valid, problems: valid ? [] : toFieldProblems(validateSlaErrorRequest.errors) };
};

/** A normalised item (what the validator sees after normalize-request). */
const item = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  fileName: 'PAY_20261124.csv',
  sourceSystem: 'payments-sftp',
  slaDeadline: '2026-11-24T06:00:00.000Z',
  errorType: 'MISSING',
  errorMessage: 'did not arrive',
  ...overrides,
});

describe('slaErrorRequestSchema and its compiled validator', () => {
  it('the generated validator is compiled from the current schema and is a plain ES module', () => {
    const code = readFileSync(new URL('../../src/generated/validators.js', import.meta.url), 'utf8');
    const $id = 'https://file-sla-errors.dev/schemas/sla-error-lambda/slaErrorRequestSchema';
    expect(code).toContain(JSON.stringify({ ...slaErrorRequestSchema, $id }));
    expect(code).not.toMatch(/\brequire\(/);
  });

  it('accepts one item, and an array of 1 to 100', () => {
    expect(validate(item()).valid).toBe(true);
    expect(validate([item()]).valid).toBe(true);
    expect(validate(Array.from({ length: 100 }, () => item())).valid).toBe(true);
  });

  it('an array of 0 or 101 items → a problem at the root', () => {
    expect(validate([]).problems).toEqual([{ path: '', message: 'must NOT have fewer than 1 items' }]);
    expect(validate(batchOf(101).map(() => item())).problems).toEqual([{ path: '', message: 'must NOT have more than 100 items' }]);
  });

  it('only the canonical date-time form passes (normalisation produces it)', () => {
    expect(validate(item({ slaDeadline: '2026-11-24T06:00:00Z' })).problems).toEqual([
      { path: '/slaDeadline', message: expect.stringContaining("(Get-Date).ToUniversalTime().ToString('o')") },
    ]);
  });

  it('counts characters, not UTF-16 code units', () => {
    expect(validate(item({ fileName: '😀'.repeat(512) })).valid).toBe(true);
    expect(validate(item({ fileName: '😀'.repeat(513) })).valid).toBe(false);
  });

  it('details: ≤ 50 keys, names ≤ 128, strings ≤ 4000', () => {
    const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, index) => [`k${index}`, index]));
    expect(validate(item({ details: keys(50) })).valid).toBe(true);
    expect(validate(item({ details: keys(51) })).problems).toEqual([{ path: '/details', message: 'must NOT have more than 50 properties' }]);
    expect(validate(item({ details: { ['n'.repeat(128)]: 1 } })).valid).toBe(true);
    // The problem points at the property whose name is too long, once.
    expect(validate(item({ details: { ['n'.repeat(129)]: 1, ok: 2 } })).problems).toEqual([
      { path: `/details/${'n'.repeat(129)}`, message: 'name must NOT have more than 128 characters' },
    ]);
    expect(validate(item({ details: { note: 'x'.repeat(4000) } })).valid).toBe(true);
    expect(validate(item({ details: { note: 'x'.repeat(4001) } })).problems).toEqual([
      { path: '/details/note', message: 'must NOT have more than 4000 characters' },
    ]);
  });

  it.each([
    'System.Collections.Hashtable',
    'System.Collections.Generic.Dictionary`2[System.String,System.Object]',
    'System.Object[]',
    'System.Management.Automation.PSCustomObject',
    'System.Collections.Generic.List`1[System.Object]',
    'System.Collections.Specialized.OrderedDictionary',
    '@{Name=x; Size=1}',
  ])('details value %s (a ConvertTo-Json -Depth artefact) → a problem that says to add -Depth', (artefact) => {
    expect(validate(item({ details: { meta: artefact } })).problems).toEqual([
      { path: '/details/meta', message: expect.stringContaining('add -Depth 10 to ConvertTo-Json') },
    ]);
  });

  it('details numbers: within ±(2^53 - 1), what the SDK can marshal', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(validate(item({ details: { a: max, b: -max, c: 0.5, d: -1e-9 } })).valid).toBe(true);
    expect(validate(item({ details: { big: max + 1, small: -max - 1, huge: 1e21 } })).problems).toEqual([
      { path: '/details/big', message: `must be <= ${max} (send larger numbers as strings)` },
      { path: '/details/small', message: `must be >= ${-max} (send larger numbers as strings)` },
      { path: '/details/huge', message: `must be <= ${max} (send larger numbers as strings)` },
    ]);
    expect(validate(item({ details: { big: '12345678901234567890' } })).valid).toBe(true);
  });

  it('details names: not empty (DynamoDB refuses an empty name in a map); any other name of up to 128 characters', () => {
    expect(validate(item({ details: { '': 1, ok: 2 } })).problems).toEqual([
      { path: '/details/', message: 'name must not be empty (a details name needs at least one character)' },
    ]);
    const odd = JSON.parse('{"constructor":1,"toString":"x","prototype":null,"hasOwnProperty":true," ":"","#":"#","\\u0000":0,"😀":"😀"}') as unknown;
    expect(validate(item({ details: odd })).valid).toBe(true);
  });

  it('details numbers: 0, or at least 1e-130 in magnitude (DynamoDB’s smallest); -0 is 0', () => {
    expect(validate(item({ details: { a: 1e-130, b: -1e-130, c: 0, d: -0, e: 1.5e-100, f: -Number.MIN_VALUE * 0 } })).valid).toBe(true);
    const message = 'must be 0 or at least 1e-130 in magnitude, the smallest number DynamoDB stores (send it as a string, or round it to 0)';
    expect(validate(item({ details: { a: 9.99e-131, b: -1e-131, c: Number.MIN_VALUE, d: 2.2250738585072014e-308 } })).problems).toEqual([
      { path: '/details/a', message },
      { path: '/details/b', message },
      { path: '/details/c', message },
      { path: '/details/d', message },
    ]);
  });

  it('details values: empty strings are fine', () => {
    expect(validate(item({ details: { empty: '' } })).valid).toBe(true);
  });

  it('a lone UTF-16 surrogate (no UTF-8 form) in any text, details names and values → a problem at it; pairs are fine', () => {
    const message = 'must not contain a lone UTF-16 surrogate (\\uD800-\\uDFFF without its pair): it has no UTF-8 form';
    const lone = 'x\uD800y';
    expect(
      validate(item({ fileName: lone, sourceSystem: lone, errorMessage: '\uDC00', filePath: lone, hostName: lone, details: { v: lone, [`k${'\uDBFF'}`]: 1 } })).problems,
    ).toEqual([
      { path: '/fileName', message },
      { path: '/sourceSystem', message },
      { path: '/errorMessage', message },
      { path: '/filePath', message },
      { path: '/hostName', message },
      { path: '/details/k\uDBFF', message: `name ${message}` },
      { path: '/details/v', message },
    ]);
    expect(validate(item({ fileName: '😀\uD83D\uDE00', details: { ['😀']: '\uD83D\uDE00' } })).valid).toBe(true);
  });

  it('the same text inside a longer value is fine', () => {
    expect(validate(item({ details: { note: 'saw System.Collections.Hashtable in the log' } })).valid).toBe(true);
  });
});
