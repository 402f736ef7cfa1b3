import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidGroupError,
  CognitoJwtInvalidTokenUseError,
  FetchError,
  JwksValidationError,
  JwtExpiredError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  NonRetryableFetchError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import { createAccessTokenVerifier, type AccessTokenVerifier } from '../../../src/jwt/access-token-verifier.js';
import type { Jwks } from '../../../src/jwt/preloaded-jwks.js';
import { mapVerificationError } from '../../../src/jwt/verification-errors.js';
import {
  accessClaims,
  closedPortUrl,
  generateRsaKey,
  idClaims,
  nowSeconds,
  rejectionOf,
  signHs256,
  signRs256,
  startJwksServer,
  TEST_CLIENT_ID,
  TEST_POOL_ID,
  unsignedJwt,
  withPayload,
  type JwksServer,
  type RsaKey,
} from '../../support/jwt-fixtures.js';

let key: RsaKey;
let otherKey: RsaKey;
let server: JwksServer;

beforeAll(async () => {
  key = generateRsaKey('key-1');
  otherKey = generateRsaKey('key-2');
  server = await startJwksServer([key.jwk]);
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.setKeys([key.jwk]);
  server.setStatus(200);
  server.setRawBody(undefined);
});

/** A fresh verifier (own JWKS cache and penalty box) against the test JWKS server, with `jwks` preloaded if given. */
const localVerifier = (requiredGroup?: string, jwks?: Jwks): AccessTokenVerifier =>
  createAccessTokenVerifier({
    userPoolId: TEST_POOL_ID,
    clientId: TEST_CLIENT_ID,
    requiredGroup,
    issuer: server.issuer,
    jwksUri: server.jwksUri,
    jwks,
  });

const validToken = (overrides: Record<string, unknown> = {}): string => signRs256(accessClaims(server.issuer, overrides), key);

