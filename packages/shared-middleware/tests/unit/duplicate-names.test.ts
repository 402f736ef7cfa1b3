import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { caseInsensitiveDuplicateIn, duplicateNameIn } from '../../src/duplicate-names.js';

const named = (text: string) => {
  const problem = duplicateNameIn(text);
  return problem && { status: problem.statusCode, detail: problem.detail, errors: problem.errors };
};

describe('duplicateNameIn: the same name twice in one object of a JSON text', () => {
  it('names it, with the JSON Pointer of its object', () => {
    expect(named('{"fileName":"a.csv","fileName":"b.csv"}')).toEqual({
      status: 400,
      detail: 'Property "fileName" appears more than once at "/".',
      errors: [{ path: '/fileName', message: 'appears more than once' }],
    });
    expect(named('[{"a":1},{"b":1,"details":{"x":1,"y":[1,{"z":1,"z":2}]}}]')?.errors).toEqual([{ path: '/1/details/y/1/z', message: 'appears more than once' }]);
    expect(named('{"a/b":{"c~d":1,"c~d":2}}')?.errors).toEqual([{ path: '/a~1b/c~0d', message: 'appears more than once' }]);
  });

  it('sees a name however it is escaped', () => {
    expect(named('{"a":1,"\\u0061":2}')?.errors).toEqual([{ path: '/a', message: 'appears more than once' }]);
    expect(named('{"q\\"":1,"q\\u0022":2}')?.errors).toEqual([{ path: '/q"', message: 'appears more than once' }]);
  });

  it('is not fooled by strings, nesting or names of other objects', () => {
    for (const text of [
      '{"a":"a","b":"\\"a\\":1,\\"a\\":2","c":{"a":1},"d":[{"a":1},{"a":2}]}',
      '{"a\\\\":1,"a":2}',
      '["a","a",{"a":1}]',
      '"just a string"',
      '{}',
      '{"":1,"x":{"":2}}',
    ]) {
      expect(named(text)).toBeUndefined();
    }
    expect(named('{"":1,"":2}')?.errors).toEqual([{ path: '/', message: 'appears more than once' }]);
  });

  it('reads a 256 KiB body of 20,000 names, and 100,000 levels of nesting, in one pass', () => {
    const wide = `{${Array.from({ length: 20_000 }, (_, i) => `"name-${i}":${i}`).join(',')}}`;
    expect(named(wide)).toBeUndefined();
    expect(named(`${wide.slice(0, -1)},"name-19999":0}`)?.errors).toEqual([{ path: '/name-19999', message: 'appears more than once' }]);
    const deep = `${'['.repeat(100_000)}{"a":1,"a":2}${']'.repeat(100_000)}`;
    expect(named(deep)?.errors?.[0]?.path).toBe(`${'/0'.repeat(100_000)}/a`);
  });

  it('property: JSON.stringify never repeats a name; repeating any name of any object is found there', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.nat(), (value, pick) => {
        const text = JSON.stringify(value);
        expect(duplicateNameIn(text)).toBeUndefined();
        // Every object of the value with its pointer, then one member written twice.
        const objects: Array<{ pointer: string; object: Record<string, unknown> }> = [];
        const walk = (node: unknown, pointer: string): void => {
          if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${pointer}/${i}`));
          else if (typeof node === 'object' && node !== null) {
            objects.push({ pointer, object: node as Record<string, unknown> });
            for (const [name, item] of Object.entries(node)) walk(item, `${pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
          }
        };
        walk(value, '');
        const candidates = objects.filter(({ object }) => Object.keys(object).length > 0);
        const target = candidates[pick % Math.max(candidates.length, 1)];
        if (!target) return;
        const name = Object.keys(target.object)[0]!;
        const twice = JSON.stringify(value, function (this: unknown, _key, item: unknown) {
          return item === target.object ? { ...(item as object), [`\u0000dup`]: true } : item;
          // A replacer function: a replacement string would read a "$$" or "$&" in the name as a pattern.
        }).replace(`"\\u0000dup":true`, () => `${JSON.stringify(name)}:null`);
        const problem = duplicateNameIn(twice);
        expect(problem?.errors?.[0]?.path).toBe(`${target.pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      }),
    );
  });
});

describe('caseInsensitiveDuplicateIn: names that differ only in case, in a parsed value', () => {
  it('names the second spelling, with its pointer, at any depth', () => {
    const problem = caseInsensitiveDuplicateIn([{ fileName: 'a' }, { details: { Attempt: 1, attempt: 2 } }]);
    expect(problem?.errors).toEqual([{ path: '/1/details/attempt', message: 'appears more than once (names are case-insensitive)' }]);
    expect(problem?.detail).toBe('Property "attempt" appears more than once at "/1/details" (names are case-insensitive).');
  });

  it('accepts the same name in different objects, and values that look alike', () => {
    expect(caseInsensitiveDuplicateIn({ a: { A: 1 }, b: [{ a: 1 }, { A: 1 }], c: 'C' })).toBeUndefined();
    expect(caseInsensitiveDuplicateIn('text')).toBeUndefined();
  });

  it('walks 100,000 levels of nesting without running out of stack', () => {
    let deep: unknown = { a: 1, A: 2 };
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(caseInsensitiveDuplicateIn(deep)?.errors?.[0]?.path).toBe(`${'/0'.repeat(100_000)}/A`);
  });
});
