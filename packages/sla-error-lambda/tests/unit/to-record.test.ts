import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fuzzParams } from '@file-sla/test-support';
import { MARSHALL_OPTIONS } from '../../src/dynamodb-client.js';
import { validateSlaErrorRequest } from '../../src/generated/validators.js';
import { deriveErrorId } from '../../src/error-id.js';
import { queryInput } from '../../src/sla-error-store.js';
import { itemSizeBytes, MAX_ITEM_BYTES, toRecord } from '../../src/to-record.js';
import { anyName, splitPairs } from '../support/names.js';
import { NOW, recordContext, storedRecord, validInput } from '../support/sla-errors.js';

const DAY = 86_400;
const nowSeconds = Math.floor(NOW.getTime() / 1000);

describe('toRecord', () => {
  it('adds what docs/architecture.md (Data model) stores alongside the report', () => {
    expect(toRecord(validInput(), recordContext())).toEqual({
      ...validInput(),
      errorId: '426a9ac1c4eafd034aa6929ccfb92037',
      severity: 'MEDIUM',
      detectedAt: '2026-11-24T06:07:08.901Z',
      submittedBy: 'svc-file-monitor',
      clientId: 'test-client-id',
      createdAt: '2026-11-24T06:07:08.901Z',
      requestId: 'req-unit-1',
      fileKey: 'payments-sftp#PAY_20261124.csv',
      deadlineDay: '2026-11-24',
      deadlineSort: '2026-11-24T06:00:00.000Z#426a9ac1c4eafd034aa6929ccfb92037',
      expiresAt: nowSeconds + 400 * DAY,
    });
    expect(toRecord(validInput(), recordContext())).toEqual(storedRecord());
  });

  it('severity defaults to MEDIUM; a given one is kept', () => {
    expect(toRecord(validInput(), recordContext()).severity).toBe('MEDIUM');
    expect(toRecord(validInput({ severity: 'CRITICAL' }), recordContext()).severity).toBe('CRITICAL');
  });

  it('detectedAt defaults to createdAt (when the request was received); a given one is kept', () => {
    const record = toRecord(validInput(), recordContext());
    expect(record.detectedAt).toBe(record.createdAt);
    expect(record.createdAt).toBe(NOW.toISOString());
    expect(toRecord(validInput({ detectedAt: '2026-11-24T06:01:00.000Z' }), recordContext()).detectedAt).toBe('2026-11-24T06:01:00.000Z');
  });

  it('keeps every optional field as given', () => {
    const optional = {
      receivedAt: '2026-11-24T06:42:17.123Z',
      filePath: '\\\\fs01\\inbound\\payments',
      fileSizeBytes: 0,
      hostName: 'FS01',
      details: { jobName: 'Watch-PaymentFiles', attempt: 3, retried: false, ticket: null },
    };
    expect(toRecord(validInput(optional), recordContext())).toMatchObject(optional);
  });

  it('expiresAt = createdAt + RETENTION_DAYS days, in epoch seconds', () => {
    const record = toRecord(validInput(), recordContext({ retentionDays: 30 }));
    expect(record.expiresAt).toBe(nowSeconds + 30 * DAY);
    expect(record.expiresAt).toBe(Math.floor(Date.parse(record.createdAt) / 1000) + 30 * 86_400);
    expect(toRecord(validInput(), recordContext({ retentionDays: 1 })).expiresAt).toBe(nowSeconds + DAY);
    expect(toRecord(validInput(), recordContext({ retentionDays: 36_500 })).expiresAt).toBe(nowSeconds + 36_500 * DAY);
  });

  it('has no expiresAt at all when RETENTION_DAYS is 0 (kept for ever)', () => {
    const record = toRecord(validInput(), recordContext({ retentionDays: 0 }));
    expect(record).not.toHaveProperty('expiresAt');
    expect(Object.keys(record)).not.toContain('expiresAt');
  });

  it('index keys: fileKey = sourceSystem#fileName, deadlineDay = UTC day, deadlineSort = slaDeadline#errorId', () => {
    const record = toRecord(validInput({ sourceSystem: 'sap', fileName: 'GL#1.txt', slaDeadline: '2026-12-31T23:59:59.999Z' }), recordContext());
    expect(record.fileKey).toBe('sap#GL#1.txt');
    expect(record.deadlineDay).toBe('2026-12-31');
    expect(record.deadlineSort).toBe(`2026-12-31T23:59:59.999Z#${record.errorId}`);
  });

  it('fileKey escapes "#" and "\\" of the source system, so that it names one file', () => {
    expect(toRecord(validInput({ sourceSystem: 'PARTNER#EUx', fileName: 'feed.csv' }), recordContext()).fileKey).toBe('PARTNER\\#EUx#feed.csv');
    expect(toRecord(validInput({ sourceSystem: 'PARTNER', fileName: 'EUx#feed.csv' }), recordContext()).fileKey).toBe('PARTNER#EUx#feed.csv');
    expect(toRecord(validInput({ sourceSystem: 'DOM\\svc', fileName: 'f' }), recordContext()).fileKey).toBe('DOM\\\\svc#f');
  });

  const fileKeyOfPair = ([sourceSystem, fileName]: readonly [string, string]) => toRecord(validInput({ sourceSystem, fileName }), recordContext()).fileKey;
  const queriedKeyOf = ([sourceSystem, fileName]: readonly [string, string]) =>
    queryInput('FileSlaErrors', { kind: 'byFile', sourceSystem, fileName }, 1).ExpressionAttributeValues?.[':fileKey'];

  it('property: records of two files that split a#b#c at another "#" have different file keys', () => {
    fc.assert(
      fc.property(splitPairs(), ([left, right]) => {
        expect(fileKeyOfPair(left)).not.toBe(fileKeyOfPair(right));
      }),
      fuzzParams(),
    );
  });

  it('property: distinct (sourceSystem, fileName) pairs give distinct file keys; the query of a pair asks for exactly its key', () => {
    fc.assert(
      fc.property(fc.tuple(anyName(), anyName()), fc.tuple(anyName(), anyName()), (left, right) => {
        expect(queriedKeyOf(left)).toEqual({ S: fileKeyOfPair(left) });
        if (left[0] !== right[0] || left[1] !== right[1]) expect(fileKeyOfPair(left)).not.toBe(fileKeyOfPair(right));
      }),
      fuzzParams(),
    );
  });

  it('the Idempotency-Key of the request is part of the id', () => {
    const keyed = toRecord(validInput(), recordContext({ idempotencyKey: 'run-1' }));
    expect(keyed.errorId).toBe(deriveErrorId(validInput(), 'run-1'));
    expect(keyed.errorId).not.toBe(toRecord(validInput(), recordContext()).errorId);
    expect(keyed.deadlineSort).toBe(`2026-11-24T06:00:00.000Z#${keyed.errorId}`);
    expect(keyed).not.toHaveProperty('idempotencyKey');
  });
});