describe('createAccessTokenVerifier (local issuer + http JWKS)', () => {
  it('returns the claims of a valid access token', async () => {
    const claims = await localVerifier().verify(validToken({ 'cognito:groups': ['sla-writers'] }));
    expect(claims).toMatchObject({
      sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      username: 'svc-monitor',
      client_id: TEST_CLIENT_ID,
      token_use: 'access',
      iss: server.issuer,
      'cognito:groups': ['sla-writers'],
    });
  });

  it('fetches the JWKS over http once and then serves it from its cache', async () => {
    const verifier = localVerifier();
    const before = server.fetches;
    for (let i = 0; i < 5; i += 1) await verifier.verify(validToken());
    expect(server.fetches - before).toBe(1);
    expect(server.requests).toContain(`GET /${TEST_POOL_ID}/.well-known/jwks.json`);
  });

  it('rejects an expired token', async () => {
    const token = validToken({ exp: nowSeconds() - 60, iat: nowSeconds() - 3700 });
    expect(await rejectionOf(localVerifier().verify(token))).toBeInstanceOf(JwtExpiredError);
  });

  it.each([
    ['username a number', { username: 9007199254740992 }],
    ['username empty', { username: '' }],
    ['no sub', { sub: undefined }],
    ['no exp (it would never expire)', { exp: undefined }],
    ['exp a string', { exp: String(nowSeconds() + 600) }],
    ['no iat', { iat: undefined }],
  ])('rejects a signed token with %s (a 401), and does not keep it', async (_what, overrides) => {
    const verifier = localVerifier();
    const token = validToken(overrides);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const error = await rejectionOf(verifier.verify(token));
      expect(error).toBeInstanceOf(JwtParseError);
      expect(mapVerificationError(error).statusCode).toBe(401);
    }
  });

  it('rejects a token whose nbf is in the future', async () => {
    const token = validToken({ nbf: nowSeconds() + 600 });
    expect(await rejectionOf(localVerifier().verify(token))).toBeInstanceOf(JwtNotBeforeError);
  });

  it('rejects a token of another issuer, even though the signing key is known', async () => {
    const token = validToken({ iss: `${server.origin}/local_OtherPool` });
    expect(await rejectionOf(localVerifier().verify(token))).toBeInstanceOf(JwtInvalidIssuerError);
  });

  it('rejects a token without iss', async () => {
    const token = validToken({ iss: undefined });
    expect(await rejectionOf(localVerifier().verify(token))).toBeInstanceOf(JwtInvalidIssuerError);
  });

  it('rejects a token issued to another app client', async () => {
    const token = validToken({ client_id: 'another-client' });
    expect(await rejectionOf(localVerifier().verify(token))).toBeInstanceOf(CognitoJwtInvalidClientIdError);
  });

  it('rejects an id token where an access token is required', async () => {
    const token = signRs256(idClaims(server.issuer), key);
    expect(await rejectionOf(localVerifier().verify(token))).toBeInstanceOf(CognitoJwtInvalidTokenUseError);
  });

  it('rejects a token without token_use', async () => {
    const token = validToken({ token_use: undefined });
    expect(await rejectionOf(localVerifier().verify(token))).toBeInstanceOf(CognitoJwtInvalidTokenUseError);
  });

  it('rejects an unsigned alg:none token (empty signature)', async () => {
    const token = unsignedJwt(accessClaims(server.issuer), { kid: key.kid });
    expect(await rejectionOf(localVerifier().verify(token))).toBeInstanceOf(JwtParseError);
  });

  it('rejects an alg:none token that carries a known kid and a dummy signature', async () => {
    const token = unsignedJwt(accessClaims(server.issuer), { kid: key.kid }, 'AAAA');
    expect(await rejectionOf(localVerifier().verify(token))).toBeInstanceOf(JwtInvalidSignatureAlgorithmError);
  });

  it('rejects an HS256 token signed with the RSA public key PEM as HMAC secret', async () => {
    const token = signHs256(accessClaims(server.issuer), key.publicPem, { kid: key.kid });
    expect(await rejectionOf(localVerifier().verify(token))).toBeInstanceOf(JwtInvalidSignatureAlgorithmError);
  });

  it('rejects the HS256 key-confusion token also when the JWK names no alg', async () => {
    const { alg: _alg, ...jwkWithoutAlg } = key.jwk;
    server.setKeys([jwkWithoutAlg]);
    const token = signHs256(accessClaims(server.issuer), key.publicPem, { kid: key.kid });
    expect(await rejectionOf(localVerifier().verify(token))).toBeInstanceOf(JwtInvalidSignatureAlgorithmError);
  });

  it('rejects a tampered payload that keeps the original signature', async () => {
    const original = validToken();
    const tampered = withPayload(original, accessClaims(server.issuer, { username: 'admin', 'cognito:groups': ['admins'] }));
    expect(await rejectionOf(localVerifier().verify(tampered))).toBeInstanceOf(JwtInvalidSignatureError);
  });

  it('rejects a token signed by another key under a known kid', async () => {
    const forged = signRs256(accessClaims(server.issuer), otherKey, { kid: key.kid });
    expect(await rejectionOf(localVerifier().verify(forged))).toBeInstanceOf(JwtInvalidSignatureError);
  });

  it('rejects a token without kid', async () => {
    const token = signRs256(accessClaims(server.issuer), key, { kid: undefined });
    expect(await rejectionOf(localVerifier().verify(token))).toBeInstanceOf(JwtWithoutValidKidError);
  });

  it('rejects an unknown kid after refetching the JWKS once', async () => {
    const verifier = localVerifier();
    await verifier.verify(validToken());
    const before = server.fetches;
    const token = signRs256(accessClaims(server.issuer), otherKey);
    expect(await rejectionOf(verifier.verify(token))).toBeInstanceOf(KidNotFoundInJwksError);
    expect(server.fetches - before).toBe(1);
  });

  it('does not refetch the JWKS for each of a burst of unknown kids (penalty box)', async () => {
    const verifier = localVerifier();
    await verifier.verify(validToken());
    const before = server.fetches;
    const errors: unknown[] = [];
    for (let i = 0; i < 20; i += 1) {
      errors.push(await rejectionOf(verifier.verify(signRs256(accessClaims(server.issuer), otherKey, { kid: `unknown-${i}` }))));
    }
    expect(server.fetches - before).toBe(1);
    expect(errors[0]).toBeInstanceOf(KidNotFoundInJwksError);
    for (const error of errors.slice(1)) expect(error).toBeInstanceOf(WaitPeriodNotYetEndedJwkError);
    // Tokens with the known kid still verify from the cache, without a fetch.
    await expect(verifier.verify(validToken())).resolves.toMatchObject({ username: 'svc-monitor' });
    expect(server.fetches - before).toBe(1);
  });

  it('fetches the JWKS once for a concurrent burst of unknown kids', async () => {
    const verifier = localVerifier();
    await verifier.verify(validToken());
    const before = server.fetches;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => verifier.verify(signRs256(accessClaims(server.issuer), otherKey, { kid: `burst-${i}` }))),
    );
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    expect(server.fetches - before).toBe(1);
  });

  it('picks up a rotated key: an unknown kid that the refetched JWKS has verifies', async () => {
    const verifier = localVerifier();
    await verifier.verify(validToken());
    server.setKeys([key.jwk, otherKey.jwk]);
    const rotated = signRs256(accessClaims(server.issuer), otherKey);
    await expect(verifier.verify(rotated)).resolves.toMatchObject({ token_use: 'access' });
  });

  describe('a token it has accepted', () => {
    afterEach(() => {
      jest.useRealTimers();
    });

    /** Fakes `Date` only, from now on: the JWKS server and fetch keep real timers. */
    const fakeDate = (): void => {
      jest.useFakeTimers({
        now: Date.now(),
        doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
      });
    };

    it('is not verified again: the same claims come back, frozen', async () => {
      const verifier = localVerifier();
      const token = validToken();
      const first = await verifier.verify(token);
      // Even with the JWKS gone and its endpoint failing, the accepted token is still accepted.
      server.setKeys([]);
      server.setStatus(500);
      const second = await verifier.verify(token);
      expect(second).toBe(first);
      expect(Object.isFrozen(second)).toBe(true);
    });

    it('is rejected once it has expired, exactly as a verifier that never saw it rejects it', async () => {
      fakeDate();
      const exp = nowSeconds() + 60;
      const token = validToken({ exp });
      const verifier = localVerifier();
      await verifier.verify(token);
      jest.setSystemTime((exp + 1) * 1000);
      const fromCache = await rejectionOf(verifier.verify(token));
      const fresh = await rejectionOf(localVerifier().verify(token));
      expect(fromCache).toBeInstanceOf(JwtExpiredError);
      expect(fresh).toBeInstanceOf(JwtExpiredError);
      expect((fromCache as Error).message).toBe((fresh as Error).message);
      const [cachedProblem, freshProblem] = [mapVerificationError(fromCache), mapVerificationError(fresh)];
      expect(cachedProblem.statusCode).toBe(401);
      expect([cachedProblem.detail, cachedProblem.headers]).toEqual([freshProblem.detail, freshProblem.headers]);
    });

    it('is checked for the required group on every call', async () => {
      const verifier = localVerifier('sla-writers');
      const without = validToken({ jti: 'no-group' });
      const withGroup = validToken({ jti: 'group', 'cognito:groups': ['sla-writers'] });
      for (let i = 0; i < 2; i += 1) {
        expect(await rejectionOf(verifier.verify(without))).toBeInstanceOf(CognitoJwtInvalidGroupError);
        await expect(verifier.verify(withGroup)).resolves.toMatchObject({ 'cognito:groups': ['sla-writers'] });
      }
    });

    it('is another token when one character of its signature differs', async () => {
      const verifier = localVerifier();
      const token = validToken();
      await verifier.verify(token);
      // Not the last character: its low bits are base64url padding, and the signature would decode the same.
      const at = token.length - 10;
      const changed = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
      expect(await rejectionOf(verifier.verify(changed))).toBeInstanceOf(JwtInvalidSignatureError);
    });
  });

  describe('with a required group', () => {
    it('rejects a token without cognito:groups', async () => {
      expect(await rejectionOf(localVerifier('sla-writers').verify(validToken()))).toBeInstanceOf(CognitoJwtInvalidGroupError);
    });

    it('rejects a token with only other groups', async () => {
      const token = validToken({ 'cognito:groups': ['sla-readers', 'admins'] });
      expect(await rejectionOf(localVerifier('sla-writers').verify(token))).toBeInstanceOf(CognitoJwtInvalidGroupError);
    });

    it('accepts a token that has the group among others', async () => {
      const token = validToken({ 'cognito:groups': ['sla-readers', 'sla-writers'] });
      await expect(localVerifier('sla-writers').verify(token)).resolves.toMatchObject({ 'cognito:groups': ['sla-readers', 'sla-writers'] });
    });

    it('still reports an id token as the wrong token, not as a missing group', async () => {
      const token = signRs256(idClaims(server.issuer), key);
      expect(await rejectionOf(localVerifier('sla-writers').verify(token))).toBeInstanceOf(CognitoJwtInvalidTokenUseError);
    });

    it('still reports a token of another app client as such, not as a missing group', async () => {
      const token = validToken({ client_id: 'another-client' });
      expect(await rejectionOf(localVerifier('sla-writers').verify(token))).toBeInstanceOf(CognitoJwtInvalidClientIdError);
    });
  });

  describe('when the JWKS endpoint fails', () => {
    it('throws a FetchError when the endpoint is unreachable (closed port)', async () => {
      const jwksUri = await closedPortUrl();
      const verifier = createAccessTokenVerifier({
        userPoolId: TEST_POOL_ID,
        clientId: TEST_CLIENT_ID,
        issuer: server.issuer,
        jwksUri,
      });
      const error = await rejectionOf(verifier.verify(validToken()));
      expect(error).toBeInstanceOf(FetchError);
      expect(error).not.toBeInstanceOf(NonRetryableFetchError);
    });

    it('throws a FetchError when the endpoint answers 500', async () => {
      server.setStatus(500);
      const error = await rejectionOf(localVerifier().verify(validToken()));
      expect(error).toBeInstanceOf(FetchError);
      expect((error as Error).message).toMatch(/500/);
    });

    it('recovers once the endpoint answers again (a failed fetch is not penalised)', async () => {
      const verifier = localVerifier();
      server.setStatus(503);
      expect(await rejectionOf(verifier.verify(validToken()))).toBeInstanceOf(FetchError);
      server.setStatus(200);
      await expect(verifier.verify(validToken())).resolves.toMatchObject({ username: 'svc-monitor' });
    });

    it('throws a JwksValidationError when the endpoint serves something that is not a JWKS', async () => {
      server.setRawBody('<html>oops</html>');
      expect(await rejectionOf(localVerifier().verify(validToken()))).toBeInstanceOf(JwksValidationError);
    });
  });
});

