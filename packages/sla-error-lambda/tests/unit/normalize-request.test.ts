import { describe, expect, it } from '@jest/globals';
import { HttpError } from '@file-sla/shared-middleware';
import { normalizeSlaErrorRequest } from '../../src/normalize-request.js';
import { fullReport, minimalReport } from '../support/sla-errors.js';

const thrownBy = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('normalizeSlaErrorRequest', () => {
  it('gives property names their canonical spelling, whatever their case', () => {
    expect(
      normalizeSlaErrorRequest({
        FILENAME: 'a.csv',
        SourceSystem: 'sys',
        sladeadline: '2026-11-24T06:00:00Z',
        ErrorType: 'LATE',
        errorMESSAGE: 'late',
        Severity: 'low',
        DETAILS: { Key: 'Value' },
      }),
    ).toEqual({
      fileName: 'a.csv',
      sourceSystem: 'sys',
      slaDeadline: '2026-11-24T06:00:00.000Z',
      errorType: 'LATE',
      errorMessage: 'late',
      severity: 'LOW',
      details: { Key: 'Value' },
    });
  });

  it('keeps unknown property names as sent, for the schema to name them', () => {
    expect(normalizeSlaErrorRequest({ ...minimalReport(), FileNmae: 'typo' })).toHaveProperty('FileNmae', 'typo');
  });

  it('two spellings of one name in one object → 400 with the path of the item', () => {
    const error = thrownBy(() => normalizeSlaErrorRequest([minimalReport(), { ...minimalReport(), FileName: 'b.csv' }]));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      statusCode: 400,
      errors: [{ path: '/1/fileName', message: 'appears more than once (names are case-insensitive)' }],
    });
    expect(thrownBy(() => normalizeSlaErrorRequest({ ...minimalReport(), ERRORTYPE: 'LATE' }))).toMatchObject({
      statusCode: 400,
      errors: [{ path: '/errorType', message: expect.stringContaining('more than once') }],
    });
  });

  it('trims strings; one empty after trimming is removed (counts as missing)', () => {
    expect(
      normalizeSlaErrorRequest({ fileName: '  a.csv\t', sourceSystem: ' \r\n ', hostName: '', errorMessage: ' late ', severity: '   ' }),
    ).toEqual({ fileName: 'a.csv', errorMessage: 'late' });
  });

  it('upper-cases the enums (errorType, severity), after trimming', () => {
    expect(normalizeSlaErrorRequest(minimalReport({ errorType: ' invalid_format ', severity: 'Critical' }))).toMatchObject({
      errorType: 'INVALID_FORMAT',
      severity: 'CRITICAL',
    });
  });

  it('leaves details as sent (not trimmed, names not changed)', () => {
    const details = { ' Padded ': '  value  ', FILENAME: 'x', nested: { a: 1 } };
    expect(normalizeSlaErrorRequest(minimalReport({ details }))).toMatchObject({ details });
  });

  it('does not convert types: numbers, booleans and numeric strings stay as they are', () => {
    expect(normalizeSlaErrorRequest(minimalReport({ fileSizeBytes: '12', fileName: 42, hostName: true }))).toMatchObject({
      fileSizeBytes: '12',
      fileName: 42,
      hostName: true,
    });
  });

  it.each([
    ['RFC 3339 with Z', '2026-11-24T06:00:00Z', '2026-11-24T06:00:00.000Z'],
    ['7 fraction digits and an offset (Get-Date -Format o)', '2026-11-24T07:00:00.1234567+01:00', '2026-11-24T06:00:00.123Z'],
    ['.NET /Date(ms)/', '/Date(1795500000000)/', '2026-11-24T06:00:00.000Z'],
    ['.NET /Date(ms-0500)/', '/Date(1795500000000-0500)/', '2026-11-24T06:00:00.000Z'],
    ['the PowerShell Get-Date object', { value: '/Date(1795500000000)/', DisplayHint: 2, DateTime: 'Tuesday, November 24, 2026 6:00:00 AM' }, '2026-11-24T06:00:00.000Z'],
  ])('date-time fields: %s → UTC ISO 8601 with milliseconds', (_label, sent, stored) => {
    const out = normalizeSlaErrorRequest(minimalReport({ slaDeadline: sent, detectedAt: sent, receivedAt: sent }));
    expect(out).toMatchObject({ slaDeadline: stored, detectedAt: stored, receivedAt: stored });
  });

  it('leaves an unreadable date-time as sent, for the schema to explain; removes an empty one', () => {
    expect(normalizeSlaErrorRequest(minimalReport({ slaDeadline: '2026-11-24T06:00:00', detectedAt: '  ', receivedAt: 17 }))).toEqual({
      ...minimalReport({ slaDeadline: '2026-11-24T06:00:00', receivedAt: 17 }),
    });
  });

  it('a batch: each item normalised on its own', () => {
    const out = normalizeSlaErrorRequest([minimalReport({ errorType: 'late' }), fullReport({ severity: ' critical ' })]) as Record<string, unknown>[];
    expect(out).toHaveLength(2);
    expect(out[0]!.errorType).toBe('LATE');
    expect(out[1]!.receivedAt).toBe('2026-11-24T06:42:17.123Z');
    expect(out[1]!.severity).toBe('CRITICAL');
  });

  it('leaves what is not an object as it is', () => {
    for (const body of [null, 42, 'text', true, [], [1, null]]) expect(normalizeSlaErrorRequest(body)).toEqual(body);
  });
});
