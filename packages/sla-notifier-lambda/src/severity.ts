/** How bad an SLA error is, as the SLA error records store it. */
export type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** Every severity, least severe first. */
export const SEVERITIES: readonly Severity[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/**
 * The severities that may alert: the event source's filter lets only these reach the function,
 * so `ALERT_MIN_SEVERITY` can only be one of them (a lower threshold needs the filter in
 * `src/lambda.ts` widened too).
 */
export const ALERTABLE_SEVERITIES = ['HIGH', 'CRITICAL'] as const satisfies readonly Severity[];

/** The threshold when `ALERT_MIN_SEVERITY` is not set. */
export const DEFAULT_MIN_SEVERITY: (typeof ALERTABLE_SEVERITIES)[number] = 'HIGH';

/** 0 for LOW … 3 for CRITICAL; -1 for anything else. */
export const severityRank = (severity: string): number => SEVERITIES.indexOf(severity as Severity);

/** True when `severity` is a known severity. */
export const isSeverity = (severity: unknown): severity is Severity => typeof severity === 'string' && severityRank(severity) >= 0;

/** The more severe of the two. */
export const worse = (a: Severity, b: Severity): Severity => (severityRank(a) >= severityRank(b) ? a : b);
