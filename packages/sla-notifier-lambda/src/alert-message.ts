import { asciiLine, cutEnd, cutMiddle, plainLine, plainLines } from './safe-text.js';
import type { AlertRecord } from './sla-error-image.js';
import type { Severity } from './severity.js';

/** One message for the alerts topic, in each form its subscribers read. */
export interface AlertMessage {
  /** At most {@link MAX_SUBJECT} printable ASCII characters (SNS's rule; e-mail subject line). */
  subject: string;
  /** The plain-text body an e-mail subscriber reads. */
  email: string;
  /** The JSON document every other subscriber (queue, function, HTTPS) receives. */
  json: string;
  /** SNS message attributes, for subscription filter policies. */
  attributes: { severity: Severity; sourceSystem: string; errorType: string; alertKind: 'single' | 'digest' };
}

/** SNS wants a subject of fewer than 100 characters. */
export const MAX_SUBJECT = 99;
/** SNS's limit for one message (and for all messages of one PublishBatch call together), in bytes. */
export const MAX_MESSAGE_BYTES = 262_144;
/** What an alert's details may take before they are left out of the message (the record keeps them). */
const DETAILS_BUDGET_BYTES = 200_000;
/** Details listed in the e-mail; the JSON document has them all. */
const EMAIL_DETAILS = 20;
/** The longest source system in a subject, before the file name gets the rest. */
const SUBJECT_SOURCE = 32;

/** The read API's path to one record. */
export const recordPath = (errorId: string): string => `/sla-errors/${encodeURIComponent(errorId)}`;

/** `[SEVERITY] WHAT SOURCE REST`, safe for SNS: `rest` (e.g. a file name) gets whatever room is left, cut in the middle. */
export const alertSubject = (severity: Severity, what: string, sourceSystem: string, rest: string): string => {
  const head = [`[${severity}]`, cutEnd(asciiLine(what), 30), cutEnd(asciiLine(sourceSystem), SUBJECT_SOURCE)].filter((part) => part !== '').join(' ');
  const room = MAX_SUBJECT - head.length - 1;
  const tail = room > 0 ? cutMiddle(asciiLine(rest), room) : '';
  return tail === '' ? head : `${head} ${tail}`;
};

/** A message attribute value: one line without control characters, never empty (SNS refuses empty values). */
export const attributeValue = (text: string): string => cutEnd(plainLine(text), 256) || '(none)';

/** `label:` padded so that the values of a block line up. */
const LABEL_WIDTH = 15;
const field = (label: string, value: string | number | undefined): string[] =>
  value === undefined || value === '' ? [] : [`${`${label}:`.padEnd(LABEL_WIDTH)}${typeof value === 'number' ? String(value) : plainLine(value)}`];

const detailLines = (details: AlertRecord['details'], omitted: boolean): string[] => {
  if (omitted) return ['', 'Details: left out of this message (too large); read the record.'];
  const entries = Object.entries(details ?? {});
  if (entries.length === 0) return [];
  const shown = entries.slice(0, EMAIL_DETAILS).map(([key, value]) => `  ${cutEnd(plainLine(key), 128)}: ${cutEnd(plainLine(String(value)), 300)}`);
  const more = entries.length > EMAIL_DETAILS ? [`  … and ${entries.length - EMAIL_DETAILS} more in the JSON record`] : [];
  return ['', 'Details:', ...shown, ...more];
};

const emailBody = (record: AlertRecord, detailsOmitted: boolean): string =>
  [
    `SLA breach: ${plainLine(record.errorType)}, severity ${record.severity}`,
    '',
    ...field('File', record.fileName),
    ...field('Source system', record.sourceSystem),
    ...field('Path', record.filePath),
    ...field('Due', record.slaDeadline),
    ...field('Detected', record.detectedAt),
    ...field('Host', record.hostName),
    ...field('Size (bytes)', record.fileSizeBytes),
    `${'Message:'.padEnd(LABEL_WIDTH)}${plainLines(record.errorMessage, ' '.repeat(LABEL_WIDTH))}`,
    ...detailLines(record.details, detailsOmitted),
    '',
    ...field('Error id', record.errorId),
    ...field('Read it', `GET ${recordPath(record.errorId)}`),
    ...field('Reported by', record.submittedBy === undefined ? undefined : `${record.submittedBy}${record.createdAt ? ` at ${record.createdAt}` : ''}`),
  ].join('\n');

const jsonDocument = (record: AlertRecord, detailsOmitted: boolean): string => {
  const { details, ...rest } = record;
  return JSON.stringify({
    type: 'sla-error',
    ...rest,
    ...(detailsOmitted ? { detailsOmitted: true } : details === undefined ? {} : { details }),
    path: recordPath(record.errorId),
  });
};

/** The `Message` SNS gets for an alert (`MessageStructure: json`): the JSON document by default, the text for e-mail. */
export const snsMessage = (message: Pick<AlertMessage, 'email' | 'json'>): string => JSON.stringify({ default: message.json, email: message.email });

/**
 * The alert of one new SLA error: subject `[SEVERITY] ERRORTYPE sourceSystem fileName`, an
 * e-mail body that says what, where, when due and detected, on which host, the reporter's
 * message, the error id and its read-API path, and the whole record as JSON. Details too large
 * for one SNS message are left out (the message says so).
 *
 * @example
 * ```ts
 * alertMessage(record).subject; // '[CRITICAL] MISSING SAP-FI SETTLEMENT_20261124.csv'
 * ```
 */
export const alertMessage = (record: AlertRecord): AlertMessage => {
  const detailsBytes = record.details === undefined ? 0 : Buffer.byteLength(JSON.stringify(record.details), 'utf8');
  const detailsOmitted = detailsBytes > DETAILS_BUDGET_BYTES;
  const message = { email: emailBody(record, detailsOmitted), json: jsonDocument(record, detailsOmitted) };
  const fits = Buffer.byteLength(snsMessage(message), 'utf8') <= MAX_MESSAGE_BYTES;
  return {
    subject: alertSubject(record.severity, record.errorType, record.sourceSystem, record.fileName),
    ...(fits || detailsOmitted ? message : { email: emailBody(record, true), json: jsonDocument(record, true) }),
    attributes: {
      severity: record.severity,
      sourceSystem: attributeValue(record.sourceSystem),
      errorType: attributeValue(record.errorType),
      alertKind: 'single',
    },
  };
};
