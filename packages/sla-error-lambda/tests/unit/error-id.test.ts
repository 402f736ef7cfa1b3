import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fuzzParams } from '@file-sla/test-support';
import { deriveErrorId } from '../../src/error-id.js';
import type { SlaErrorInput } from '../../src/sla-error.js';
import { anyName, splitPairs } from '../support/names.js';
import { validInput } from '../support/sla-errors.js';

/** The id as docs/architecture.md (Data model) defines it, worked out independently of the code under test. */
const expectedId = (sourceSystem: string, fileName: string, slaDeadline: string, errorType: string, ...key: string[]): string =>
  createHash('sha256')
    .update(JSON.stringify([sourceSystem, fileName, slaDeadline, errorType, ...key]))
    .digest('hex')
    .slice(0, 32);

describe('deriveErrorId', () => {
  const breach = validInput();

  it('is 32 lower-case hex characters', () => {
    expect(deriveErrorId(breach)).toMatch(/^[0-9a-f]{32}$/);
    expect(deriveErrorId(breach, 'job-4711')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is the first 32 hex of SHA-256 over JSON [sourceSystem, fileName, slaDeadline, errorType]', () => {
    const id = deriveErrorId(breach);
    expect(id).toBe(expectedId('payments-sftp', 'PAY_20261124.csv', '2026-11-24T06:00:00.000Z', 'MISSING'));
    // Pinned: stored ids must not change between releases.
    expect(id).toBe('426a9ac1c4eafd034aa6929ccfb92037');
  });

  it('appends the Idempotency-Key to the tuple when one is given', () => {
    expect(deriveErrorId(breach, 'job-4711')).toBe(
      expectedId('payments-sftp', 'PAY_20261124.csv', '2026-11-24T06:00:00.000Z', 'MISSING', 'job-4711'),
    );
  });

  it('is the same for the same breach, whatever else the report says', () => {
    const other: SlaErrorInput = {
      ...breach,
      errorMessage: 'A different text the second time',
      severity: 'CRITICAL',
      detectedAt: '2026-11-24T07:00:00.000Z',
      receivedAt: '2026-11-24T08:00:00.000Z',
      filePath: '\\\\fs02\\in',
      fileSizeBytes: 0,
      hostName: 'FS02',
      details: { run: 2 },
    };
    expect(deriveErrorId(other)).toBe(deriveErrorId(breach));
    expect(deriveErrorId({ ...breach })).toBe(deriveErrorId(breach));
  });

  it.each([
    ['sourceSystem', { sourceSystem: 'payments-sftp2' }],
    ['fileName', { fileName: 'PAY_20261125.csv' }],
    ['slaDeadline', { slaDeadline: '2026-11-24T06:00:00.001Z' }],
    ['errorType', { errorType: 'LATE' }],
  ] as const)('differs when %s differs', (_field, change) => {
    expect(deriveErrorId({ ...breach, ...change })).not.toBe(deriveErrorId(breach));
  });

  it('differs with an Idempotency-Key, and per key', () => {
    const plain = deriveErrorId(breach);
    const keyed = deriveErrorId(breach, 'run-1');
    expect(keyed).not.toBe(plain);
    expect(deriveErrorId(breach, 'run-2')).not.toBe(keyed);
    expect(deriveErrorId(breach, 'run-1')).toBe(keyed);
  });

  it('an empty Idempotency-Key is no key', () => {
    expect(deriveErrorId(breach, '')).toBe(deriveErrorId(breach));
    expect(deriveErrorId(breach, undefined)).toBe(deriveErrorId(breach));
  });

  it('cannot be collided by moving text between fields (the tuple is JSON, not a joined string)', () => {
    const a = deriveErrorId({ ...breach, sourceSystem: 'a#b', fileName: 'c' });
    const b = deriveErrorId({ ...breach, sourceSystem: 'a', fileName: 'b#c' });
    expect(a).not.toBe(b);
  });

  it('property: two files that split a#b#c at another "#" have different ids', () => {
    fc.assert(
      fc.property(splitPairs(), ([[s1, f1], [s2, f2]]) => {
        expect(deriveErrorId({ ...breach, sourceSystem: s1, fileName: f1 })).not.toBe(deriveErrorId({ ...breach, sourceSystem: s2, fileName: f2 }));
      }),
      fuzzParams(),
    );
  });

  it('property: distinct identity tuples (names, deadline, type and key, of any characters) have distinct ids', () => {
    const tuple = fc.tuple(anyName(), anyName(), fc.constantFrom('2026-11-24T06:00:00.000Z', '2026-11-24T06:00:00.001Z'), fc.constantFrom('MISSING', 'LATE'), fc.option(anyName(), { nil: undefined }));
    fc.assert(
      fc.property(tuple, tuple, (left, right) => {
        const id = ([sourceSystem, fileName, slaDeadline, errorType, key]: typeof left) =>
          deriveErrorId({ sourceSystem, fileName, slaDeadline, errorType: errorType as SlaErrorInput['errorType'] }, key);
        // No key and an empty key are the same identity (an empty key is no key).
        const same = JSON.stringify(left.map((part) => part || undefined)) === JSON.stringify(right.map((part) => part || undefined));
        if (same) expect(id(left)).toBe(id(right));
        else expect(id(left)).not.toBe(id(right));
      }),
      fuzzParams(),
    );
  });
});
