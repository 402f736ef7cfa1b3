import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '@file-sla/local-stack';

// The built bundle carries precompiled validators: no JSON-Schema compiler runs at cold start.

describe('dist/auth-lambda/index.mjs', () => {
  it('holds the precompiled body validator and no Ajv compiler', async () => {
    const bundle = await readFile(join(repoRoot, 'dist', 'auth-lambda', 'index.mjs'), 'utf8');
    expect(bundle).toContain('must NOT have additional properties');
    expect(bundle).not.toContain('schema with key or id');
    expect(bundle).not.toContain('strictSchema');
    expect(bundle).not.toMatch(/new Ajv\b/);
  });
});
