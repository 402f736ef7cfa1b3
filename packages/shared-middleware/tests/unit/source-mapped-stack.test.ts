import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { build } from 'esbuild';
import { captureOutput } from '@file-sla/test-support';
import { createLogger } from '../../src/logger.js';
import { sourceMappedStack, withSourceMappedErrors } from '../../src/source-mapped-stack.js';

// A minified bundle with a linked source map, as the build makes them. Jest maps the stacks of
// what it runs itself, so the stacks here are written as Node writes them without
// --enable-source-maps: `at <name> (file:///…/bundle.mjs:1:<column>)`.
let dir: string;
let bundleFile: string;
/** The stack Node gives an error made in the bundle's `fail`, unmapped. */
let bundleStack: (message: string) => string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'source-mapped-stack-'));
  await writeFile(
    join(dir, 'report-sla-errors.ts'),
    ['export const padding = (n: number): string => "x".repeat(n);', '', 'export function fail(message: string): Error {', '  return new Error(message);', '}', ''].join('\n'),
  );
  bundleFile = join(dir, 'bundle.mjs');
  await build({ entryPoints: [join(dir, 'report-sla-errors.ts')], outfile: bundleFile, bundle: true, format: 'esm', minify: true, sourcemap: 'linked', logLevel: 'error' });
  const code = await readFile(bundleFile, 'utf8');
  const column = code.indexOf('new Error') + 1;
  expect(column).toBeGreaterThan(0);
  bundleStack = (message) => [`Error: ${message}`, `    at o (${pathToFileURL(bundleFile).href}:1:${column})`, '    at process.processTicksAndRejections (node:internal/process/task_queues:105:5)', `    at async ${pathToFileURL(bundleFile).href}:1:${column}`].join('\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sourceMappedStack', () => {
  it('maps a frame of a bundle to the original file, line and column', () => {
    const mapped = sourceMappedStack(bundleStack('boom')).split('\n');
    expect(mapped[0]).toBe('Error: boom');
    expect(mapped[1]).toMatch(/^ {4}at o \(.*report-sla-errors\.ts:4:\d+\)$/);
    expect(mapped[2]).toBe('    at process.processTicksAndRejections (node:internal/process/task_queues:105:5)');
    expect(mapped[3]).toMatch(/^ {4}at async .*report-sla-errors\.ts:4:\d+$/);
  });

  it('keeps frames without a source map, and lines that are not frames, as they are', () => {
    const stack = ['Error: boom', '    at something (/nowhere/else.mjs:1:10)', '    at node:internal/process/task_queues:105:5', '    not a frame'].join('\n');
    expect(sourceMappedStack(stack)).toBe(stack);
  });

  it('leaves a stack that is already mapped unchanged', () => {
    const once = sourceMappedStack(bundleStack('boom'));
    expect(sourceMappedStack(once)).toBe(once);
  });
});

describe('withSourceMappedErrors', () => {
  it('hands the wrapped replacer a copy of an error with its stack mapped, the original untouched', () => {
    const seen: unknown[] = [];
    const replacer = withSourceMappedErrors((_key, value) => {
      seen.push(value);
      return value;
    });
    const error = Object.assign(new TypeError('boom'), { stack: bundleStack('boom'), code: 'E_BOOM' });
    const out = replacer('error', error) as TypeError & { code: string };
    expect(out).toBeInstanceOf(TypeError);
    expect(out.message).toBe('boom');
    expect(out.code).toBe('E_BOOM');
    expect(out.stack).toContain('report-sla-errors.ts:4:');
    expect(seen).toEqual([out]);
    expect(error.stack).toBe(bundleStack('boom'));
    expect(replacer('message', 'plain text')).toBe('plain text');
  });

  it('hands an error whose stack needs no mapping on as it is', () => {
    const error = new Error('plain');
    expect(withSourceMappedErrors((_key, value) => value)('error', error)).toBe(error);
  });
});

describe('createLogger', () => {
  it('logs an error with its stack and location in the original source (no --enable-source-maps)', () => {
    const output = captureOutput();
    const thrown = Object.assign(new Error('boom'), { stack: bundleStack('boom') });
    createLogger({ serviceName: 'stack-test' }).error('Request failed', thrown);
    const [entry] = output.entries();
    const error = entry?.error as { location: string; stack: string; message: string };
    expect(error.message).toBe('boom');
    expect(error.location).toMatch(/report-sla-errors\.ts:4$/);
    expect(error.stack).toContain('report-sla-errors.ts:4:');
  });

  it('maps the cause of a logged error too, and leaves the original error as it was', () => {
    const output = captureOutput();
    const cause = Object.assign(new Error('inner'), { stack: bundleStack('inner') });
    const thrown = Object.assign(new Error('outer', { cause }), { stack: bundleStack('outer') });
    createLogger({ serviceName: 'stack-test' }).error('Request failed', thrown);
    const error = output.entries()[0]?.error as { stack: string; cause: { location: string; stack: string } };
    expect(error.stack).toContain('report-sla-errors.ts:4:');
    expect(error.cause.location).toMatch(/report-sla-errors\.ts:4$/);
    expect(error.cause.stack).toContain('report-sla-errors.ts:4:');
    expect(thrown.stack).toBe(bundleStack('outer'));
  });
});
