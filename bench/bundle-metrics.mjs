// What a function weighs as deployed: the minified bundle raw and gzipped, and its zip.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from './settings.mjs';

/**
 * Literal texts of Ajv's schema compiler (ajv/dist/core.js, ajv/dist/compile/index.js) that
 * minification keeps. Standalone validator code and its runtime helpers contain none of them.
 */
export const AJV_COMPILER_MARKERS = ['ajv implementation error', 'Error compiling schema, function code:', 'meta-schema not available', 'options.loadSchema should be a function', 'schema must be object or boolean'];

/**
 * Which Ajv compiler markers the code contains (none: no schema can be compiled at run time).
 * @param {string} code
 * @returns {string[]}
 */
export const findSchemaCompiler = (code) => AJV_COMPILER_MARKERS.filter((marker) => code.includes(marker));

/**
 * Sizes of `dist/<fn>/index.mjs` (raw and gzip, zlib default level) and `dist/<fn>.zip`, and the
 * Ajv compiler markers found in the bundle.
 * @param {string} fn
 * @returns {Promise<{ rawBytes: number, gzipBytes: number, zipBytes: number, schemaCompilerMarkers: string[] }>}
 */
export const bundleMetrics = async (fn) => {
  const code = await readFile(join(repoRoot, 'dist', fn, 'index.mjs'));
  const zip = await readFile(join(repoRoot, 'dist', `${fn}.zip`));
  return { rawBytes: code.length, gzipBytes: gzipSync(code).length, zipBytes: zip.length, schemaCompilerMarkers: findSchemaCompiler(code.toString('utf8')) };
};
