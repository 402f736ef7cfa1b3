import { isSecretKey } from './redact.js';

/**
 * What the request being handled carries that must never be logged, as the HTTP stack learns it.
 *
 * @example
 * ```ts
 * const route: RouteHandler = async (request, context) => { context.secrets?.add(derivedKey); return { statusCode: 204 }; };
 * ```
 */
export interface RequestSecrets {
  /** A value to cut out of every log line written while this request is handled (`undefined` and `''` ignored). */
  add(value: string | undefined): void;
  /**
   * A parsed body (or any JSON value): every string under a secret-named property, at any depth,
   * is such a value. Read only when something is logged.
   */
  addFrom(value: unknown): void;
}

/** The string values under secret-named properties of a JSON value (and everything below them). */
const collect = (value: unknown, underSecret: boolean, out: string[], depth = 0): void => {
  if (depth > 32) return;
  if (typeof value === 'string') {
    if (underSecret && value !== '') out.push(value);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, underSecret, out, depth + 1);
    return;
  }
  for (const [key, item] of Object.entries(value)) collect(item, underSecret || isSecretKey(key), out, depth + 1);
};

class Secrets implements RequestSecrets {
  readonly #values: string[] = [];
  readonly #sources: unknown[] = [];

  add(value: string | undefined): void {
    if (value) this.#values.push(value);
  }

  addFrom(value: unknown): void {
    this.#sources.push(value);
  }

  values(): string[] {
    for (const source of this.#sources.splice(0)) collect(source, false, this.#values);
    return this.#values;
  }
}

/**
 * The secrets of the requests a logger's container is handling (one at a time on Lambda; several
 * when a test runs them concurrently): every value of every open request is cut out of every log
 * line's outside text.
 */
export class SecretRegistry {
  readonly #open = new Set<Secrets>();

  /** Opens the secrets of one request, starting with `values` (e.g. the app client's secret). */
  begin(values: readonly (string | undefined)[] = []): RequestSecrets {
    const secrets = new Secrets();
    for (const value of values) secrets.add(value);
    this.#open.add(secrets);
    return secrets;
  }

  /** Closes them once the answer is written. */
  end(secrets: RequestSecrets): void {
    this.#open.delete(secrets as Secrets);
  }

  /** Every value of every open request, longest first. */
  values(): string[] {
    if (this.#open.size === 0) return [];
    const all = new Set<string>();
    for (const secrets of this.#open) for (const value of secrets.values()) all.add(value);
    return [...all].sort((a, b) => b.length - a.length);
  }
}