/** The fixtures' keys as aws-jwt-verify's JWKS type (each has `kty`). */
const jwksOf = (keys: Record<string, string>[]): Jwks => ({ keys: keys.map((jwk) => ({ kty: 'RSA', ...jwk })) });

describe('createAccessTokenVerifier with a preloaded JWKS (cacheJwks)', () => {
  const preloaded = (keys: Record<string, string>[], requiredGroup?: string): AccessTokenVerifier => localVerifier(requiredGroup, jwksOf(keys));

  it('verifies a token signed with a preloaded key without fetching the JWKS', async () => {
    const before = server.fetches;
    const verifier = preloaded([key.jwk]);
    await expect(verifier.verify(validToken())).resolves.toMatchObject({ username: 'svc-monitor', token_use: 'access' });
    await expect(verifier.verify(validToken({ jti: 'another' }))).resolves.toMatchObject({ jti: 'another' });
    expect(server.fetches - before).toBe(0);
  });

  it('still checks everything with a preloaded key: signature, client and group', async () => {
    const verifier = preloaded([key.jwk], 'sla-writers');
    const token = validToken({ 'cognito:groups': ['sla-writers'] });
    const at = token.length - 10;
    const tampered = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
    expect(await rejectionOf(verifier.verify(tampered))).toBeInstanceOf(JwtInvalidSignatureError);
    expect(await rejectionOf(verifier.verify(validToken({ client_id: 'another-client', 'cognito:groups': ['sla-writers'] })))).toBeInstanceOf(
      CognitoJwtInvalidClientIdError,
    );
    expect(await rejectionOf(verifier.verify(validToken()))).toBeInstanceOf(CognitoJwtInvalidGroupError);
    await expect(verifier.verify(token)).resolves.toMatchObject({ 'cognito:groups': ['sla-writers'] });
  });

  it('fetches the JWKS once for a kid the preloaded JWKS lacks (stale: the key was rotated), then verifies', async () => {
    server.setKeys([key.jwk, otherKey.jwk]);
    const verifier = preloaded([key.jwk]);
    const before = server.fetches;
    const rotated = signRs256(accessClaims(server.issuer), otherKey);
    await expect(verifier.verify(rotated)).resolves.toMatchObject({ token_use: 'access' });
    await expect(verifier.verify(validToken())).resolves.toMatchObject({ token_use: 'access' });
    expect(server.fetches - before).toBe(1);
  });

  it('fetches once for an unknown kid, then keeps to the penalty box', async () => {
    const verifier = preloaded([key.jwk]);
    const before = server.fetches;
    const unknown = (i: number): string => signRs256(accessClaims(server.issuer), otherKey, { kid: `unknown-${i}` });
    expect(await rejectionOf(verifier.verify(unknown(0)))).toBeInstanceOf(KidNotFoundInJwksError);
    expect(await rejectionOf(verifier.verify(unknown(1)))).toBeInstanceOf(WaitPeriodNotYetEndedJwkError);
    expect(server.fetches - before).toBe(1);
    await expect(verifier.verify(validToken())).resolves.toMatchObject({ token_use: 'access' });
    expect(server.fetches - before).toBe(1);
  });

  it('never takes a wrong preloaded key for the right one: same kid, other key material → the signature fails', async () => {
    // What a preloaded key vouches for is checked like any cached key: it cannot make a bad token pass.
    const verifier = preloaded([{ ...otherKey.jwk, kid: key.jwk.kid as string }]);
    expect(await rejectionOf(verifier.verify(validToken()))).toBeInstanceOf(JwtInvalidSignatureError);
  });

  it("makes no request through Node's fetch (undici), preloaded or fetching", async () => {
    const spy = jest.spyOn(globalThis, 'fetch');
    try {
      server.setKeys([key.jwk, otherKey.jwk]);
      const verifier = preloaded([key.jwk]);
      await verifier.verify(validToken());
      await verifier.verify(signRs256(accessClaims(server.issuer), otherKey));
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});

describe('createAccessTokenVerifier against a Cognito user pool (https issuer)', () => {
  const POOL = 'eu-west-1_AbCdEf123';
  const cognitoIssuer = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`;

  it('verifies a token of the pool with the preloaded JWKS alone (no request is made)', async () => {
    const spy = jest.spyOn(globalThis, 'fetch');
    try {
      const verifier = createAccessTokenVerifier({ userPoolId: POOL, clientId: TEST_CLIENT_ID, jwks: jwksOf([key.jwk]) });
      const token = signRs256(accessClaims(cognitoIssuer), key);
      await expect(verifier.verify(token)).resolves.toMatchObject({ iss: cognitoIssuer, token_use: 'access' });
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('preloads the JWKS for the global issuer format too', async () => {
    const verifier = createAccessTokenVerifier({ userPoolId: POOL, clientId: TEST_CLIENT_ID, jwks: jwksOf([key.jwk]) });
    const globalIssuer = `https://issuer-cognito-idp.eu-west-1.amazonaws.com/${POOL}`;
    await expect(verifier.verify(signRs256(accessClaims(globalIssuer), key))).resolves.toMatchObject({ iss: globalIssuer });
  });

  it('rejects a token of another issuer, even one signed with a preloaded key', async () => {
    const verifier = createAccessTokenVerifier({ userPoolId: POOL, clientId: TEST_CLIENT_ID, jwks: jwksOf([key.jwk]) });
    expect(await rejectionOf(verifier.verify(signRs256(accessClaims(server.issuer), key)))).toBeInstanceOf(Error);
    expect(await rejectionOf(verifier.verify(signRs256(accessClaims(server.issuer), key)))).not.toHaveProperty('payload.username');
  });
});
