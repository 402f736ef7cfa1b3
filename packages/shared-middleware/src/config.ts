import { ConfigError } from './errors.js';

/**
 * Reads typed values from an environment, collecting every problem instead of stopping at the first.
 *
 * @example
 * ```ts
 * const read = (env: EnvReader) => ({ table: env.required('TABLE'), days: env.integer('DAYS', { fallback: 30, min: 0, max: 365 }) });
 * ```
 */
export interface EnvReader {
  /** A non-empty string; a problem when absent. */
  required(name: string): string;
  /** A non-empty string, or `undefined`/`fallback` when absent. */
  optional(name: string): string | undefined;
  optional(name: string, fallback: string): string;
  /** An integer within `[min, max]`, `fallback` when absent. */
  integer(name: string, options: { fallback: number; min: number; max: number }): number;
  /** An absolute URL; `http:` only when `allowHttp` (local emulators). */
  url(name: string, options?: { allowHttp?: boolean }): string | undefined;
  /** One of `values` (case-insensitive, returned as listed), `fallback` when absent. */
  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T;
  /** Records a problem found by a cross-variable check. */
  problem(message: string): void;
}

/**
 * The outcome of reading the configuration once at cold start.
 *
 * @example
 * ```ts
 * const config: ConfigResult<MyConfig> = loadConfig(read);
 * if (!config.ok) console.error(config.error.problems);
 * ```
 */
export type ConfigResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ConfigError };

const createEnvReader = (env: Record<string, string | undefined>, problems: string[]): EnvReader => {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  function optional(name: string): string | undefined;
  function optional(name: string, fallback: string): string;
  function optional(name: string, fallback?: string): string | undefined {
    return read(name) ?? fallback;
  }
  return {
    required(name) {
      const value = read(name);
      if (value === undefined) problems.push(`${name} is required`);
      return value ?? '';
    },
    optional,
    integer(name, { fallback, min, max }) {
      const raw = read(name);
      if (raw === undefined) return fallback;
      const value = Number(raw);
      if (!/^-?\d+$/.test(raw) || value < min || value > max) {
        problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
        return fallback;
      }
      return value;
    },
    url(name, { allowHttp = false } = {}) {
      const raw = read(name);
      if (raw === undefined) return undefined;
      let protocol: string;
      try {
        protocol = new URL(raw).protocol;
      } catch {
        problems.push(`${name} must be an absolute URL (got "${raw}")`);
        return undefined;
      }
      if (protocol !== 'https:' && !(allowHttp && protocol === 'http:')) {
        problems.push(`${name} must be an ${allowHttp ? 'http(s)' : 'https'} URL (got "${raw}")`);
        return undefined;
      }
      return raw;
    },
    oneOf(name, values, fallback) {
      const raw = read(name);
      if (raw === undefined) return fallback;
      const match = values.find((value) => value.toLowerCase() === raw.toLowerCase());
      if (match === undefined) problems.push(`${name} must be one of ${values.join(', ')} (got "${raw}")`);
      return match ?? fallback;
    },
    problem(message) {
      problems.push(message);
    },
  };
};

/**
 * Reads and validates the configuration once (call it at module scope, i.e. at cold start).
 * Every problem is collected into one {@link ConfigError}; nothing throws, so a bad configuration
 * never crash-loops the container: the HTTP stack answers `500` instead.
 *
 * @param read - builds the typed configuration from an {@link EnvReader}
 * @param env - the environment, `process.env` by default
 *
 * @example
 * ```ts
 * export const config = loadConfig((env) => ({ table: env.required('TABLE'), endpoint: env.url('ENDPOINT', { allowHttp: true }) }));
 * ```
 */
export const loadConfig = <T>(
  read: (env: EnvReader) => T,
  env: Record<string, string | undefined> = process.env,
): ConfigResult<T> => {
  const problems: string[] = [];
  let value: T;
  try {
    value = read(createEnvReader(env, problems));
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
    return { ok: false, error: new ConfigError(problems) };
  }
  return problems.length === 0 ? { ok: true, value } : { ok: false, error: new ConfigError(problems) };
};

/**
 * The configuration value, for code that runs only after the HTTP stack's configuration guard
 * (which answers `500` while the configuration is invalid).
 *
 * @example
 * ```ts
 * const { table } = configValue(config); // inside a route: the guard answered 500 while it is invalid
 * ```
 */
export const configValue = <T>(config: ConfigResult<T>): T => {
  if (!config.ok) throw config.error;
  return config.value;
};
