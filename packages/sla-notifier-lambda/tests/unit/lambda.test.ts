import { describe, expect, it } from '@jest/globals';
import { describeManifest } from '@file-sla/shared-middleware';
import { compileFilters } from '@file-sla/local-stack';
import { manifest } from '../../src/lambda.js';
import { SEVERITIES, severityRank } from '../../src/severity.js';
import { insertOf, slaErrorItem, streamRecord } from '../support/stream-records.js';

describe('the notifier manifest', () => {
  const accepts = compileFilters(manifest.eventSource.filters);

  it('lets only INSERTs at or above the default threshold invoke the function', () => {
    for (const severity of SEVERITIES) expect(accepts(insertOf({ severity }))).toBe(severityRank(severity) >= severityRank('HIGH'));
    expect(accepts(streamRecord('MODIFY', slaErrorItem()))).toBe(false);
    expect(accepts(streamRecord('REMOVE', undefined))).toBe(false);
  });

  it('offers as ALERT_MIN_SEVERITY only the severities the filter lets through', () => {
    const parameter = manifest.environment.ALERT_MIN_SEVERITY;
    expect(parameter).toMatchObject({ default: 'HIGH', allowedValues: ['HIGH', 'CRITICAL'] });
    for (const severity of (parameter as { allowedValues: readonly string[] }).allowedValues) expect(accepts(insertOf({ severity }))).toBe(true);
  });

  it('declares the stream source with partial responses, bisect, bounded retries and age, and a dead-letter queue; the topic it publishes to', () => {
    expect(manifest.eventSource).toMatchObject({ streamView: 'NEW_IMAGE', reportBatchItemFailures: true, bisectBatchOnError: true, onFailure: 'dead-letter-queue' });
    expect(manifest.eventSource.retryAttempts).toBeGreaterThan(0);
    expect(manifest.eventSource.maxRecordAgeSeconds).toBeGreaterThanOrEqual(60);
    expect(manifest.permissions).toEqual([{ resource: 'topic:alerts', actions: ['sns:Publish'] }]);
    expect(manifest.environment.ALERTS_TOPIC_ARN).toEqual({ ref: 'topic-arn:alerts' });
    expect(manifest.resources?.topics?.alerts?.emailSubscriptionParameter).toBe('AlertEmail');
    expect(JSON.parse(JSON.stringify(describeManifest(manifest)))).toEqual(describeManifest(manifest));
  });
});
