import { describe, expect, it } from '@jest/globals';
import { compileFilters } from '../../src/event-filter.ts';

const record = (eventName: string, severity?: string, extra: Record<string, unknown> = {}) => ({
  eventName,
  dynamodb: { NewImage: { ...(severity === undefined ? {} : { severity: { S: severity } }), ...extra } },
});

describe('compileFilters', () => {
  const insertsAtLeastHigh = compileFilters([{ eventName: ['INSERT'], dynamodb: { NewImage: { severity: { S: ['HIGH', 'CRITICAL'] } } } }]);

  it('matches exact values at every level of the pattern', () => {
    expect(insertsAtLeastHigh(record('INSERT', 'HIGH'))).toBe(true);
    expect(insertsAtLeastHigh(record('INSERT', 'CRITICAL'))).toBe(true);
    expect(insertsAtLeastHigh(record('INSERT', 'MEDIUM'))).toBe(false);
    expect(insertsAtLeastHigh(record('MODIFY', 'CRITICAL'))).toBe(false);
    expect(insertsAtLeastHigh(record('REMOVE'))).toBe(false);
    expect(insertsAtLeastHigh(record('INSERT'))).toBe(false);
    expect(insertsAtLeastHigh({ eventName: 'INSERT' })).toBe(false);
    expect(insertsAtLeastHigh(null)).toBe(false);
  });

  it('compares types as well as values', () => {
    const accepts = compileFilters([{ n: [5], b: [true], z: [null] }]);
    expect(accepts({ n: 5, b: true, z: null })).toBe(true);
    expect(accepts({ n: '5', b: true, z: null })).toBe(false);
    expect(accepts({ n: 5, b: 'true', z: null })).toBe(false);
    expect(accepts({ n: 5, b: true })).toBe(false);
  });

  it('matches an array value when any element matches', () => {
    const accepts = compileFilters([{ tags: ['urgent'] }]);
    expect(accepts({ tags: ['low', 'urgent'] })).toBe(true);
    expect(accepts({ tags: ['low'] })).toBe(false);
  });

  it('supports prefix, anything-but and exists', () => {
    const accepts = compileFilters([{ name: [{ prefix: 'SAP-' }], kind: [{ 'anything-but': ['TEST', 'DRILL'] }], owner: [{ exists: true }], gone: [{ exists: false }] }]);
    expect(accepts({ name: 'SAP-FI', kind: 'LIVE', owner: 'ops' })).toBe(true);
    expect(accepts({ name: 'ERP-FI', kind: 'LIVE', owner: 'ops' })).toBe(false);
    expect(accepts({ name: 'SAP-FI', kind: 'DRILL', owner: 'ops' })).toBe(false);
    expect(accepts({ name: 'SAP-FI', kind: 'LIVE' })).toBe(false);
    expect(accepts({ name: 'SAP-FI', kind: 'LIVE', owner: 'ops', gone: 1 })).toBe(false);
    expect(compileFilters([{ kind: [{ 'anything-but': 'TEST' }] }])({ kind: 'LIVE' })).toBe(true);
  });

  it('delivers a record that matches any one of several patterns, and every record without patterns', () => {
    const accepts = compileFilters([{ a: [1] }, { b: [2] }]);
    expect(accepts({ a: 1 })).toBe(true);
    expect(accepts({ b: 2 })).toBe(true);
    expect(accepts({ a: 2, b: 1 })).toBe(false);
    expect(compileFilters([])({ anything: true })).toBe(true);
  });

  it('refuses patterns it would not read as Lambda does', () => {
    expect(() => compileFilters([{ n: [{ numeric: ['>', 0] }] }])).toThrow('Filter at filters[0].n: operator "numeric" is not supported by the local stream poller');
    expect(() => compileFilters([{ n: 'INSERT' }])).toThrow('a pattern value is an object or a list of matchers (got "INSERT")');
    expect(() => compileFilters([{ n: [] }])).toThrow('an empty list matches nothing');
    expect(() => compileFilters([{ n: [{ prefix: 'a', exists: true }] }])).toThrow('exactly one operator');
    expect(() => compileFilters([{ n: [{ prefix: 1 }] }])).toThrow('"prefix" takes a string');
  });
});
