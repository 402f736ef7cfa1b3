import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import { join } from 'node:path';
import { repoRoot } from '@file-sla/local-stack';

// What is uploaded: the zip holds the bundle and its map only, and the bundle carries precompiled
// validators, so no JSON-Schema compiler runs at cold start.

describe('dist/auth-lambda.zip', () => {
  it('holds exactly index.mjs and its source map', async () => {
    const files = unzipSync(new Uint8Array(await readFile(join(repoRoot, 'dist', 'auth-lambda.zip'))));
    expect(Object.keys(files).sort()).toEqual(['index.mjs', 'index.mjs.map']);
  });

  it('holds the precompiled body validator and no Ajv compiler', async () => {
    const files = unzipSync(new Uint8Array(await readFile(join(repoRoot, 'dist', 'auth-lambda.zip'))));
    const bundle = strFromU8(files['index.mjs']!);
    expect(bundle).toContain('must NOT have additional properties');
    expect(bundle).not.toContain('schema with key or id');
    expect(bundle).not.toContain('strictSchema');
    expect(bundle).not.toMatch(/new Ajv\b/);
  });
});
