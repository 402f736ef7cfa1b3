import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { toFieldProblems } from '@file-sla/shared-middleware';
import { validateAuthRequest } from '../../src/generated/validators.js';
import { authRequestSchema } from '../../src/schema.js';

const validate = (body: unknown) => {
  const valid = validateAuthRequest(body);
  return { valid, problems: valid ? [] : toFieldProblems(validateAuthRequest.errors) };
};

describe('authRequestSchema and its compiled validator', () => {
  it('the generated validator is compiled from the current schema and is a plain ES module', () => {
    const code = readFileSync(new URL('../../src/generated/validators.js', import.meta.url), 'utf8');
    expect(code).toContain(JSON.stringify({ ...authRequestSchema, $id: 'https://file-sla-errors.dev/schemas/auth-lambda/authRequestSchema' }));
    // An ES module has no require(): Ajv's runtime helpers must be imported.
    expect(code).not.toMatch(/\brequire\(/);
  });

  it('accepts each body form', () => {
    expect(validate({ username: 'svc-job', password: 'pw' }).valid).toBe(true);
    expect(validate({ username: 'svc-job', refreshToken: 'rt' }).valid).toBe(true);
    expect(validate({ username: 'svc-job', newPassword: 'np', session: 's' }).valid).toBe(true);
  });

  it.each([
    ['username', 128],
    ['password', 256],
    ['newPassword', 256],
    ['refreshToken', 4096],
    ['session', 4096],
  ])('%s: at most %i characters', (field, max) => {
    const base = field === 'username' ? {} : { username: 'svc-job' };
    expect(validate({ ...base, [field]: 'x'.repeat(max) }).valid).toBe(true);
    const { valid, problems } = validate({ ...base, [field]: 'x'.repeat(max + 1) });
    expect(valid).toBe(false);
    expect(problems).toEqual([{ path: `/${field}`, message: `must NOT have more than ${max} characters` }]);
  });

  it('counts characters, not UTF-16 code units (a 128-emoji username is fine)', () => {
    expect(validate({ username: '😀'.repeat(128), password: 'pw' }).valid).toBe(true);
    expect(validate({ username: '😀'.repeat(129), password: 'pw' }).valid).toBe(false);
  });

  it('lists every offending field with its JSON Pointer', () => {
    const { problems } = validate({ username: 'a b', password: '', refreshToken: 7, Pasword: 'x', extra: 1 });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: '/username', message: 'must match pattern "^\\S+$"' },
        { path: '/password', message: 'must NOT have fewer than 1 characters' },
        { path: '/refreshToken', message: 'must be of type string (no conversion is done)' },
        { path: '/Pasword', message: expect.stringContaining('"Pasword"') },
        { path: '/extra', message: expect.stringContaining('"extra"') },
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('requires the username and an object body', () => {
    expect(validate({ password: 'pw' }).problems).toEqual([{ path: '/username', message: 'is required' }]);
    for (const body of [null, [], 'svc-job', 42, true]) {
      expect(validate(body).problems).toEqual([{ path: '', message: 'must be of type object (no conversion is done)' }]);
    }
  });
});
