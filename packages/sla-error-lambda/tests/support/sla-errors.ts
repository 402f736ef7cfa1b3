import { createHash } from 'node:crypto';
import type { SlaErrorInput, SlaErrorRecord } from '../../src/sla-error.js';

/** One SLA error as a PowerShell job would report it (required fields only). */
export const minimalReport = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  fileName: 'PAY_20261124.csv',
  sourceSystem: 'payments-sftp',
  slaDeadline: '2026-11-24T06:00:00Z',
  errorType: 'MISSING',
  errorMessage: 'File PAY_20261124.csv did not arrive by 06:00 UTC.',
  ...overrides,
});

/** One SLA error with every optional field. */
export const fullReport = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...minimalReport(),
  errorType: 'LATE',
  errorMessage: 'File PAY_20261124.csv arrived 42 minutes late.',
  severity: 'HIGH',
  detectedAt: '2026-11-24T06:05:00Z',
  receivedAt: '2026-11-24T06:42:17.1234567+00:00',
  filePath: '\\\\fs01\\inbound\\payments',
  fileSizeBytes: 1048576,
  hostName: 'FS01',
  details: { jobName: 'Watch-PaymentFiles', attempt: 3, retried: true, ticket: null },
  ...overrides,
});

/** `n` distinct reports (different files), as a batch. */
export const batchOf = (n: number, overrides: Record<string, unknown> = {}): Record<string, unknown>[] =>
  Array.from({ length: n }, (_, index) => minimalReport({ fileName: `PAY_20261124_${String(index).padStart(3, '0')}.csv`, ...overrides }));

/** The validated, normalised form of {@link minimalReport}. */
export const validInput = (overrides: Partial<SlaErrorInput> = {}): SlaErrorInput => ({
  fileName: 'PAY_20261124.csv',
  sourceSystem: 'payments-sftp',
  slaDeadline: '2026-11-24T06:00:00.000Z',
  errorType: 'MISSING',
  errorMessage: 'File PAY_20261124.csv did not arrive by 06:00 UTC.',
  ...overrides,
});

/** What the request adds to every record, at a fixed instant. */
export const NOW = new Date('2026-11-24T06:07:08.901Z');
export const recordContext = (overrides: Record<string, unknown> = {}) => ({
  submittedBy: 'svc-file-monitor',
  clientId: 'test-client-id',
  requestId: 'req-unit-1',
  now: NOW,
  retentionDays: 400,
  ...overrides,
});

/** A stored record, written by hand (not by `toRecord`). */
export const storedRecord = (overrides: Partial<SlaErrorRecord> = {}): SlaErrorRecord => ({
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
  expiresAt: 1_830_060_428,
  ...overrides,
});

/**
 * The errorId docs/architecture.md (Data model) prescribes, worked out here independently of `src/error-id.ts`: the first
 * 32 hex characters of SHA-256 over JSON `[sourceSystem, fileName, slaDeadline, errorType(, key)]`.
 */
export const expectedErrorId = (
  breach: { sourceSystem: string; fileName: string; slaDeadline: string; errorType: string },
  idempotencyKey?: string,
): string =>
  createHash('sha256')
    .update(JSON.stringify([breach.sourceSystem, breach.fileName, breach.slaDeadline, breach.errorType, ...(idempotencyKey ? [idempotencyKey] : [])]))
    .digest('hex')
    .slice(0, 32);
