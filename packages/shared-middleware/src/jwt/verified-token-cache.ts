import { validateJwtFields } from 'aws-jwt-verify/jwt';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';

/** Verifies a token fully (signature and claims) and returns its payload, or throws. */
export type VerifyToken = (token: string) => Promise<JwtPayload>;

/** Options for {@link cacheVerifiedTokens}. */
export interface VerifiedTokenCacheOptions {
  /** Most tokens kept; when full, the oldest one is dropped. Default 1,000. */
  maxEntries?: number;
  /** The `graceSeconds` the wrapped verifier was configured with (aws-jwt-verify's default: 0). */
  graceSeconds?: number;
}

const DEFAULT_MAX_ENTRIES = 1_000;

const deepFreeze = (value: unknown): void => {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
};

/**
 * Wraps `verify` with a bounded cache of the tokens it accepted, so that a token is verified once
 * per container. The key is the whole token string: a token that differs in any character
 * (signature included) is verified afresh. On every reuse the time claims are checked again by
 * aws-jwt-verify's own `validateJwtFields` with the same `graceSeconds` — `exp`, and `nbf` when
 * present — so a token that has expired since is rejected with the same `JwtExpiredError` the
 * verifier throws, and dropped. Only tokens `verify` accepted are stored, and only those with a
 * numeric `exp` (so every entry ends); a rejection is never stored. At most `maxEntries` tokens
 * are kept, the oldest dropped first; expired ones at the front go whenever a token is stored.
 * The stored claims are frozen, as every request with that token shares them.
 *
 * Checks that depend on the request rather than the token (a route's group, say) belong after
 * this cache, so that they run on every request. Create one per verifier, i.e. one per container.
 */
export const cacheVerifiedTokens = (verify: VerifyToken, options: VerifiedTokenCacheOptions = {}): VerifyToken => {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const graceSeconds = options.graceSeconds ?? 0;
  // Only the time checks: issuer, audience and scope were settled when the token was verified.
  const timeChecks = { issuer: null, audience: null, graceSeconds } as const;
  const entries = new Map<string, JwtPayload>();

  const hasExpired = (payload: JwtPayload, nowSeconds: number): boolean => (payload.exp as number) + graceSeconds < nowSeconds;

  const store = (token: string, payload: JwtPayload): void => {
    if (typeof payload.exp !== 'number' || maxEntries < 1) return;
    deepFreeze(payload);
    const nowSeconds = Date.now() / 1000;
    for (const [oldest, cached] of entries) {
      if (entries.size < maxEntries && !hasExpired(cached, nowSeconds)) break;
      entries.delete(oldest);
    }
    entries.set(token, payload);
  };

  return async (token) => {
    const cached = entries.get(token);
    if (cached !== undefined) {
      try {
        validateJwtFields(cached, timeChecks);
      } catch (error) {
        entries.delete(token);
        throw error;
      }
      return cached;
    }
    const payload = await verify(token);
    store(token, payload);
    return payload;
  };
};
