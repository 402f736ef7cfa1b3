import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_ACCOUNT, freePort, startLocalStack, type LocalStack, type SunkMessage } from '@file-sla/local-stack';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `pnpm start -- --dynamodb local` as a developer runs it: a report through the gateway and the
// built sla-error bundle lands in DynamoDB Local, its stream reaches the notifier's built bundle
// (its own thread, its environment from its manifest), and the alert reaches the topic sink's file.

let stack: LocalStack;
let outputDir: string;
let token: string;

beforeAll(async () => {
  outputDir = await mkdtemp(join(tmpdir(), 'notifier-stack-'));
  stack = await startLocalStack({
    port: await freePort(),
    cognitoPort: await freePort(),
    dynamodbPort: await freePort(),
    dynamodb: 'local',
    persist: false,
    outputDir,
    parameters: { LogLevel: 'ERROR' },
    log: () => undefined,
  });
  const login = await fetch(`${stack.url}/auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_ACCOUNT) });
  token = ((await login.json()) as { accessToken: string }).accessToken;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await rm(outputDir, { recursive: true, force: true });
});

const report = async (body: unknown): Promise<Record<string, unknown>> => {
  const response = await fetch(`${stack.url}/sla-errors`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
};

const alerts = async (): Promise<SunkMessage[]> => {
  const text = await readFile(join(outputDir, 'alerts.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as SunkMessage);
};

const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

describe('the notifier on the local stack with DynamoDB Local', () => {
  it('is running, and the banner summary says alerts are live', () => {
    expect(stack.functions).toContain('sla-notifier-lambda');
    expect(stack.eventFunctions).toMatchObject({ state: 'live', functions: ['sla-notifier-lambda'], topics: ['alerts'], dir: outputDir });
  });

  it('a CRITICAL report through the API alerts once; a MEDIUM one and the duplicate of the first do not', async () => {
    const body = { fileName: 'SETTLEMENT_20261124.csv', sourceSystem: 'SAP-FI', slaDeadline: '2026-11-24T06:00:00Z', errorType: 'MISSING', errorMessage: 'File not received by 06:00 UTC', severity: 'CRITICAL', hostName: 'FILEWATCH01' };
    const { errorId } = await report(body);
    await report({ ...body, fileName: 'OTHER.csv', severity: 'MEDIUM' });
    expect(await report(body)).toMatchObject({ errorId, status: 'duplicate' });
    const messages = await eventually(alerts, (found) => found.length > 0);
    // A little longer: anything else that was coming would have come by now.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await alerts()).toHaveLength(1);
    expect(messages[0]).toMatchObject({ subject: '[CRITICAL] MISSING SAP-FI SETTLEMENT_20261124.csv', attributes: { severity: 'CRITICAL', sourceSystem: 'SAP-FI', errorType: 'MISSING' } });
    expect(messages[0]!.protocols!.email).toContain(`Read it:       GET /sla-errors/${String(errorId)}`);
  }, 60_000);
});
