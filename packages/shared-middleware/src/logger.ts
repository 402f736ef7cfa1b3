import { Logger } from '@aws-lambda-powertools/logger';
import { REDACTED, isEncodedEvent, isSecretKey, redactText, scrubValues } from './redact.js';
import { SecretRegistry } from './request-secrets.js';
import { withSourceMappedErrors } from './source-mapped-stack.js';

/**
 * Options for {@link createLogger}.
 *
 * @example
 * ```ts
 * const logger = createLogger({ serviceName: 'orders-lambda', logLevel: 'debug' } satisfies CreateLoggerOptions);
 * ```
 */
export interface CreateLoggerOptions {
  /** Service name on every line (Powertools `service`). */
  serviceName: string;
  /** Minimum level; defaults to `LOG_LEVEL` / `POWERTOOLS_LOG_LEVEL`, else `INFO`. */
  logLevel?: string;
}

/** What the code writes itself on a line: the `message` it logs and the `detail` of a problem it answers with. */
const SERVICE_TEXT = ['message', 'detail'] as const;

/** A top-level `message` or `detail`, carried through the replacer untouched. */
class ServiceText {
  constructor(readonly text: string) {}
}

const registries = new WeakMap<Logger, SecretRegistry>();

/**
 * The JSON replacer of a line: by structure. The line's own `message` and `detail` are written as
 * the code wrote them. Every other value: a property whose name is a secret (at any depth) is
 * `[REDACTED]`; every string — error messages, causes, stacks, raw bodies — loses the secret values
 * of the requests being handled, then anything shaped like a secret (`name=value` / `"name": value`
 * pairs with a secret name, `Bearer …`, JWTs); a base64 event body is decoded first, so that it is
 * scrubbed like any other.
 */
const lineReplacer = (registry: SecretRegistry) => {
  let secrets: string[] = [];
  return (key: string, value: unknown): unknown => {
    if (key === '' && typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error)) {
      secrets = registry.values();
      const line: Record<string, unknown> = { ...value };
      for (const name of SERVICE_TEXT) if (typeof line[name] === 'string') line[name] = new ServiceText(line[name]);
      return line;
    }
    if (value instanceof ServiceText) return value.text;
    if (key !== '' && isSecretKey(key) && value !== null && value !== undefined && typeof value !== 'boolean') return REDACTED;
    if (typeof value === 'string') return redactText(scrubValues(value, secrets));
    return isEncodedEvent(value) ? { ...value, body: Buffer.from(value.body, 'base64').toString('utf8'), isBase64Encoded: false } : value;
  };
};

/**
 * A Powertools Logger that redacts by structure (see the replacer above): no password, token,
 * session, client secret or `Authorization` value reaches the log, error causes included, while
 * the messages and problem details the code writes reach it unchanged.
 *
 * @example
 * ```ts
 * const logger = createLogger({ serviceName: 'orders-lambda' });
 * logger.info('Order stored', { orderId });
 * ```
 */
export const createLogger = ({ serviceName, logLevel }: CreateLoggerOptions): Logger => {
  const registry = new SecretRegistry();
  const logger = new Logger({
    serviceName,
    ...(logLevel ? { logLevel: logLevel.toUpperCase() as 'INFO' } : {}),
    // Errors name source files and lines: their stacks mapped through the bundle's source map, read when one is logged.
    jsonReplacerFn: withSourceMappedErrors(lineReplacer(registry)),
  });
  registries.set(logger, registry);
  return logger;
};

/** The request secrets of a logger made by {@link createLogger} (none for another logger). */
export const secretRegistryOf = (logger: Logger): SecretRegistry | undefined => registries.get(logger);

export type { Logger } from '@aws-lambda-powertools/logger';
