import { hash } from 'node:crypto';
import type { SlaErrorInput } from './sla-error.js';

/**
 * The record id: 32 hex characters of SHA-256 over the breach's identity — the JSON array
 * `[sourceSystem, fileName, slaDeadline, errorType]`, with the request's `Idempotency-Key`
 * appended when one is given — so the same breach reported twice is one record.
 *
 * JSON writes each part as a quoted, escaped string, so distinct tuples are distinct texts whatever
 * characters the parts hold (`["a#b","c"]` is not `["a","b#c"]`); a lone surrogate is written as a
 * `\u` escape, so the UTF-8 bytes hashed are distinct too.
 *
 * @example
 * deriveErrorId({ sourceSystem: 'SAP-FI', fileName: 'GL.csv', slaDeadline: '2026-11-24T06:00:00.000Z', errorType: 'LATE' }, 'run-7');
 * // 32 hex characters, the same for every report of this breach with this key
 */
export const deriveErrorId = (input: Pick<SlaErrorInput, 'sourceSystem' | 'fileName' | 'slaDeadline' | 'errorType'>, idempotencyKey?: string): string => {
  const identity = [input.sourceSystem, input.fileName, input.slaDeadline, input.errorType];
  if (idempotencyKey) identity.push(idempotencyKey);
  return hash('sha256', JSON.stringify(identity), 'hex').slice(0, 32);
};
