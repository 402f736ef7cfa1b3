import { deriveErrorId } from './error-id.js';
import { fileKeyOf } from './file-key.js';
import type { SlaErrorInput, SlaErrorRecord } from './sla-error.js';

/** What the request adds to every record it writes. */
export interface RecordContext {
  submittedBy: string;
  clientId: string;
  requestId: string;
  /** When the request was received (default `detectedAt`, `createdAt`). */
  now: Date;
  /** 0: no TTL. */
  retentionDays: number;
  /** The request's `Idempotency-Key`, if any: part of the id of every record it writes. */
  idempotencyKey?: string | undefined;
}

const DAY_SECONDS = 86_400;

/** Builds the stored record of one validated SLA error (docs/architecture.md, Data model). */
export const toRecord = (input: SlaErrorInput, context: RecordContext): SlaErrorRecord => {
  const errorId = deriveErrorId(input, context.idempotencyKey);
  const createdAt = context.now.toISOString();
  const record: SlaErrorRecord = {
    ...input,
    errorId,
    severity: input.severity ?? 'MEDIUM',
    detectedAt: input.detectedAt ?? createdAt,
    submittedBy: context.submittedBy,
    clientId: context.clientId,
    createdAt,
    requestId: context.requestId,
    fileKey: fileKeyOf(input.sourceSystem, input.fileName),
    deadlineDay: input.slaDeadline.slice(0, 10),
    deadlineSort: `${input.slaDeadline}#${errorId}`,
  };
  if (context.retentionDays > 0) record.expiresAt = Math.floor(context.now.getTime() / 1000) + context.retentionDays * DAY_SECONDS;
  return record;
};

/** DynamoDB's item size limit. */
export const MAX_ITEM_BYTES = 400 * 1024;

/**
 * An upper bound of the record's DynamoDB item size (attribute names and values as UTF-8; JSON
 * punctuation over-counts a little), to refuse an oversized item before writing anything.
 */
export const itemSizeBytes = (record: SlaErrorRecord): number => Buffer.byteLength(JSON.stringify(record), 'utf8');
