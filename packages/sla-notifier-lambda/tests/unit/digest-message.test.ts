import { describe, expect, it } from '@jest/globals';
import { MAX_MESSAGE_BYTES, snsMessage } from '../../src/alert-message.js';
import { DIGEST_LISTED, digestMessage } from '../../src/digest-message.js';
import { readSlaErrorImage } from '../../src/sla-error-image.js';
import { insertOf } from '../support/stream-records.js';

const records = (count: number, overrides: (i: number) => Record<string, unknown> = () => ({})) =>
  Array.from({ length: count }, (_, i) =>
    readSlaErrorImage(insertOf({ errorId: `id${String(i).padStart(2, '0')}`, fileName: `GL_${i}.csv`, severity: 'HIGH', slaDeadline: `2026-11-2${i % 2 === 0 ? 4 : 5}T06:00:00.000Z`, ...overrides(i) })),
  );

describe('digestMessage', () => {
  it('says how many, the worst severity, counts by severity and type, the most urgent files, and how to query the rest', () => {
    const message = digestMessage('SAP-FI', records(12, (i) => (i === 7 ? { severity: 'CRITICAL', errorType: 'LATE' } : {})));
    expect(message.subject).toBe('[CRITICAL] 12 SLA breaches from SAP-FI (digest)');
    const lines = message.email.split('\n');
    expect(lines[0]).toBe('12 SLA breaches from SAP-FI arrived together; worst severity CRITICAL.');
    expect(message.email).toContain('By severity: CRITICAL 1, HIGH 11');
    expect(message.email).toContain('By type:     MISSING 11, LATE 1');
    expect(message.email).toContain(`The ${DIGEST_LISTED} most urgent (worst first, then by deadline):\n  [CRITICAL] LATE GL_7.csv`);
    expect(lines.filter((line) => line.startsWith('  ['))).toHaveLength(DIGEST_LISTED);
    expect(message.email).toContain('… and 2 more, not listed here.');
    expect(message.email).toContain('Every SLA error due on those days: GET /sla-errors?date=2026-11-24, GET /sla-errors?date=2026-11-25 (page on with nextToken).');
    expect(JSON.parse(message.json)).toMatchObject({ type: 'sla-error-digest', sourceSystem: 'SAP-FI', count: 12, worstSeverity: 'CRITICAL', bySeverity: { CRITICAL: 1, HIGH: 11 }, deadlineDays: ['2026-11-24', '2026-11-25'] });
    expect((JSON.parse(message.json) as { errors: unknown[] }).errors).toHaveLength(12);
    expect(message.attributes).toEqual({ severity: 'CRITICAL', sourceSystem: 'SAP-FI', errorType: 'MIXED', alertKind: 'digest' });
  });

  it('a digest of one type carries that type as its attribute; a short one lists them all', () => {
    const message = digestMessage('SAP-FI', records(6));
    expect(message.attributes.errorType).toBe('MISSING');
    expect(message.email).toContain('All of them (worst first, then by deadline):');
    expect(message.email).not.toContain('more, not listed here');
  });

  it('stays within one SNS message with the longest file names of a full batch', () => {
    const message = digestMessage('S'.repeat(128), records(100, (i) => ({ fileName: `${'F'.repeat(500)}${i}`, errorId: `${'e'.repeat(31)}${i}` })));
    expect(Buffer.byteLength(snsMessage(message), 'utf8')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(message.subject.length).toBeLessThan(100);
  });
});
