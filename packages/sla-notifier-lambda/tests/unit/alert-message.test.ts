import { describe, expect, it } from '@jest/globals';
import { alertMessage, alertSubject, MAX_MESSAGE_BYTES, MAX_SUBJECT, snsMessage } from '../../src/alert-message.js';
import { readSlaErrorImage, type AlertRecord } from '../../src/sla-error-image.js';
import { insertOf } from '../support/stream-records.js';

const record = (overrides: Record<string, unknown> = {}): AlertRecord => readSlaErrorImage(insertOf(overrides));
/** What SNS accepts as a subject. */
const SNS_SUBJECT = /^[\x21-\x7e][\x20-\x7e]*$/;

describe('alertSubject', () => {
  it('is [SEVERITY] ERRORTYPE sourceSystem fileName', () => {
    expect(alertMessage(record()).subject).toBe('[CRITICAL] MISSING SAP-FI SETTLEMENT_20261124.csv');
  });

  it('stays under 100 printable ASCII characters whatever the report holds, keeping the ends of a long file name', () => {
    const subject = alertMessage(record({ sourceSystem: 'S'.repeat(128), fileName: `${'A'.repeat(400)}_20261124.csv` })).subject;
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT);
    expect(subject).toMatch(SNS_SUBJECT);
    expect(subject).toMatch(/^\[CRITICAL\] MISSING S{29}\.\.\. A+\.\.\.A+_20261124\.csv$/);
  });

  it('makes control characters, line breaks and non-ASCII safe', () => {
    const subject = alertMessage(record({ sourceSystem: 'SAP\r\nBcc: x@example.com', fileName: 'Überweisung\u0000\u202e.csv' })).subject;
    expect(subject).toBe('[CRITICAL] MISSING SAP Bcc: x@example.com Uberweisung .csv');
    expect(subject).toMatch(SNS_SUBJECT);
  });

  it('never ends up empty-tailed or over-long when the head alone is long', () => {
    expect(alertSubject('HIGH', 'X'.repeat(50), 'Y'.repeat(50), 'Z'.repeat(50)).length).toBeLessThanOrEqual(MAX_SUBJECT);
  });
});

describe('alertMessage', () => {
  it('an e-mail body a person reads: what, where, due, detected, host, message, error id and the read-API path', () => {
    const { email } = alertMessage(record({ errorMessage: 'No file by 06:00 UTC\nChecked twice', details: { attempt: 3, share: '\\\\fs01' } }));
    expect(email).toBe(
      [
        'SLA breach: MISSING, severity CRITICAL',
        '',
        'File:          SETTLEMENT_20261124.csv',
        'Source system: SAP-FI',
        'Path:          \\\\fs01\\inbound\\sap\\SETTLEMENT_20261124.csv',
        'Due:           2026-11-24T06:00:00.000Z',
        'Detected:      2026-11-24T06:12:40.000Z',
        'Host:          FILEWATCH01',
        'Message:       No file by 06:00 UTC',
        '               Checked twice',
        '',
        'Details:',
        '  attempt: 3',
        '  share: \\\\fs01',
        '',
        'Error id:      4f1c2a9e0b7d4c3f8a6e5d2c1b0a9f8e',
        'Read it:       GET /sla-errors/4f1c2a9e0b7d4c3f8a6e5d2c1b0a9f8e',
        'Reported by:   svc-filewatch at 2026-11-24T06:12:41.120Z',
      ].join('\n'),
    );
  });

  it('the JSON record for machines: every field as stored, the read-API path, none of the table’s index keys', () => {
    const json = JSON.parse(alertMessage(record({ fileSizeBytes: 0 })).json) as Record<string, unknown>;
    expect(json).toMatchObject({ type: 'sla-error', errorId: '4f1c2a9e0b7d4c3f8a6e5d2c1b0a9f8e', fileSizeBytes: 0, errorMessage: 'No file in \\\\fs01\\inbound\\sap by 06:00 UTC', path: '/sla-errors/4f1c2a9e0b7d4c3f8a6e5d2c1b0a9f8e' });
    expect(json).not.toHaveProperty('deadlineSort');
  });

  it('attributes for filter policies, one line each and never empty', () => {
    expect(alertMessage(record({ sourceSystem: 'SAP\nFI' })).attributes).toEqual({ severity: 'CRITICAL', sourceSystem: 'SAP FI', errorType: 'MISSING', alertKind: 'single' });
    expect(alertMessage(record({ sourceSystem: '\u0000' })).attributes.sourceSystem).toBe('(none)');
  });

  it('leaves details out when they would not fit in one SNS message, and says so', () => {
    const details = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'x'.repeat(4000)]));
    const message = alertMessage(record({ details }));
    expect(Buffer.byteLength(snsMessage(message), 'utf8')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(JSON.parse(message.json)).toMatchObject({ detailsOmitted: true });
    expect(message.email).toContain('Details: left out of this message (too large); read the record.');
  });
});
