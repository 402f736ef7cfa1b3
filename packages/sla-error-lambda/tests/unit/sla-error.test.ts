import { describe, expect, it } from '@jest/globals';
import { slaErrorRequestSchema } from '../../src/schema.js';
import { SLA_ERROR_FIELDS } from '../../src/sla-error.js';

describe('SLA_ERROR_FIELDS', () => {
  const item = slaErrorRequestSchema.$defs.slaErrorItem;

  it('lists exactly the properties of the schema, in canonical spelling', () => {
    expect([...SLA_ERROR_FIELDS].sort()).toEqual(Object.keys(item.properties).sort());
  });

  it('holds every required field', () => {
    for (const name of item.required) expect(SLA_ERROR_FIELDS).toContain(name);
  });

  it('has no two names that differ only in case (matching is case-insensitive)', () => {
    const lower = SLA_ERROR_FIELDS.map((name) => name.toLowerCase());
    expect(new Set(lower).size).toBe(SLA_ERROR_FIELDS.length);
  });
});
