import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fuzzParams } from '@file-sla/test-support';
import { fileKeyBytes, fileKeyOf, MAX_FILE_KEY_BYTES } from '../../src/file-key.js';
import { anyName, splitPairs } from '../support/names.js';

/**
 * Reads a file key back into its pair, written here from the documented format alone: up to the
 * first `#` not escaped by `\` is the source system (`\\` → `\`, `\#` → `#`), the rest the file
 * name. That every key decodes to the pair it was made of proves that no two pairs share a key.
 */
const decode = (key: string): [string, string] => {
  let sourceSystem = '';
  for (let at = 0; at < key.length; at += 1) {
    const char = key[at]!;
    if (char === '#') return [sourceSystem, key.slice(at + 1)];
    if (char === '\\') {
      const next = key[at + 1];
      if (next !== '\\' && next !== '#') throw new Error(`a bare backslash at ${at} of ${JSON.stringify(key)}`);
      sourceSystem += next;
      at += 1;
    } else sourceSystem += char;
  }
  throw new Error(`no separator in ${JSON.stringify(key)}`);
};

describe('fileKeyOf', () => {
  it('is sourceSystem#fileName when the source system holds neither "#" nor "\\"', () => {
    expect(fileKeyOf('payments-sftp', 'PAY_20261124.csv')).toBe('payments-sftp#PAY_20261124.csv');
    expect(fileKeyOf('PARTNER', 'EUx#feed.csv')).toBe('PARTNER#EUx#feed.csv');
    expect(fileKeyOf('Zahlungen-Ü', 'Übersicht\\2026 #1.csv')).toBe('Zahlungen-Ü#Übersicht\\2026 #1.csv');
  });

  it('escapes "#" and "\\" in the source system only', () => {
    expect(fileKeyOf('PARTNER#EUx', 'feed.csv')).toBe('PARTNER\\#EUx#feed.csv');
    expect(fileKeyOf('DOMAIN\\svc', 'a#b\\c')).toBe('DOMAIN\\\\svc#a#b\\c');
    expect(fileKeyOf('#\\#', '#')).toBe(String.raw`\#\\\###`);
  });

  it('the issue’s pair: PARTNER + EUx#feed.csv and PARTNER#EUx + feed.csv have different keys', () => {
    expect(fileKeyOf('PARTNER', 'EUx#feed.csv')).not.toBe(fileKeyOf('PARTNER#EUx', 'feed.csv'));
  });

  it('property: every key decodes to its own pair, so distinct pairs never share a key', () => {
    fc.assert(
      fc.property(anyName(), anyName(), (sourceSystem, fileName) => {
        expect(decode(fileKeyOf(sourceSystem, fileName))).toEqual([sourceSystem, fileName]);
      }),
      fuzzParams(),
    );
  });

  it('property: pairs that split a#b#c at another "#" have different keys', () => {
    fc.assert(
      fc.property(splitPairs(), ([left, right]) => {
        expect(fileKeyOf(...left)).not.toBe(fileKeyOf(...right));
      }),
      fuzzParams(),
    );
  });

  it('property: two distinct pairs of any names have different keys', () => {
    fc.assert(
      fc.property(fc.tuple(anyName(), anyName()), fc.tuple(anyName(), anyName()), (left, right) => {
        fc.pre(left[0] !== right[0] || left[1] !== right[1]);
        expect(fileKeyOf(...left)).not.toBe(fileKeyOf(...right));
      }),
      fuzzParams(),
    );
  });
});

describe('fileKeyBytes', () => {
  it('counts the key in UTF-8, escapes included', () => {
    expect(fileKeyBytes('a', 'b')).toBe(3);
    expect(fileKeyBytes('a#', 'b')).toBe(5);
    expect(fileKeyBytes('Ü', '😀')).toBe(2 + 1 + 4);
  });

  it('MAX_FILE_KEY_BYTES is DynamoDB’s 2048 bytes for a partition key', () => {
    expect(MAX_FILE_KEY_BYTES).toBe(2048);
  });
});
