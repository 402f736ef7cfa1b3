import type { DynamoDBRecord } from 'aws-lambda';
import { alertMessage, type AlertMessage } from './alert-message.js';
import { digestMessage } from './digest-message.js';
import { HeldBackError, MalformedImageError } from './errors.js';
import { readSlaErrorImage, type AlertRecord } from './sla-error-image.js';
import { severityRank, type Severity } from './severity.js';

/** What decides which records alert, and how. */
export interface AlertSettings {
  minSeverity: Severity;
  /** More records of one source system than this in one batch: one digest. */
  digestThreshold: number;
}

/** A message to publish, and the stream records it carries (by sequence number, in stream order). */
export interface PlannedMessage {
  message: AlertMessage;
  sequenceNumbers: string[];
}

/** A record that needs no alert, and why. */
export interface SkippedRecord {
  sequenceNumber: string;
  reason: 'not an INSERT' | 'below the alert threshold';
}

/** What one batch of stream records turns into. */
export interface AlertPlan {
  /** In stream order of each message's first record. */
  messages: PlannedMessage[];
  skipped: SkippedRecord[];
  /** Records that fail in this invocation without being attempted: a malformed image, and every record after it. */
  failures: Map<string, Error>;
  /** The first malformed record, if any (with its problems, for the log). */
  malformed?: { sequenceNumber: string; eventID: string | undefined; keys: unknown; error: MalformedImageError };
}

const sequenceOf = (record: DynamoDBRecord): string => record.dynamodb?.SequenceNumber ?? '';

/**
 * Decides, for one batch in stream order, what is published: INSERTs at or above the threshold
 * alert (anything else is skipped); the records of a source system with more than
 * `digestThreshold` alerts in the batch go out as one digest, the others one message each.
 *
 * A record whose image is not an SLA error fails, and so does every record after it, unattempted:
 * the stream retries from the first failed record, so what came after it would otherwise be sent
 * again on every retry. When the bad record is the first of its batch the whole batch fails, the
 * event source mapping splits it, and in the end the bad record fails alone and goes to the
 * dead-letter queue while the others are delivered.
 *
 * @example
 * ```ts
 * const plan = planAlerts(event.Records, { minSeverity: 'HIGH', digestThreshold: 5 });
 * ```
 */
export const planAlerts = (records: readonly DynamoDBRecord[], settings: AlertSettings): AlertPlan => {
  const skipped: SkippedRecord[] = [];
  const failures = new Map<string, Error>();
  const alerts: { record: AlertRecord; sequenceNumber: string }[] = [];
  let malformed: AlertPlan['malformed'];
  for (const record of records) {
    const sequenceNumber = sequenceOf(record);
    if (malformed) {
      failures.set(sequenceNumber, new HeldBackError(malformed.sequenceNumber));
      continue;
    }
    if (record.eventName !== 'INSERT') {
      skipped.push({ sequenceNumber, reason: 'not an INSERT' });
      continue;
    }
    let alert: AlertRecord;
    try {
      alert = readSlaErrorImage(record);
    } catch (error) {
      if (!(error instanceof MalformedImageError)) throw error;
      malformed = { sequenceNumber, eventID: record.eventID, keys: record.dynamodb?.Keys, error };
      failures.set(sequenceNumber, error);
      continue;
    }
    if (severityRank(alert.severity) < severityRank(settings.minSeverity)) {
      skipped.push({ sequenceNumber, reason: 'below the alert threshold' });
      continue;
    }
    alerts.push({ record: alert, sequenceNumber });
  }

  const bySource = new Map<string, typeof alerts>();
  for (const alert of alerts) {
    const group = bySource.get(alert.record.sourceSystem) ?? [];
    group.push(alert);
    bySource.set(alert.record.sourceSystem, group);
  }
  const planned: { first: number; message: PlannedMessage }[] = [];
  for (const [sourceSystem, group] of bySource) {
    if (group.length > settings.digestThreshold) {
      planned.push({
        first: alerts.indexOf(group[0]!),
        message: { message: digestMessage(sourceSystem, group.map((alert) => alert.record)), sequenceNumbers: group.map((alert) => alert.sequenceNumber) },
      });
    } else {
      for (const alert of group) planned.push({ first: alerts.indexOf(alert), message: { message: alertMessage(alert.record), sequenceNumbers: [alert.sequenceNumber] } });
    }
  }
  planned.sort((a, b) => a.first - b.first);
  return { messages: planned.map((entry) => entry.message), skipped, failures, ...(malformed ? { malformed } : {}) };
};
