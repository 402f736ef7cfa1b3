import { hash } from 'node:crypto';
import type { SlaErrorInput } from './sla-error.js';

/**
 * The record id: 32 hex characters of SHA-256 over the breach's identity — source system, file
 * name, deadline and error type (and the caller's `Idempotency-Key`, when given) — so the same
 * breach reported twice is one record.
 */
export const deriveErrorId = (input: Pick<SlaErrorInput, 'sourceSystem' | 'fileName' | 'slaDeadline' | 'errorType'>, idempotencyKey?: string): string => {
  const identity = [input.sourceSystem, input.fileName, input.slaDeadline, input.errorType];
  if (idempotencyKey) identity.push(idempotencyKey);
  return hash('sha256', JSON.stringify(identity), 'hex').slice(0, 32);
};
