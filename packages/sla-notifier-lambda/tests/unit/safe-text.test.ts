import { describe, expect, it } from '@jest/globals';
import { asciiLine, cutEnd, cutMiddle, plainLine, plainLines } from '../../src/safe-text.js';

describe('safe text', () => {
  it('plainLine: control, bidi and separator characters become spaces; runs of spaces one', () => {
    expect(plainLine('SAP\r\nFI\t\u0000x\u202eevil\u2028end  ')).toBe('SAP FI x evil end');
    expect(plainLine('\u0085\u009b[31mred')).toBe('[31mred');
  });

  it('plainLines: keeps the lines of a message, each continuation indented so it cannot pass for a line of the alert', () => {
    expect(plainLines('first\r\nError id: fake\rthird\u0007', '    ')).toBe('first\n    Error id: fake\n    third');
  });

  it('asciiLine: accents dropped, other non-ASCII as ?, no control characters', () => {
    expect(asciiLine('Überweisung_Äpfel_ß.csv')).toBe('Uberweisung_Apfel_?.csv');
    expect(asciiLine('日本\n語')).toBe('?? ?');
    expect(asciiLine('emoji 😀')).toBe('emoji ?');
  });

  it('cutMiddle keeps both ends; cutEnd keeps the start; neither splits a surrogate pair', () => {
    expect(cutMiddle('SETTLEMENT_20261124_FINAL_VERSION.csv', 20)).toBe('SETTLEMEN...SION.csv');
    expect(cutMiddle('short', 20)).toBe('short');
    expect(cutEnd('abcdefghij', 6)).toBe('abc...');
    expect(cutEnd('😀😀😀😀😀', 4)).toBe('😀...');
    expect(Array.from(cutMiddle('😀'.repeat(30), 9))).toHaveLength(9);
  });
});
