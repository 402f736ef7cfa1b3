import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalServices, WRITER, type LocalServices } from '../support/local-services.js';

// login → single post → batch post → repeats, through the built bundles (dist/*/index.mjs),
// against the official DynamoDB Local (Java) and cognito-local; every item read back from the table.

const USERNAME = WRITER.username;
let services: LocalServices;
let accessToken: string;
let clientId: string;

const post = (body: unknown, headers: Record<string, string> = {}) =>
  services.call({ method: 'POST', path: '/sla-errors', token: accessToken, headers, body: JSON.stringify(body) });
const tableItems = () => services.tableItems();

beforeAll(async () => {
  services = await startLocalServices({ RETENTION_DAYS: '30' });
  accessToken = await services.login();
  clientId = services.clientId;
}, 60_000);

afterAll(async () => {
  await services?.stop();
});

const single = {
  FileName: '  SETTLEMENT_20261124.csv ',
  SourceSystem: 'SAP-FI',
  SlaDeadline: { value: '/Date(1795496103000)/', DisplayHint: 2, DateTime: 'Tuesday, November 24, 2026 5:55:03 AM' },
  ErrorType: 'late',
  ErrorMessage: 'File arrived 42 minutes after its deadline.',
  ReceivedAt: '2026-11-24T07:37:03.1234567+01:00',
  FilePath: '\\\\fs01\\inbound\\sap',
  FileSizeBytes: 1048576,
  HostName: 'FS01',
  Details: { jobName: 'Watch-SapInbound', attempt: 2, escalated: false, ticket: null },
};

