import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { READER, startLocalServices, type LocalServices } from '../support/local-services.js';

// GET /sla-errors/{errorId} and GET /sla-errors?… through the built bundle against DynamoDB
// Local: what POST stored is read back identically, and paging walks 250 records exactly once.

let services: LocalServices;
let writerToken: string;
let readerToken: string;

const INTERNAL = ['fileKey', 'deadlineDay', 'deadlineSort', 'expiresAt'];

const report = (n: number) => ({
  fileName: 'POS_SALES.csv',
  sourceSystem: 'POS-EU',
  // 250 deadlines: one an hour, spread over about eleven days.
  slaDeadline: new Date(Date.UTC(2026, 10, 20, 0, 0, 0) + n * 3_600_000).toISOString(),
  errorType: n % 2 === 0 ? 'LATE' : 'MISSING',
  errorMessage: `Store ${n} sent no sales file.`,
  details: { store: n },
});

beforeAll(async () => {
  services = await startLocalServices();
  [writerToken, readerToken] = await Promise.all([services.login(), services.login(READER)]);
  for (let start = 0; start < 250; start += 100) {
    const batch = Array.from({ length: Math.min(100, 250 - start) }, (_, i) => report(start + i));
    const response = await services.call({ method: 'POST', path: '/sla-errors', token: writerToken, body: JSON.stringify(batch) });
    expect(response.statusCode).toBe(200);
  }
}, 120_000);

afterAll(async () => {
  await services?.stop();
});

const get = (path: string, query?: string, token = readerToken) => services.call({ method: 'GET', path, ...(query ? { query } : {}), token });

describe('reading SLA errors back through the built bundle and DynamoDB Local', () => {
  it('GET /sla-errors/{errorId} answers exactly what was stored, without the index attributes', async () => {
    const stored = await services.tableItems();
    const item = stored[0]!;
    const response = await get(`/sla-errors/${item.errorId as string}`);
    expect(response.statusCode).toBe(200);
    const expected = Object.fromEntries(Object.entries(item).filter(([key]) => !INTERNAL.includes(key)));
    expect(response.json).toEqual(expected);
  });

  it('answers 404 for an unknown id', async () => {
    const response = await get('/sla-errors/0123456789abcdef0123456789abcdef');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json');
  });

  it('walks 250 records of one file, newest deadline first, with no gaps or repeats', async () => {
    const seen: string[] = [];
    const deadlines: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const query = `sourceSystem=POS-EU&fileName=POS_SALES.csv&limit=40${nextToken ? `&nextToken=${nextToken}` : ''}`;
      const response = await get('/sla-errors', query);
      expect(response.statusCode).toBe(200);
      const items = response.json.items as Array<Record<string, unknown>>;
      seen.push(...items.map((item) => item.errorId as string));
      deadlines.push(...items.map((item) => item.slaDeadline as string));
      for (const item of items) for (const key of INTERNAL) expect(item).not.toHaveProperty(key);
      nextToken = response.json.nextToken as string | undefined;
      pages += 1;
    } while (nextToken && pages < 20);
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(deadlines).toEqual([...deadlines].sort().reverse());
    expect(pages).toBeGreaterThanOrEqual(7);
  });

  it('limits a file query to [from, to]', async () => {
    const response = await get('/sla-errors', 'sourceSystem=POS-EU&fileName=POS_SALES.csv&from=2026-11-20T05:00:00Z&to=2026-11-20T10:00:00%2B01:00');
    const deadlines = (response.json.items as Array<{ slaDeadline: string }>).map((item) => item.slaDeadline);
    expect(deadlines).toEqual(['2026-11-20T09:00:00.000Z', '2026-11-20T08:00:00.000Z', '2026-11-20T07:00:00.000Z', '2026-11-20T06:00:00.000Z', '2026-11-20T05:00:00.000Z']);
  });

  it('lists one UTC day of deadlines', async () => {
    const response = await get('/sla-errors', 'date=2026-11-21&limit=100');
    const items = response.json.items as Array<{ slaDeadline: string }>;
    expect(items).toHaveLength(24);
    expect(items.every((item) => item.slaDeadline.startsWith('2026-11-21'))).toBe(true);
  });

  it('refuses a tampered or foreign nextToken', async () => {
    const first = await get('/sla-errors', 'date=2026-11-21&limit=5');
    const token = first.json.nextToken as string;
    expect(typeof token).toBe('string');
    const tampered = `${token.slice(0, -3)}${token.slice(-3) === 'AAA' ? 'BBB' : 'AAA'}`;
    expect((await get('/sla-errors', `date=2026-11-21&nextToken=${tampered}`)).statusCode).toBe(400);
    expect((await get('/sla-errors', `date=2026-11-22&nextToken=${token}`)).statusCode).toBe(400);
    expect((await get('/sla-errors', `sourceSystem=POS-EU&fileName=POS_SALES.csv&nextToken=${token}`)).statusCode).toBe(400);
  });

  it('enforces READER_GROUP: the writer-only account may not read', async () => {
    const response = await get('/sla-errors', 'date=2026-11-21', writerToken);
    expect(response.statusCode).toBe(403);
  });
});
