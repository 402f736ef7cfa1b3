/** The kinds of SLA breach. */
export type ErrorType = 'MISSING' | 'LATE' | 'EMPTY' | 'INCOMPLETE' | 'INVALID_FORMAT' | 'DUPLICATE' | 'OTHER';

/** How bad it is. */
export type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** Free-form extras: flat, JSON scalars only. */
export type SlaErrorDetails = Record<string, string | number | boolean | null>;

/** One SLA error as a caller reports it, once normalised and validated. */
export interface SlaErrorInput {
  fileName: string;
  sourceSystem: string;
  /** UTC ISO 8601 with milliseconds. */
  slaDeadline: string;
  errorType: ErrorType;
  errorMessage: string;
  severity?: Severity;
  detectedAt?: string;
  receivedAt?: string;
  filePath?: string;
  fileSizeBytes?: number;
  hostName?: string;
  details?: SlaErrorDetails;
}

/** The property names of {@link SlaErrorInput}, in their canonical spelling. */
export const SLA_ERROR_FIELDS = [
  'fileName',
  'sourceSystem',
  'slaDeadline',
  'errorType',
  'errorMessage',
  'severity',
  'detectedAt',
  'receivedAt',
  'filePath',
  'fileSizeBytes',
  'hostName',
  'details',
] as const;

/** A stored SLA error: the report plus what the service adds (docs/architecture.md, Data model). */
export interface SlaErrorRecord extends SlaErrorInput {
  errorId: string;
  severity: Severity;
  detectedAt: string;
  /** Token `username` of the reporter. */
  submittedBy: string;
  /** App client the token was issued to. */
  clientId: string;
  createdAt: string;
  /** Request that created the record. */
  requestId: string;
  /** GSI `byFile` partition: `sourceSystem#fileName`, `#` and `\` in `sourceSystem` escaped (see `fileKeyOf`). */
  fileKey: string;
  /** GSI `byDay` partition: UTC day of `slaDeadline`. */
  deadlineDay: string;
  /** GSI `byDay` sort: `slaDeadline#errorId`. */
  deadlineSort: string;
  /** TTL, epoch seconds; absent when records are kept for ever. */
  expiresAt?: number;
}
