import { canonicalizeKeys } from '@file-sla/shared-middleware';
import { parseDateTime } from './date-time.js';
import { SLA_ERROR_FIELDS } from './sla-error.js';

const DATE_FIELDS = new Set(['slaDeadline', 'detectedAt', 'receivedAt']);
const ENUM_FIELDS = new Set(['errorType', 'severity']);

const normalizeItem = (value: unknown, path: string): unknown => {
  const item = canonicalizeKeys(value, SLA_ERROR_FIELDS, path);
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
  const record = item as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const field = record[key];
    if (DATE_FIELDS.has(key)) {
      // Unreadable dates stay as sent, for the schema to report with its advice.
      const parsed = parseDateTime(field);
      if (parsed !== undefined) record[key] = parsed;
      else if (typeof field === 'string' && field.trim() === '') delete record[key];
      continue;
    }
    if (typeof field !== 'string' || key === 'details') continue;
    const trimmed = field.trim();
    if (trimmed === '') delete record[key];
    else record[key] = ENUM_FIELDS.has(key) ? trimmed.toUpperCase() : trimmed;
  }
  return record;
};

/**
 * Reshapes a `POST /sla-errors` body before validation, the way PowerShell scripts need it:
 * property names matched case-insensitively, strings trimmed (empty counts as missing), enums
 * upper-cased, every date-time form converted to UTC ISO 8601 with milliseconds.
 */
export const normalizeSlaErrorRequest = (body: unknown): unknown =>
  Array.isArray(body) ? body.map((item, index) => normalizeItem(item, `/${index}`)) : normalizeItem(body, '');
