import { describe, expect, it } from '@jest/globals';
import { HttpError, InternalError, problemBody } from '@file-sla/shared-middleware';
import { BatchWriteError, badIdempotencyKey, itemTooLarge, type ItemResult } from '../../src/errors.js';
import { PROBLEM_TYPE_BASE, problemOptions } from '../../src/problem-options.js';

describe('BatchWriteError', () => {
  const results: ItemResult[] = [
    { index: 0, errorId: 'a'.repeat(32), status: 'created' },
    { index: 1, errorId: 'b'.repeat(32), status: 'failed' },
    { index: 2, errorId: 'c'.repeat(32), status: 'duplicate' },
    { index: 3, errorId: 'a'.repeat(32), status: 'duplicate' },
  ];
  const cause = Object.assign(new Error('Throughput exceeds the current capacity of table FileSlaErrors'), { name: 'ThrottlingException' });

  it('is a 500 whose log line counts the failed items and keeps the cause', () => {
    const error = new BatchWriteError(results, cause);
    expect(error).toBeInstanceOf(InternalError);
    expect(error.statusCode).toBe(500);
    expect(error.expose).toBe(false);
    expect(error.logMessage).toBe('Batch write failed for 1 of 4 items');
    expect(error.cause).toBe(cause);
  });

  it('exposes the per-item results and the counts, not the cause', () => {
    const body = problemBody(new BatchWriteError(results, cause), 'req-1', problemOptions);
    expect(body).toEqual({
      type: `${PROBLEM_TYPE_BASE}internal-error`,
      title: 'Internal server error',
      status: 500,
      detail: 'Internal server error',
      requestId: 'req-1',
      results,
      created: 1,
      duplicates: 2,
      failed: 1,
    });
    expect(JSON.stringify(body)).not.toContain('Throughput');
    expect(JSON.stringify(body)).not.toContain('ThrottlingException');
  });
});

describe('itemTooLarge', () => {
  it('is a 400 item-too-large naming the size and the limit', () => {
    const problem = itemTooLarge(undefined, 409_700, 409_600);
    expect(problem).toBeInstanceOf(HttpError);
    expect(problem.statusCode).toBe(400);
    expect(problem.type).toBe('item-too-large');
    expect(problem.title).toBe('SLA error too large');
    expect(problem.detail).toBe('The SLA error would take 409700 bytes; the limit is 409600. Shorten errorMessage or details.');
  });

  it('names the index of the item in a batch', () => {
    expect(itemTooLarge(7, 500_000, 409_600).detail).toBe(
      'The SLA error at index 7 would take 500000 bytes; the limit is 409600. Shorten errorMessage or details.',
    );
    expect(itemTooLarge(0, 500_000, 409_600).detail).toContain('at index 0');
  });
});

describe('badIdempotencyKey', () => {
  it('is a 400 bad-idempotency-key that says what is accepted', () => {
    const problem = badIdempotencyKey(255);
    expect(problem.statusCode).toBe(400);
    expect(problem.type).toBe('bad-idempotency-key');
    expect(problem.detail).toBe('The Idempotency-Key header must be 1 to 255 visible characters.');
  });
});
