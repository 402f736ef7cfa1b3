import { Logger } from '@aws-lambda-powertools/logger';
import { redactingReplacer } from './redact.js';
import { withSourceMappedErrors } from './source-mapped-stack.js';

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Service name on every line (Powertools `service`). */
  serviceName: string;
  /** Minimum level; defaults to `LOG_LEVEL` / `POWERTOOLS_LOG_LEVEL`, else `INFO`. */
  logLevel?: string;
}

/**
 * A Powertools Logger whose every line passes through the redacting replacer: passwords, tokens,
 * sessions, secrets and `Authorization` values never reach the log, error causes included.
 */
export const createLogger = ({ serviceName, logLevel }: CreateLoggerOptions): Logger =>
  new Logger({
    serviceName,
    ...(logLevel ? { logLevel: logLevel.toUpperCase() as 'INFO' } : {}),
    // Errors name source files and lines (the bundle's source map is read only when one is logged).
    jsonReplacerFn: withSourceMappedErrors(redactingReplacer),
  });

export type { Logger } from '@aws-lambda-powertools/logger';
