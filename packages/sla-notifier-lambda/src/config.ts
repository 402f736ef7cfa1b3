import { loadConfig, type ConfigResult } from '@file-sla/shared-middleware';
import { ALERTABLE_SEVERITIES, DEFAULT_MIN_SEVERITY, type Severity } from './severity.js';

/** What the notifier needs to know, read once at cold start. */
export interface SlaNotifierConfig {
  region: string;
  /** The alerts topic. */
  topicArn: string;
  /** Records below this severity never alert. */
  minSeverity: Severity;
  /** More breaches than this of one source system in one batch go out as one digest. */
  digestThreshold: number;
  /** Local stack only: where the SNS stand-in answers. */
  snsEndpoint: string | undefined;
  /** Local stack only: static dummy credentials when none are in the environment. */
  localCredentials: boolean;
}

const TOPIC_ARN = /^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]{1,256}$/;

/**
 * Reads the configuration from an environment (`process.env` by default, read once at cold start
 * by `defaultDependencies`); every problem is collected, nothing throws. See docs/architecture.md,
 * "Configuration" and "Alerts".
 *
 * @example
 * ```ts
 * const config = readSlaNotifierConfig({ AWS_REGION: 'eu-central-1', ALERTS_TOPIC_ARN: 'arn:aws:sns:eu-central-1:123456789012:alerts' });
 * ```
 */
export const readSlaNotifierConfig = (env: Record<string, string | undefined> = process.env): ConfigResult<SlaNotifierConfig> =>
  loadConfig<SlaNotifierConfig>((read) => {
    const region = read.optional('AWS_REGION') ?? read.optional('AWS_DEFAULT_REGION');
    if (region === undefined) read.problem('AWS_REGION (or AWS_DEFAULT_REGION) is required');
    const topicArn = read.required('ALERTS_TOPIC_ARN');
    if (topicArn !== '' && !TOPIC_ARN.test(topicArn)) read.problem(`ALERTS_TOPIC_ARN must be an SNS topic ARN, arn:aws:sns:<region>:<account>:<name> (got "${topicArn}")`);
    const snsEndpoint = read.url('SNS_ENDPOINT', { allowHttp: true });
    return {
      region: region ?? '',
      topicArn,
      minSeverity: read.oneOf('ALERT_MIN_SEVERITY', ALERTABLE_SEVERITIES, DEFAULT_MIN_SEVERITY),
      digestThreshold: read.integer('ALERT_DIGEST_THRESHOLD', { fallback: 5, min: 1, max: 1000 }),
      snsEndpoint,
      localCredentials: snsEndpoint !== undefined && read.optional('AWS_ACCESS_KEY_ID') === undefined,
    };
  }, env);
