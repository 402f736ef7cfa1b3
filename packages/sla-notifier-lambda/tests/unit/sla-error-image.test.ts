import { describe, expect, it } from '@jest/globals';
import { MalformedImageError } from '../../src/errors.js';
import { readSlaErrorImage } from '../../src/sla-error-image.js';
import { insertOf, streamRecord } from '../support/stream-records.js';

const problemsOf = (run: () => unknown): readonly string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof MalformedImageError) return error.problems;
    throw error;
  }
  throw new Error('no error');
};

describe('readSlaErrorImage', () => {
  it('reads the stored SLA error out of the NEW_IMAGE', () => {
    expect(readSlaErrorImage(insertOf({ fileSizeBytes: 12, details: { a: 1, b: null } }))).toMatchObject({ errorId: '4f1c2a9e0b7d4c3f8a6e5d2c1b0a9f8e', severity: 'CRITICAL', fileSizeBytes: 12, details: { a: 1, b: null } });
  });

  it('lists every problem of an image that is no SLA error', () => {
    expect(problemsOf(() => readSlaErrorImage(streamRecord('INSERT', { errorId: '', fileName: 7, severity: 'urgent', hostName: 3, fileSizeBytes: 'big', details: ['x'] })))).toEqual([
      'errorId must be a non-empty string',
      'fileName must be a non-empty string',
      'sourceSystem is missing',
      'slaDeadline is missing',
      'errorType is missing',
      'errorMessage is missing',
      'detectedAt is missing',
      'severity must be LOW, MEDIUM, HIGH or CRITICAL (got "urgent")',
      'hostName must be a string',
      'fileSizeBytes must be a number',
      'details must be a map of strings, numbers, booleans or nulls',
    ]);
  });

  it('says so when there is no image, or it is no DynamoDB JSON', () => {
    expect(problemsOf(() => readSlaErrorImage(streamRecord('INSERT', undefined)))).toEqual(['the record has no NewImage (the stream must be NEW_IMAGE or NEW_AND_OLD_IMAGES)']);
    const broken = insertOf();
    broken.dynamodb!.NewImage = { errorId: { Q: 'x' } as never };
    expect(problemsOf(() => readSlaErrorImage(broken))[0]).toMatch(/^the image is not DynamoDB JSON/);
  });
});