describe('POST /sla-errors through the built bundle, DynamoDB Local and cognito-local', () => {
  let singleId: string;
  let singleCreatedAt: string;

  it('stores one SLA error with every field normalised', async () => {
    const response = await post(single);
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ errorId: expect.stringMatching(/^[0-9a-f]{32}$/), status: 'created', createdAt: expect.any(String) });
    singleId = response.json.errorId as string;
    singleCreatedAt = response.json.createdAt as string;

    const item = (await tableItems()).find((stored) => stored.errorId === singleId);
    expect(item).toEqual({
      errorId: singleId,
      fileName: 'SETTLEMENT_20261124.csv',
      sourceSystem: 'SAP-FI',
      slaDeadline: '2026-11-24T04:55:03.000Z',
      errorType: 'LATE',
      errorMessage: 'File arrived 42 minutes after its deadline.',
      severity: 'MEDIUM',
      detectedAt: singleCreatedAt,
      receivedAt: '2026-11-24T06:37:03.123Z',
      filePath: '\\\\fs01\\inbound\\sap',
      fileSizeBytes: 1048576,
      hostName: 'FS01',
      details: { jobName: 'Watch-SapInbound', attempt: 2, escalated: false, ticket: null },
      submittedBy: USERNAME,
      clientId,
      createdAt: singleCreatedAt,
      requestId: expect.any(String),
      fileKey: 'SAP-FI#SETTLEMENT_20261124.csv',
      deadlineDay: '2026-11-24',
      deadlineSort: `2026-11-24T04:55:03.000Z#${singleId}`,
      expiresAt: Math.floor(Date.parse(singleCreatedAt) / 1000) + 30 * 86_400,
    });
  });

  it('answers a repeat as a duplicate and never overwrites the record', async () => {
    const before = (await tableItems()).find((stored) => stored.errorId === singleId);
    const repeat = await post({ ...single, ErrorMessage: 'A different text for the same breach.' });
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json).toEqual({ errorId: singleId, status: 'duplicate', createdAt: singleCreatedAt });
    expect((await tableItems()).find((stored) => stored.errorId === singleId)).toEqual(before);
  });

  it('makes the Idempotency-Key part of a single report’s identity', async () => {
    const keyed = await post(single, { 'Idempotency-Key': 'run-2026-11-24-0600' });
    expect(keyed.json.status).toBe('created');
    expect(keyed.json.errorId).not.toBe(singleId);
    const again = await post(single, { 'Idempotency-Key': 'run-2026-11-24-0600' });
    expect(again.json).toMatchObject({ errorId: keyed.json.errorId, status: 'duplicate' });
  });

  it('stores a batch, with repeats inside it and across requests reported as duplicates', async () => {
    const batch = [0, 1, 2].map((n) => ({
      fileName: `GL_EXPORT_2026112${n}.csv`,
      sourceSystem: 'ORACLE-GL',
      slaDeadline: `2026-11-2${n}T05:00:00Z`,
      errorType: 'MISSING',
      errorMessage: `No GL export for day ${n}.`,
      severity: 'high',
    }));
    const first = await post([...batch, batch[1]]);
    expect(first.statusCode).toBe(200);
    expect(first.json).toMatchObject({ created: 3, duplicates: 1 });
    const results = first.json.results as Array<{ index: number; errorId: string; status: string }>;
    expect(results.map((result) => result.status)).toEqual(['created', 'created', 'created', 'duplicate']);
    expect(results[3]!.errorId).toBe(results[1]!.errorId);

    const resent = await post(batch);
    expect(resent.json).toMatchObject({ created: 0, duplicates: 3 });

    const stored = await tableItems();
    for (const [index, result] of results.slice(0, 3).entries()) {
      const item = stored.find((candidate) => candidate.errorId === result.errorId);
      expect(item).toMatchObject({
        fileName: batch[index]!.fileName,
        sourceSystem: 'ORACLE-GL',
        slaDeadline: `2026-11-2${index}T05:00:00.000Z`,
        errorType: 'MISSING',
        severity: 'HIGH',
        submittedBy: USERNAME,
        deadlineDay: `2026-11-2${index}`,
      });
    }
  });

  describe('Idempotency-Key on a batch: part of every item’s id, as for a single report', () => {
    const items = [0, 1].map((n) => ({
      fileName: `AP_INVOICES_${n}.csv`,
      sourceSystem: 'SAP-AP',
      slaDeadline: '2026-11-25T05:00:00Z',
      errorType: 'MISSING',
      errorMessage: `Invoice file ${n} missing.`,
    }));
    const idsOf = (response: { json: Record<string, unknown> }) => (response.json.results as Array<{ errorId: string }>).map((result) => result.errorId);

    it('a batch resent with the same key is all duplicates; with another key, all new records; without, the plain ids', async () => {
      const first = await post(items, { 'Idempotency-Key': 'ap-run-0500' });
      expect(first.statusCode).toBe(200);
      expect(first.json).toMatchObject({ created: 2, duplicates: 0 });

      const retried = await post(items, { 'Idempotency-Key': 'ap-run-0500' });
      expect(retried.json).toMatchObject({ created: 0, duplicates: 2 });
      expect(idsOf(retried)).toEqual(idsOf(first));

      const nextRun = await post(items, { 'Idempotency-Key': 'ap-run-0600' });
      expect(nextRun.json).toMatchObject({ created: 2, duplicates: 0 });
      const plain = await post(items);
      expect(plain.json).toMatchObject({ created: 2, duplicates: 0 });
      expect(new Set([...idsOf(first), ...idsOf(nextRun), ...idsOf(plain)]).size).toBe(6);

      const stored = await tableItems();
      for (const errorId of [...idsOf(first), ...idsOf(nextRun), ...idsOf(plain)]) {
        expect(stored.filter((item) => item.errorId === errorId)).toHaveLength(1);
      }
    });

    it('an item has the same id with the same key whether sent alone or in a batch', async () => {
      const batch = await post(items, { 'Idempotency-Key': 'ap-run-0700' });
      // PowerShell sends a one-item array as the item itself: the same record either way.
      const alone = await post(items[1], { 'Idempotency-Key': 'ap-run-0700' });
      expect(alone.json).toMatchObject({ errorId: idsOf(batch)[1], status: 'duplicate' });
    });

    it.each([
      ['empty', ''],
      ['longer than 255 characters', 'k'.repeat(256)],
      ['with a space inside', 'ap run'],
      ['not ASCII', 'lauf-ü'],
    ])('a key %s → the same 400 for a batch as for a single report, nothing written', async (_label, key) => {
      const before = (await tableItems()).length;
      const batch = await post(items, { 'Idempotency-Key': key });
      const one = await post(items[0], { 'Idempotency-Key': key });
      for (const response of [batch, one]) {
        expect(response.statusCode).toBe(400);
        expect(response.json).toMatchObject({
          type: 'https://file-sla-errors.dev/problems/bad-idempotency-key',
          detail: 'The Idempotency-Key header must be 1 to 255 visible characters.',
        });
      }
      expect((await tableItems()).length).toBe(before);
    });
  });

  it('writes nothing from a batch with one invalid item, and lists every problem', async () => {
    const before = (await tableItems()).length;
    const response = await post([
      { fileName: 'A.csv', sourceSystem: 'X', slaDeadline: '2026-11-24T06:00:00Z', errorType: 'LATE', errorMessage: 'ok' },
      { fileName: 'B.csv', sourceSystem: 'X', slaDeadline: '2026-11-24T06:00:00', errorType: 'SOON', errorMessage: 'bad' },
    ]);
    expect(response.statusCode).toBe(400);
    const paths = (response.json.errors as Array<{ path: string }>).map((error) => error.path).sort();
    expect(paths).toEqual(['/1/errorType', '/1/slaDeadline']);
    expect((await tableItems()).length).toBe(before);
  });

  it('refuses a token of another kind and a missing one', async () => {
    expect((await services.call({ method: 'POST', path: '/sla-errors', body: JSON.stringify(single) })).statusCode).toBe(401);
    const idToken = await services.login(WRITER, 'idToken');
    const withIdToken = await post(single, { authorization: `Bearer ${idToken}` });
    expect(withIdToken.statusCode).toBe(401);
    expect(withIdToken.headers['www-authenticate']).toMatch(/^Bearer/);
  });
});
