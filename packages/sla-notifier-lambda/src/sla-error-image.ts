import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { MalformedImageError } from './errors.js';
import { isSeverity, type Severity } from './severity.js';

/** What an alert tells of one stored SLA error (the new image of its INSERT). */
export interface AlertRecord {
  errorId: string;
  fileName: string;
  sourceSystem: string;
  slaDeadline: string;
  errorType: string;
  errorMessage: string;
  severity: Severity;
  detectedAt: string;
  filePath?: string;
  fileSizeBytes?: number;
  hostName?: string;
  receivedAt?: string;
  submittedBy?: string;
  createdAt?: string;
  details?: Record<string, string | number | boolean | null>;
}

const REQUIRED = ['errorId', 'fileName', 'sourceSystem', 'slaDeadline', 'errorType', 'errorMessage', 'detectedAt'] as const;
const OPTIONAL_TEXT = ['filePath', 'hostName', 'receivedAt', 'submittedBy', 'createdAt'] as const;


const isScalar = (value: unknown): value is string | number | boolean | null =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

/**
 * Reads the SLA error out of a stream record's new image, checking every field an alert uses.
 *
 * @throws {MalformedImageError} listing every problem (no image, a missing or mistyped field)
 */
export const readSlaErrorImage = (record: DynamoDBRecord): AlertRecord => {
  const image = record.dynamodb?.NewImage;
  if (image === undefined || image === null || typeof image !== 'object') {
    throw new MalformedImageError(['the record has no NewImage (the stream must be NEW_IMAGE or NEW_AND_OLD_IMAGES)']);
  }
  let item: Record<string, unknown>;
  try {
    item = unmarshall(image as Parameters<typeof unmarshall>[0]);
  } catch (error) {
    throw new MalformedImageError([`the image is not DynamoDB JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
  const problems: string[] = [];
  for (const name of REQUIRED) {
    const value = item[name];
    if (value === undefined) problems.push(`${name} is missing`);
    else if (typeof value !== 'string' || value.trim() === '') problems.push(`${name} must be a non-empty string`);
  }
  if (!isSeverity(item.severity)) problems.push(`severity must be LOW, MEDIUM, HIGH or CRITICAL (got ${JSON.stringify(item.severity) ?? 'nothing'})`);
  for (const name of OPTIONAL_TEXT) {
    if (item[name] !== undefined && typeof item[name] !== 'string') problems.push(`${name} must be a string`);
  }
  if (item.fileSizeBytes !== undefined && typeof item.fileSizeBytes !== 'number') problems.push('fileSizeBytes must be a number');
  const details = item.details;
  if (details !== undefined && (typeof details !== 'object' || details === null || Array.isArray(details) || !Object.values(details).every(isScalar))) {
    problems.push('details must be a map of strings, numbers, booleans or nulls');
  }
  if (problems.length > 0) throw new MalformedImageError(problems);
  // The fields an alert tells of, in this order; the table's own keys (index keys, TTL) stay out.
  const alert: Record<string, unknown> = {};
  for (const name of [...REQUIRED, 'severity', ...OPTIONAL_TEXT, 'fileSizeBytes', 'details'] as const) {
    if (item[name] !== undefined) alert[name] = item[name];
  }
  return alert as unknown as AlertRecord;
};
