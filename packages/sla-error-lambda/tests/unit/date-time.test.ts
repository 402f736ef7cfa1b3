import { describe, expect, it } from '@jest/globals';
import { parseDateTime } from '../../src/date-time.js';

describe('parseDateTime', () => {
  it.each([
    ['2026-11-24T06:15:03Z', '2026-11-24T06:15:03.000Z'],
    ['2026-11-24T06:15:03.1Z', '2026-11-24T06:15:03.100Z'],
    ['2026-11-24T07:15:03.1234567+01:00', '2026-11-24T06:15:03.123Z'],
    ['2026-11-24T01:15:03.999-05:00', '2026-11-24T06:15:03.999Z'],
    ['2026-11-24 06:15:03z', '2026-11-24T06:15:03.000Z'],
    ['2026-11-24T06:15:03+0000', '2026-11-24T06:15:03.000Z'],
    ['2026-11-24T00:30:00+01:00', '2026-11-23T23:30:00.000Z'],
    ['  2026-11-24T06:15:03Z  ', '2026-11-24T06:15:03.000Z'],
  ])('reads RFC 3339 %s', (input, expected) => {
    expect(parseDateTime(input)).toBe(expected);
  });

  it.each([
    ['/Date(1795496103000)/', '2026-11-24T04:55:03.000Z'],
    ['\\/Date(1795496103000)\\/', '2026-11-24T04:55:03.000Z'],
    // The offset of the .NET form is only a display hint: the milliseconds are UTC already.
    ['/Date(1795496103123-0500)/', '2026-11-24T04:55:03.123Z'],
    ['/Date(1795496103000+0100)/', '2026-11-24T04:55:03.000Z'],
  ])('reads the Windows PowerShell 5.1 form %s', (input, expected) => {
    expect(parseDateTime(input)).toBe(expected);
  });

  it('reads the PowerShell ≤ 7.1 Get-Date object by its value', () => {
    expect(parseDateTime({ value: '/Date(1795496103000)/', DisplayHint: 2, DateTime: 'Tuesday, November 24, 2026 5:55:03 AM' })).toBe(
      '2026-11-24T04:55:03.000Z',
    );
    expect(parseDateTime({ Value: '2026-11-24T07:15:03.1234567+01:00', DisplayHint: 2 })).toBe('2026-11-24T06:15:03.123Z');
  });

  it.each([
    ['2026-11-24T06:15:03', 'no offset'],
    ['2026-11-24T06:15:03.1234567', 'no offset, 7 digits'],
    ['11/24/2026 06:15:03', 'culture format from a -Depth truncation'],
    ['2026-02-30T06:15:03Z', 'no such day'],
    ['2026-13-01T06:15:03Z', 'no such month'],
    ['2026-11-24T24:00:00Z', 'hour 24'],
    ['2026-11-24T06:15:03+25:00', 'offset out of range'],
    ['2026-11-24', 'date only'],
    ['/Date(abc)/', 'not a number'],
    ['/Date(9999999999999999)/', 'out of range'],
    ['', 'empty'],
  ])('refuses %s (%s)', (input) => {
    expect(parseDateTime(input)).toBeUndefined();
  });

  it('refuses what is not a string, or an object without value', () => {
    for (const input of [1795496103000, null, true, ['2026-11-24T06:15:03Z'], { DateTime: 'Tuesday' }, {}]) {
      expect(parseDateTime(input)).toBeUndefined();
    }
  });

  it('keeps leap years straight', () => {
    expect(parseDateTime('2028-02-29T12:00:00Z')).toBe('2028-02-29T12:00:00.000Z');
    expect(parseDateTime('2027-02-29T12:00:00Z')).toBeUndefined();
  });

  it('keeps the century rule of the Gregorian calendar', () => {
    expect(parseDateTime('2000-02-29T00:00:00Z')).toBe('2000-02-29T00:00:00.000Z');
    expect(parseDateTime('1900-02-29T00:00:00Z')).toBeUndefined();
    expect(parseDateTime('2100-02-29T00:00:00Z')).toBeUndefined();
    expect(parseDateTime('2026-04-31T00:00:00Z')).toBeUndefined();
    expect(parseDateTime('2026-12-31T00:00:00Z')).toBe('2026-12-31T00:00:00.000Z');
  });

  it('reads the years 0–99 as written, not as 1900–1999', () => {
    expect(parseDateTime('0099-12-31T23:59:59Z')).toBe('0099-12-31T23:59:59.000Z');
    expect(parseDateTime('0100-01-01T00:00:00Z')).toBe('0100-01-01T00:00:00.000Z');
    expect(parseDateTime('0000-02-29T06:00:00+01:00')).toBe('0000-02-29T05:00:00.000Z');
    expect(parseDateTime('0004-02-29T00:00:00Z')).toBe('0004-02-29T00:00:00.000Z');
    // Before the year 0 there is no four-digit year to write.
    expect(parseDateTime('0000-01-01T00:30:00+01:00')).toBeUndefined();
  });

  it('reads a leap second as the last millisecond before it', () => {
    expect(parseDateTime('2016-12-31T23:59:60Z')).toBe('2016-12-31T23:59:59.999Z');
    expect(parseDateTime('2017-01-01T00:59:60.5+01:00')).toBe('2016-12-31T23:59:59.999Z');
  });
});
