import { describe, expect, it } from '@jest/globals';
import { HeldBackError, MalformedImageError } from '../../src/errors.js';
import { planAlerts } from '../../src/plan-alerts.js';
import { insertOf, slaErrorItem, streamRecord } from '../support/stream-records.js';

const settings = { minSeverity: 'HIGH', digestThreshold: 2 } as const;
const seq = (record: { dynamodb?: { SequenceNumber?: string } }) => record.dynamodb!.SequenceNumber!;

describe('planAlerts', () => {
  it('orders the messages by their first record; a digest carries every record of its source system', () => {
    const a1 = insertOf({ errorId: 'a1', sourceSystem: 'A' });
    const b1 = insertOf({ errorId: 'b1', sourceSystem: 'B' });
    const a2 = insertOf({ errorId: 'a2', sourceSystem: 'A' });
    const a3 = insertOf({ errorId: 'a3', sourceSystem: 'A' });
    const plan = planAlerts([a1, b1, a2, a3], settings);
    expect(plan.messages.map((message) => [message.message.attributes.alertKind, message.sequenceNumbers])).toEqual([
      ['digest', [seq(a1), seq(a2), seq(a3)]],
      ['single', [seq(b1)]],
    ]);
    expect(plan.failures.size).toBe(0);
  });

  it('skips what does not alert, saying why', () => {
    const modify = streamRecord('MODIFY', slaErrorItem());
    const medium = insertOf({ severity: 'MEDIUM' });
    const plan = planAlerts([modify, medium], settings);
    expect(plan.messages).toEqual([]);
    expect(plan.skipped).toEqual([
      { sequenceNumber: seq(modify), reason: 'not an INSERT' },
      { sequenceNumber: seq(medium), reason: 'below the alert threshold' },
    ]);
  });

  it('fails a malformed record and holds back every record after it, whatever they are', () => {
    const good = insertOf({ errorId: 'good' });
    const bad = streamRecord('INSERT', { errorId: 'bad' });
    const later = [insertOf({ errorId: 'later' }), streamRecord('REMOVE', undefined)];
    const plan = planAlerts([good, bad, ...later], settings);
    expect(plan.messages.map((message) => message.sequenceNumbers)).toEqual([[seq(good)]]);
    expect(plan.failures.get(seq(bad))).toBeInstanceOf(MalformedImageError);
    for (const record of later) expect(plan.failures.get(seq(record))).toBeInstanceOf(HeldBackError);
    expect(plan.malformed).toMatchObject({ sequenceNumber: seq(bad), keys: { errorId: { S: 'bad' } } });
  });
});
