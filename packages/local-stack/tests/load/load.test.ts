import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { freePort } from '../../src/free-port.ts';
import { captureProcessOutput, type OutputCapture } from '../../src/output-capture.ts';
import { createLocalDynamoDbClient } from '../../src/sla-error-table.ts';
import { DEMO_ACCOUNT, startLocalStack, TABLE_NAME, type LocalStack } from '../../src/stack.ts';

// Load on the whole local stack, in this process, over real HTTP: the gateway in front of the
// built bundles, cognito-local, and DynamoDB (dynalite embedded by default, LOAD_DYNAMODB=local for
// DynamoDB Local). Here, in local-stack, because it is the stack as `pnpm start` runs it that is
// under load — gateway, event building, both functions and the engine together — not one handler.
//
// LOAD_CLIENTS concurrent clients (default 20) log in, then send LOAD_REQUESTS POSTs in all
// (default 5,000): single objects and batches of fresh breaches and deliberate repeats — inside a
// batch, across clients and later in time, in other spellings (case, offsets) of the same breach.
// Afterwards: no 5xx (nor any other non-200), every errorId answered is in the table, the table
// holds exactly one record per distinct breach, and each breach was answered `created` exactly
// once and `duplicate` every other time. Throughput is printed.

const intEnv = (name: string, fallback: number, min: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min} (got "${raw}")`);
  return value;
};
const REQUESTS = intEnv('LOAD_REQUESTS', 5_000, 1);
const CLIENTS = intEnv('LOAD_CLIENTS', 20, 1);
const ENGINE = process.env.LOAD_DYNAMODB === 'local' ? 'local' : 'embedded';
/** Each request's own bound (the gateway's integration time-out is 30 s). */
const REQUEST_TIMEOUT_MS = 30_000;

/** A small seeded PRNG (mulberry32): the same workload every run. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

const ERROR_TYPES = ['MISSING', 'LATE', 'EMPTY', 'INCOMPLETE', 'INVALID_FORMAT', 'DUPLICATE', 'OTHER'] as const;
const DAY0 = Date.UTC(2026, 10, 1);

/** Breach `n`, normalised as stored: distinct `n`, distinct (sourceSystem, fileName, slaDeadline, errorType). */
const breach = (n: number) => ({
  sourceSystem: `LOAD-SRC-${n % 5}`,
  fileName: `LOAD_${Math.floor(n / 3)}.csv`,
  // Three breaches share a file: two deadlines, and the third another error type.
  slaDeadline: new Date(DAY0 + (Math.floor(n / 3) % 40) * 86_400_000 + (n % 3 === 1 ? 3_600_000 : 0)).toISOString(),
  errorType: ERROR_TYPES[(Math.floor(n / 3) + (n % 3 === 2 ? 1 : 0)) % ERROR_TYPES.length]!,
});

/** What docs/architecture.md (Data model) derives the errorId from, worked out independently of the function. */
const expectedErrorId = (b: ReturnType<typeof breach>): string =>
  createHash('sha256').update(JSON.stringify([b.sourceSystem, b.fileName, b.slaDeadline, b.errorType])).digest('hex').slice(0, 32);

/** Breach `n` as a client sends it; a repeat in another spelling (property case, offset, enum case, text). */
const reportOf = (n: number, variant: boolean): Record<string, unknown> => {
  const b = breach(n);
  if (!variant) return { ...b, errorMessage: `Breach ${n}.`, severity: 'HIGH', details: { n } };
  const plusOne = new Date(Date.parse(b.slaDeadline) + 3_600_000).toISOString().replace('.000Z', '+01:00');
  return { SourceSystem: b.sourceSystem, FILENAME: ` ${b.fileName} `, slaDeadline: plusOne, errorType: b.errorType.toLowerCase(), ErrorMessage: `Breach ${n} again.` };
};

interface Sent {
  /** The breach number of each item, in body order. */
  breaches: number[];
  status: number;
  body: Record<string, unknown>;
}

let capture: OutputCapture;
let stack: LocalStack;
/** The gateway's access log (`POST /sla-errors → 200 (sla-error-lambda, 12 ms)`). */
const gatewayLog: string[] = [];
const secrets = new Set<string>([DEMO_ACCOUNT.password]);
const notes: string[] = [];

beforeAll(async () => {
  capture = captureProcessOutput();
  const [port, cognitoPort, dynamodbPort] = [await freePort(), await freePort(), await freePort()];
  stack = await startLocalStack({
    port,
    cognitoPort,
    dynamodbPort,
    dynamodb: ENGINE,
    persist: false,
    parameters: { LogLevel: 'INFO' },
    log: (line) => gatewayLog.push(line),
  });
  secrets.add(stack.cognito.clientSecret);
}, 120_000);

afterAll(async () => {
  capture?.restore();
  for (const note of notes) console.log(note);
  await stack?.stop();
});

describe(`load: ${CLIENTS} clients, ${REQUESTS} POSTs over HTTP to the local stack (${ENGINE} DynamoDB)`, () => {
  const sent: Sent[] = [];
  let elapsedMs = 0;

  it('answers every request 200', async () => {
    const random = prng(20261124);
    let nextFresh = 0;
    const used: number[] = [];
    /** Breaches in requests on their way; `raced`: sent while another request with them was. */
    const inFlight = new Map<number, number>();
    let raced = 0;
    const pick = (): number => {
      // About a third of the items repeat a breach sent before, by any client: half of those one of
      // the latest few, likely still in flight in another client's request (concurrent conditional
      // puts of one key), the other half any earlier one.
      if (used.length > 0 && random() < 0.3) {
        const window = random() < 0.5 ? Math.min(used.length, 2 * CLIENTS) : used.length;
        return used[used.length - 1 - Math.floor(random() * window)]!;
      }
      used.push(nextFresh);
      return (nextFresh += 1) - 1;
    };
    const http = async (path: string, body: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> => {
      const response = await fetch(`${stack.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    const client = async (quota: number): Promise<void> => {
      const login = await http('/auth', DEMO_ACCOUNT);
      expect(login.status).toBe(200);
      const token = login.body.accessToken as string;
      for (const name of ['accessToken', 'idToken', 'refreshToken']) secrets.add(login.body[name] as string);
      for (let i = 0; i < quota; i += 1) {
        const single = random() < 0.6;
        const breaches = Array.from({ length: single ? 1 : 2 + Math.floor(random() * 9) }, pick);
        // A quarter of the batches carry one of their breaches twice.
        if (!single && random() < 0.25) breaches.push(breaches[Math.floor(random() * breaches.length)]!);
        const reports = breaches.map((n, index) => reportOf(n, index > 0 && breaches.indexOf(n) < index ? true : random() < 0.3));
        for (const n of new Set(breaches)) {
          if (inFlight.has(n)) raced += 1;
          inFlight.set(n, (inFlight.get(n) ?? 0) + 1);
        }
        const answer = await http('/sla-errors', single ? reports[0] : reports, token);
        for (const n of new Set(breaches)) {
          const left = inFlight.get(n)! - 1;
          if (left === 0) inFlight.delete(n);
          else inFlight.set(n, left);
        }
        sent.push({ breaches, ...answer });
      }
    };

    const started = Date.now();
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(Math.floor(REQUESTS / CLIENTS) + (c < REQUESTS % CLIENTS ? 1 : 0))));
    elapsedMs = Date.now() - started;

    const items = sent.reduce((sum, request) => sum + request.breaches.length, 0);
    const statuses = Object.fromEntries([...new Set(sent.map((request) => request.status))].map((status) => [status, sent.filter((request) => request.status === status).length]));
    notes.push(
      `load (${ENGINE} DynamoDB, ${CLIENTS} clients): ${sent.length} POSTs with ${items} items (${new Set(sent.flatMap((request) => request.breaches)).size} distinct breaches) ` +
        `in ${(elapsedMs / 1000).toFixed(1)} s: ${((sent.length * 1000) / elapsedMs).toFixed(0)} requests/s, ${((items * 1000) / elapsedMs).toFixed(0)} items/s; ` +
        `${raced} breaches sent while already in flight in another request; statuses ${JSON.stringify(statuses)}`,
    );
    // Concurrent writes of one breach really happened (else "created once" would prove little).
    if (REQUESTS >= 1_000 && CLIENTS >= 10) expect(raced).toBeGreaterThan(0);
    expect(sent).toHaveLength(REQUESTS);
    expect(statuses).toEqual({ 200: REQUESTS });
    expect(gatewayLog.filter((line) => /^POST \/sla-errors → 200 /.test(line))).toHaveLength(REQUESTS);
    expect(gatewayLog.filter((line) => /^POST \/auth → 200 /.test(line))).toHaveLength(CLIENTS);
  }, 180_000);

  it('stored exactly one record per distinct breach, and every errorId it answered', async () => {
    expect(sent).toHaveLength(REQUESTS);
    const dynamo = createLocalDynamoDbClient(stack.dynamodbEndpoint);
    const stored = new Map<string, Record<string, AttributeValue>>();
    try {
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await dynamo.send(new ScanCommand({ TableName: TABLE_NAME, ExclusiveStartKey: startKey }));
        for (const item of page.Items ?? []) stored.set(item.errorId!.S!, item);
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    } finally {
      dynamo.destroy();
    }

    // Every (sourceSystem, fileName, slaDeadline, errorType) sent, and nothing else, one record each.
    const distinct = new Set(sent.flatMap((request) => request.breaches));
    const expected = new Map([...distinct].map((n) => [expectedErrorId(breach(n)), n]));
    expect(expected.size).toBe(distinct.size);
    expect(stored.size).toBe(expected.size);
    for (const [errorId, n] of expected) {
      const item = stored.get(errorId);
      const b = breach(n);
      expect(item && [item.sourceSystem?.S, item.fileName?.S, item.slaDeadline?.S, item.errorType?.S]).toEqual([b.sourceSystem, b.fileName, b.slaDeadline, b.errorType]);
    }

    // Each answer: the right errorId per item; each breach `created` exactly once, `duplicate` otherwise.
    const created = new Map<number, number>();
    let duplicates = 0;
    for (const request of sent) {
      const results = request.breaches.length === 1 && !Array.isArray(request.body.results) ? [request.body] : (request.body.results as Array<Record<string, unknown>>);
      expect(results).toHaveLength(request.breaches.length);
      request.breaches.forEach((n, index) => {
        const result = results[index]!;
        expect(result.errorId).toBe(expectedErrorId(breach(n)));
        expect(stored.has(result.errorId as string)).toBe(true);
        if (result.status === 'created') created.set(n, (created.get(n) ?? 0) + 1);
        else {
          expect(result.status).toBe('duplicate');
          duplicates += 1;
        }
      });
    }
    expect([...created.values()].every((count) => count === 1)).toBe(true);
    expect(created.size).toBe(distinct.size);
    const items = sent.reduce((sum, request) => sum + request.breaches.length, 0);
    expect(duplicates).toBe(items - distinct.size);
    expect(duplicates).toBeGreaterThan(items / 5);
    notes.push(`load: table holds ${stored.size} records = ${distinct.size} distinct breaches; ${created.size} answered created once each, ${duplicates} duplicates`);
  }, 60_000);

  it('logged no password, token or client secret', () => {
    const log = capture.text();
    for (const secret of secrets) expect(secret !== '' && log.includes(secret)).toBe(false);
    expect(log).not.toMatch(/eyJ[\w-]{8,}\.eyJ[\w-]{8,}/);
  });
});