describe('itemSizeBytes', () => {
  it('MAX_ITEM_BYTES is DynamoDB’s 400 KiB', () => {
    expect(MAX_ITEM_BYTES).toBe(409_600);
  });

  it('is an upper bound of the item size: at least every attribute name and string value in UTF-8', () => {
    const record = storedRecord();
    const names = Object.keys(record).join('');
    const values = Object.values(record).filter((value): value is string => typeof value === 'string').join('');
    expect(itemSizeBytes(record)).toBeGreaterThanOrEqual(Buffer.byteLength(names + values, 'utf8'));
    expect(itemSizeBytes(record)).toBe(Buffer.byteLength(JSON.stringify(record), 'utf8'));
  });

  it('counts bytes, not characters', () => {
    const ascii = itemSizeBytes(storedRecord({ errorMessage: 'x'.repeat(1000) }));
    const emoji = itemSizeBytes(storedRecord({ errorMessage: '😀'.repeat(1000) }));
    expect(emoji - ascii).toBe(3000);
  });

  it('a record over 400 KiB is over the limit, one just under is not', () => {
    const base = itemSizeBytes(storedRecord({ errorMessage: '' }));
    expect(itemSizeBytes(storedRecord({ errorMessage: 'x'.repeat(MAX_ITEM_BYTES - base) }))).toBe(MAX_ITEM_BYTES);
    expect(itemSizeBytes(storedRecord({ errorMessage: 'x'.repeat(MAX_ITEM_BYTES - base + 1) }))).toBeGreaterThan(MAX_ITEM_BYTES);
    expect(itemSizeBytes(storedRecord({ details: { blob: 'é'.repeat(210_000) } }))).toBeGreaterThan(MAX_ITEM_BYTES);
  });
});

describe('records of valid reports can be marshalled by the SDK (else the write would be a 500)', () => {
  /** The marshalling the store does. */
  const marshalled = (record: object) => marshall(record, MARSHALL_OPTIONS);

  it('every field at its extreme values', () => {
    const max = Number.MAX_SAFE_INTEGER;
    const input = validInput({
      severity: 'LOW',
      detectedAt: '2026-11-24T06:01:00.000Z',
      receivedAt: '2026-11-24T06:02:00.000Z',
      filePath: 'p'.repeat(2048),
      fileSizeBytes: max,
      hostName: 'h'.repeat(255),
      details: { max, min: -max, half: 0.5, tiny: -1e-9, flag: false, none: null, text: '😀'.repeat(1000) },
    });
    expect(validateSlaErrorRequest(input)).toBe(true);
    const record = toRecord(input, recordContext());
    expect(() => marshalled(record)).not.toThrow();
    expect(marshalled(record)).toMatchObject({ fileSizeBytes: { N: String(max) }, details: { M: { min: { N: String(-max) } } } });
  });

  it('details named like Object.prototype members marshal, and read back the same', () => {
    const details = JSON.parse('{"constructor":"c","toString":1,"valueOf":null,"hasOwnProperty":true,"isPrototypeOf":""}') as Record<string, unknown>;
    const input = validInput({ details: details as never });
    expect(validateSlaErrorRequest(input)).toBe(true);
    const record = toRecord(input, recordContext());
    expect(unmarshall(marshalled(record))).toEqual(record);
  });

  it('a number beyond 2^53 - 1 would not marshal, so the schema refuses it', () => {
    const input = validInput({ details: { big: Number.MAX_SAFE_INTEGER + 1 } });
    expect(() => marshalled(toRecord(input, recordContext()))).toThrow(/MAX_SAFE_INTEGER/);
    expect(validateSlaErrorRequest(input)).toBe(false);
  });
});
