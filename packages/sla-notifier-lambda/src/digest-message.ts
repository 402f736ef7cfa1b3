import { alertSubject, attributeValue, MAX_MESSAGE_BYTES, recordPath, snsMessage, type AlertMessage } from './alert-message.js';
import { cutEnd, plainLine } from './safe-text.js';
import type { AlertRecord } from './sla-error-image.js';
import { severityRank, worse, SEVERITIES, type Severity } from './severity.js';

/** Files a digest e-mail lists one by one; the JSON document lists every record. */
export const DIGEST_LISTED = 10;

const countBy = <T extends string>(records: readonly AlertRecord[], key: (record: AlertRecord) => T): [T, number][] => {
  const counts = new Map<T, number>();
  for (const record of records) counts.set(key(record), (counts.get(key(record)) ?? 0) + 1);
  return [...counts];
};

const summary = (pairs: [string, number][]): string => pairs.map(([name, count]) => `${plainLine(name)} ${count}`).join(', ');

/** Worst first, then earliest deadline. */
const byUrgency = (a: AlertRecord, b: AlertRecord): number =>
  severityRank(b.severity) - severityRank(a.severity) || a.slaDeadline.localeCompare(b.slaDeadline) || a.errorId.localeCompare(b.errorId);

const listing = (record: AlertRecord): string[] => [
  `  [${record.severity}] ${plainLine(record.errorType)} ${cutEnd(plainLine(record.fileName), 200)}`,
  `      due ${plainLine(record.slaDeadline)}, detected ${plainLine(record.detectedAt)}${record.hostName ? `, host ${cutEnd(plainLine(record.hostName), 100)}` : ''}`,
  `      GET ${recordPath(record.errorId)}`,
];

const compact = (record: AlertRecord) => ({
  errorId: record.errorId,
  severity: record.severity,
  errorType: record.errorType,
  fileName: record.fileName,
  slaDeadline: record.slaDeadline,
  detectedAt: record.detectedAt,
  ...(record.hostName === undefined ? {} : { hostName: record.hostName }),
  path: recordPath(record.errorId),
});

/**
 * One message for a storm: the breaches of one source system that arrived in one batch — how
 * many, the worst severity, counts by severity and type, the most urgent {@link DIGEST_LISTED}
 * files, and how to read the rest through the API (every record's id and path are in the JSON).
 *
 * @example
 * ```ts
 * digestMessage('SAP-FI', records).subject; // '[CRITICAL] 12 SLA breaches from SAP-FI (digest)'
 * ```
 */
export const digestMessage = (sourceSystem: string, records: readonly AlertRecord[]): AlertMessage => {
  const sorted = [...records].sort(byUrgency);
  const worst = sorted.reduce<Severity>((acc, record) => worse(acc, record.severity), 'LOW');
  const bySeverity = countBy(records, (record) => record.severity).sort(([a], [b]) => SEVERITIES.indexOf(b) - SEVERITIES.indexOf(a));
  const byType = countBy(records, (record) => record.errorType).sort(([, a], [, b]) => b - a);
  const days = [...new Set(records.map((record) => record.slaDeadline.slice(0, 10)))].sort();
  const rest = sorted.length - DIGEST_LISTED;
  const email = [
    `${records.length} SLA breaches from ${plainLine(sourceSystem)} arrived together; worst severity ${worst}.`,
    '',
    `By severity: ${summary(bySeverity)}`,
    `By type:     ${summary(byType)}`,
    '',
    `${rest > 0 ? `The ${DIGEST_LISTED} most urgent` : 'All of them'} (worst first, then by deadline):`,
    ...sorted.slice(0, DIGEST_LISTED).flatMap(listing),
    '',
    ...(rest > 0 ? [`… and ${rest} more, not listed here.`] : []),
    `Every SLA error due on ${days.length === 1 ? 'that day' : 'those days'}: ${days.map((day) => `GET /sla-errors?date=${day}`).join(', ')} (page on with nextToken).`,
    'The id and path of each of these records are in the JSON form of this message.',
  ].join('\n');
  const document = {
    type: 'sla-error-digest',
    sourceSystem,
    count: records.length,
    worstSeverity: worst,
    bySeverity: Object.fromEntries(bySeverity),
    byErrorType: Object.fromEntries(byType),
    deadlineDays: days,
    errors: sorted.map(compact),
  };
  let json = JSON.stringify(document);
  // A batch of very long file names: list fewer in the JSON, and say how many are left out.
  for (let kept = sorted.length; Buffer.byteLength(snsMessage({ email, json }), 'utf8') > MAX_MESSAGE_BYTES && kept > 1; ) {
    kept = Math.floor(kept / 2);
    json = JSON.stringify({ ...document, errors: document.errors.slice(0, kept), errorsLeftOut: sorted.length - kept });
  }
  const types = byType.map(([type]) => type);
  return {
    subject: alertSubject(worst, `${records.length} SLA breaches from`, sourceSystem, '(digest)'),
    email,
    json,
    attributes: {
      severity: worst,
      sourceSystem: attributeValue(sourceSystem),
      errorType: attributeValue(types.length === 1 ? types[0]! : 'MIXED'),
      alertKind: 'digest',
    },
  };
};
