import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { startLocalFunction, type LocalFunction } from '../../src/function-host.ts';
import { lambdaContext } from '../../src/lambda-context.ts';

// Each local function runs in a thread of its own whose process.env is its own environment:
// two functions started with different environments each read theirs, neither this process's.

const ECHO = `
const atImport = { ...process.env };
export const handler = async (event, context) => {
  if (event.crash) setTimeout(() => { throw new Error('boom'); });
  if (event.fail) throw new TypeError('it failed');
  return { statusCode: 200, body: JSON.stringify({ atImport, now: process.env.COLOUR, requestId: context.awsRequestId, remaining: context.getRemainingTimeInMillis(), event }) };
};
`;

let dir: string;
let zip: string;
const started: LocalFunction[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'function-host-'));
  zip = join(dir, 'echo.zip');
  await writeFile(zip, zipSync({ 'index.mjs': new TextEncoder().encode(ECHO) }));
});

afterAll(async () => {
  await Promise.all(started.map((fn) => fn.stop()));
  await rm(dir, { recursive: true, force: true });
});

const start = async (name: string, env: Record<string, string>): Promise<LocalFunction> => {
  const fn = await startLocalFunction({ name, zip, env });
  started.push(fn);
  return fn;
};

const call = async (fn: LocalFunction, event: Record<string, unknown> = {}) => {
  const result = (await fn.handler(event, lambdaContext(fn.name, 5000))) as { body: string };
  return JSON.parse(result.body) as { atImport: Record<string, string>; now: string; requestId: string; remaining: number; event: unknown };
};

describe('startLocalFunction', () => {
  it('gives each function exactly its own environment, at import and per request', async () => {
    process.env.LOCAL_STACK_TEST_SECRET = 'of this process';
    const [red, blue] = await Promise.all([start('red-fn', { COLOUR: 'red' }), start('blue-fn', { COLOUR: 'blue', ONLY_BLUE: '1' })]);
    const [r, b] = await Promise.all([call(red), call(blue)]);
    delete process.env.LOCAL_STACK_TEST_SECRET;
    expect(r.atImport).toEqual({ COLOUR: 'red' });
    expect(b.atImport).toEqual({ COLOUR: 'blue', ONLY_BLUE: '1' });
    expect([r.now, b.now]).toEqual(['red', 'blue']);
  });

  it('passes the event and the context (request id, remaining time) across as data', async () => {
    const fn = await start('ctx-fn', {});
    const context = lambdaContext('ctx-fn', 5000);
    const result = (await fn.handler({ path: '/x', n: [1, 2] }, context)) as { body: string };
    const body = JSON.parse(result.body) as { requestId: string; remaining: number; event: unknown };
    expect(body.requestId).toBe(context.awsRequestId);
    expect(body.remaining).toBeGreaterThan(0);
    expect(body.remaining).toBeLessThanOrEqual(5000);
    expect(body.event).toEqual({ path: '/x', n: [1, 2] });
  });

  it("rejects with the function's own error, and keeps serving", async () => {
    const fn = await start('fail-fn', {});
    await expect(fn.handler({ fail: true }, lambdaContext('fail-fn'))).rejects.toMatchObject({ name: 'TypeError', message: 'it failed' });
    expect((await call(fn)).now).toBeUndefined();
  });

  it('after its thread dies, the next invocation is a new cold start', async () => {
    const fn = await start('crash-fn', { COLOUR: 'green' });
    await call(fn, { crash: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await call(fn)).atImport).toEqual({ COLOUR: 'green' });
  });

  it('fails to start, clearly, when the bundle fails at import', async () => {
    const broken = join(dir, 'broken.zip');
    await writeFile(broken, zipSync({ 'index.mjs': new TextEncoder().encode("throw new Error('no config');") }));
    await expect(startLocalFunction({ name: 'broken-fn', zip: broken, env: {} })).rejects.toThrow(/broken-fn failed to initialise: .*no config/s);
  });
});
