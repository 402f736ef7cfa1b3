import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../../src/free-port.ts';
import { portOpen } from '../support/port-open.ts';
import { repoRoot } from '../../src/lambda-bundle.ts';
import { DEMO_ACCOUNT } from '../../src/stack.ts';

// The run command as a user starts it (`pnpm start` runs `node src/cli.ts` in this package):
// a child process, ready line, login → the example script's request → read back, SIGTERM,
// clean exit, nothing left running.

interface ExampleRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

let stack: ChildProcess;
let output = '';
let baseUrl: string;
const ports: number[] = [];

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  for (let i = 0; i < 3; i += 1) ports.push(await freePort());
  const [port, cognitoPort, dynamodbPort] = ports as [number, number, number];
  stack = spawn(
    process.execPath,
    ['src/cli.ts', '--port', String(port), '--cognito-port', String(cognitoPort), '--dynamodb-port', String(dynamodbPort)],
    { cwd: join(repoRoot, 'packages', 'local-stack'), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  stack.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  stack.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after 60 s:\n${output}`)), 60_000);
    stack.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    const check = (): void => {
      const ready = /^Ready: (\S+)$/m.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      } else setTimeout(check, 100);
    };
    check();
  });
}, 90_000);

afterAll(() => {
  if (stack.exitCode === null) stack.kill('SIGKILL');
});

describe('pnpm start', () => {
  let errorId: string;

  it('prints the URL, the demo credentials and copy-paste examples', () => {
    expect(baseUrl).toBe(`http://127.0.0.1:${ports[0]}`);
    expect(output).toContain(`${DEMO_ACCOUNT.username} / ${DEMO_ACCOUNT.password}`);
    expect(output).toContain(`curl -s -X POST ${baseUrl}/auth`);
    expect(output).toContain(`Invoke-RestMethod -Method Post -Uri '${baseUrl}/sla-errors'`);
    expect(output).toContain("ToUniversalTime().ToString('o')");
  });

  it('serves login → the example script’s request → read back over HTTP', async () => {
    const login = await fetch(`${baseUrl}/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: DEMO_ACCOUNT.username, password: DEMO_ACCOUNT.password }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };

    const example = JSON.parse(await readFile(join(repoRoot, 'examples', 'report-sla-error.request.json'), 'utf8')) as ExampleRequest;
    const headers = { ...example.headers, Authorization: `Bearer ${accessToken}` };
    const posted = await fetch(`${baseUrl}${example.path}`, { method: example.method, headers, body: example.body });
    expect(posted.status).toBe(200);
    const created = (await posted.json()) as { errorId: string; status: string };
    expect(created.status).toBe('created');
    errorId = created.errorId;

    const read = await fetch(`${baseUrl}/sla-errors/${errorId}`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({
      errorId,
      fileName: 'SETTLEMENT_20261124.csv',
      sourceSystem: 'SAP-FI',
      slaDeadline: '2026-11-24T06:00:00.000Z',
      errorType: 'MISSING',
      severity: 'HIGH',
      filePath: '\\\\fs01\\inbound\\sap',
      details: { jobName: 'Watch-SapInbound', attempt: 1 },
      submittedBy: DEMO_ACCOUNT.username,
    });
  }, 30_000);

  it('routes from the manifests: a wrong method reaches the function that owns the path (405), an unknown path is a 404 problem', async () => {
    const wrongMethod = await fetch(`${baseUrl}/auth`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(wrongMethod.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    const unknown = await fetch(`${baseUrl}/no-such-route`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await unknown.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ status: 404 });
    expect(problem.requestId).toBe(unknown.headers.get('x-request-id'));
  });

  it('stops cleanly on SIGTERM and leaves nothing running', async () => {
    const cognitoPid = Number(/Cognito emulator \S+ \(pid (\d+)\)/.exec(output)?.[1]);
    expect(cognitoPid).toBeGreaterThan(0);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      stack.once('exit', (code, signal) => resolve({ code, signal })),
    );
    stack.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(output).toContain('Stopped.');
    expect(alive(cognitoPid)).toBe(false);
    for (const port of ports) expect(await portOpen(port)).toBe(false);
  }, 30_000);
});
