import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import { SimpleJwksCache, type Jwks } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { assertAccessTokenClaimTypes } from './claim-types.js';
import { HttpFetcher } from './http-fetcher.js';
import { cacheVerifiedTokens } from './verified-token-cache.js';

/** The claims of a verified Cognito access token that the service relies on. */
export interface AccessTokenClaims {
  sub: string;
  username: string;
  client_id: string;
  token_use: 'access';
  iss: string;
  exp: number;
  iat: number;
  scope?: string;
  'cognito:groups'?: string[];
  [claim: string]: unknown;
}

/** Verifies an access token and returns its claims, or throws an aws-jwt-verify error. */
export interface AccessTokenVerifier {
  verify(token: string): Promise<AccessTokenClaims>;
  /** The group every token must carry, if any (named in the `403` message). */
  readonly requiredGroup?: string | undefined;
}

/** What decides which tokens are accepted. */
export interface AccessTokenVerifierOptions {
  /** Cognito user pool id, e.g. `eu-west-1_AbCdEf123`. */
  userPoolId: string;
  /** App client id the token must have been issued to (`client_id`). */
  clientId: string;
  /** A group the token's `cognito:groups` must contain, if any. */
  requiredGroup?: string | undefined;
  /** Local emulator only: the issuer (`iss`) of its tokens. Needs `jwksUri`. */
  issuer?: string | undefined;
  /** Local emulator only: its JWKS URL (`http:` allowed). Needs `issuer`. */
  jwksUri?: string | undefined;
  /**
   * The issuer's JWKS, known before the first request (e.g. fetched at deploy time; see
   * `parsePreloadedJwks`): preloaded into the verifier's cache (`cacheJwks`), so that a token
   * signed with one of its keys is verified without a fetch. A token whose `kid` it lacks still
   * makes the verifier fetch the JWKS URI, so a stale one costs a fetch, never a wrong answer.
   */
  jwks?: Jwks | undefined;
  /** Time-out of one JWKS fetch attempt, ms (default 3,000; one retry). */
  fetchTimeoutMs?: number | undefined;
}

/** Clock skew allowed on `exp` and `nbf`: none (aws-jwt-verify's default), on every check. */
const GRACE_SECONDS = 0;

/**
 * Creates the verifier for Cognito access tokens: `CognitoJwtVerifier` against the real user pool,
 * or — when `issuer` and `jwksUri` are given (local emulator) — `JwtVerifier` with the same
 * Cognito claim checks. Either way the claims the service reads must have their Cognito types
 * (`assertAccessTokenClaimTypes`). Both cache the JWKS — preloaded from `jwks` when given — and
 * fetch it on an unknown `kid`, with aws-jwt-verify's penalty box against refetch storms; a fetch
 * goes through {@link HttpFetcher} (`node:https`, and `node:http` for the local issuer only), so
 * Node's `fetch` is never loaded. A token they accept is kept (see `cacheVerifiedTokens`): verified
 * once, its `exp` and `nbf` checked again on every reuse; the group check runs on every call.
 * Everything is built here, so create one per container at init.
 *
 * @example
 * ```ts
 * const verifier = createAccessTokenVerifier({ userPoolId: 'eu-west-1_AbCdEf123', clientId: '4k2b…', jwks });
 * const claims = await verifier.verify(accessToken); // no JWKS fetch when the token's kid is in `jwks`
 * ```
 */
export const createAccessTokenVerifier = (options: AccessTokenVerifierOptions): AccessTokenVerifier => {
  const groups = options.requiredGroup ? [options.requiredGroup] : null;
  // The group is checked only after everything else: aws-jwt-verify checks `cognito:groups` before
  // `token_use` and `client_id`, which would turn an id token or another client's token into `403`.
  const checkGroup = (payload: JwtPayload): AccessTokenClaims => {
    if (groups) validateCognitoJwtFields(payload, { groups, tokenUse: null, clientId: null });
    return payload as unknown as AccessTokenClaims;
  };
  const local = Boolean(options.issuer && options.jwksUri);
  const jwksCache = new SimpleJwksCache({ fetcher: new HttpFetcher({ allowHttp: local, timeoutMs: options.fetchTimeoutMs }) });
  const verifier: { verify(token: string): Promise<JwtPayload>; cacheJwks(jwks: Jwks): void } =
    options.issuer && options.jwksUri
      ? JwtVerifier.create(
          {
            issuer: options.issuer,
            jwksUri: options.jwksUri,
            audience: null,
            graceSeconds: GRACE_SECONDS,
            customJwtCheck: ({ payload }) => {
              validateCognitoJwtFields(payload, { tokenUse: 'access', clientId: options.clientId, groups: null });
              assertAccessTokenClaimTypes(payload);
            },
          },
          { jwksCache },
        )
      : CognitoJwtVerifier.create(
          {
            userPoolId: options.userPoolId,
            clientId: options.clientId,
            tokenUse: 'access',
            groups: null,
            graceSeconds: GRACE_SECONDS,
            customJwtCheck: ({ payload }) => assertAccessTokenClaimTypes(payload),
          },
          { jwksCache },
        );
  if (options.jwks) verifier.cacheJwks(options.jwks);
  const verify = cacheVerifiedTokens((token) => verifier.verify(token), { graceSeconds: GRACE_SECONDS });
  return { verify: async (token) => checkGroup(await verify(token)), requiredGroup: options.requiredGroup };
};
