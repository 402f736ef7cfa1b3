import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { assertIsJwks, type Jwks } from 'aws-jwt-verify/jwk';

export type { Jwks } from 'aws-jwt-verify/jwk';

/** Cognito signs with 2048-bit RSA keys; a shorter modulus is a damaged value. */
const MIN_RSA_BITS = 2048;

/** What {@link parsePreloadedJwks} made of a configured JWKS document. */
export type PreloadedJwks =
  /** A JWKS to preload (`cacheJwks`), or none configured. */
  | { readonly jwks: Jwks | undefined; readonly problem?: undefined }
  /** A value that is not a usable JWKS: ignored (the verifier fetches), with the reason. */
  | { readonly jwks: undefined; readonly problem: string };

/**
 * Reads a JWKS document from configuration (e.g. the user pool's JWKS, fetched at deploy time), to
 * be preloaded into the verifier so that no request waits for a JWKS fetch.
 *
 * A preloaded JWKS is an optimisation, never the authority: the verifier still fetches its JWKS
 * URI when a token's `kid` is not in it. So a value that is not JSON, not a JWKS, has no keys or a
 * key whose material does not import as a public key is
 * not a configuration error that would fail every request: it comes back as `problem` (for a
 * warning in the log) with no `jwks`, and the verifier starts with an empty cache — costing one
 * fetch, never a wrong answer. The reason names the defect, never the value.
 *
 * @param raw - the configured text (`undefined` or blank: none configured)
 *
 * @example
 * ```ts
 * const { jwks, problem } = parsePreloadedJwks(process.env.COGNITO_JWKS);
 * if (problem) logger.warn(`COGNITO_JWKS ignored: ${problem}`);
 * const verifier = createAccessTokenVerifier({ userPoolId, clientId, jwks });
 * ```
 */
export const parsePreloadedJwks = (raw: string | undefined): PreloadedJwks => {
  if (raw === undefined || raw.trim() === '') return { jwks: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    return { jwks: undefined, problem: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  try {
    assertIsJwks(parsed as Parameters<typeof assertIsJwks>[0]);
  } catch (error) {
    return { jwks: undefined, problem: `not a JWKS (${error instanceof Error ? error.message : String(error)})` };
  }
  const jwks = parsed as Jwks;
  if (jwks.keys.length === 0) return { jwks: undefined, problem: 'a JWKS without keys' };
  // A key whose material does not import (or an RSA modulus cut short) would fail every token
  // signed with it: refuse the lot.
  for (const [index, jwk] of jwks.keys.entries()) {
    const unusable = (reason: string): PreloadedJwks => ({ jwks: undefined, problem: `key ${index} (kid ${JSON.stringify(jwk.kid ?? null)}) is not a usable public key (${reason})` });
    let modulusLength: number | undefined;
    try {
      modulusLength = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }).asymmetricKeyDetails?.modulusLength;
    } catch (error) {
      return unusable(error instanceof Error ? error.message : String(error));
    }
    if (jwk.kty === 'RSA' && (modulusLength ?? 0) < MIN_RSA_BITS) return unusable(`RSA modulus of ${modulusLength ?? 0} bits, fewer than ${MIN_RSA_BITS}`);
  }
  return { jwks };
};
