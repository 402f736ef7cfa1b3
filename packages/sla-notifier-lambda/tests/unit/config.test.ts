import { describe, expect, it } from '@jest/globals';
import { readSlaNotifierConfig } from '../../src/config.js';

const TOPIC = 'arn:aws:sns:eu-central-1:123456789012:file-sla-alerts';

describe('readSlaNotifierConfig', () => {
  it('reads the topic, the threshold and the digest threshold, with their defaults', () => {
    expect(readSlaNotifierConfig({ AWS_REGION: 'eu-central-1', ALERTS_TOPIC_ARN: TOPIC })).toEqual({
      ok: true,
      value: { region: 'eu-central-1', topicArn: TOPIC, minSeverity: 'HIGH', digestThreshold: 5, snsEndpoint: undefined, localCredentials: false },
    });
    expect(readSlaNotifierConfig({ AWS_DEFAULT_REGION: 'eu-west-1', ALERTS_TOPIC_ARN: TOPIC, ALERT_MIN_SEVERITY: 'critical', ALERT_DIGEST_THRESHOLD: '12' })).toMatchObject({
      value: { region: 'eu-west-1', minSeverity: 'CRITICAL', digestThreshold: 12 },
    });
  });

  it('on the local stack: the sink endpoint over http, and dummy credentials when none are set', () => {
    const local = readSlaNotifierConfig({ AWS_REGION: 'local', ALERTS_TOPIC_ARN: 'arn:aws:sns:local:000000000000:alerts', SNS_ENDPOINT: 'http://127.0.0.1:4575' });
    expect(local).toMatchObject({ ok: true, value: { snsEndpoint: 'http://127.0.0.1:4575', localCredentials: true } });
  });

  it('collects every problem, each saying what is expected', () => {
    const result = readSlaNotifierConfig({ ALERTS_TOPIC_ARN: 'alerts', ALERT_MIN_SEVERITY: 'MEDIUM', ALERT_DIGEST_THRESHOLD: '0', SNS_ENDPOINT: 'nope' });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.error.problems).toEqual([
      'AWS_REGION (or AWS_DEFAULT_REGION) is required',
      'ALERTS_TOPIC_ARN must be an SNS topic ARN, arn:aws:sns:<region>:<account>:<name> (got "alerts")',
      'SNS_ENDPOINT must be an absolute URL (got "nope")',
      'ALERT_MIN_SEVERITY must be one of HIGH, CRITICAL (got "MEDIUM")',
      'ALERT_DIGEST_THRESHOLD must be an integer from 1 to 1000 (got "0")',
    ]);
    expect(readSlaNotifierConfig({ AWS_REGION: 'x' })).toMatchObject({ ok: false, error: { problems: ['ALERTS_TOPIC_ARN is required'] } });
  });
});
