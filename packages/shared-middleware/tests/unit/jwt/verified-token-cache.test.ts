import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { JwtExpiredError, JwtInvalidSignatureError, JwtNotBeforeError } from 'aws-jwt-verify/error';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { mapVerificationError } from '../../../src/jwt/verification-errors.js';
import { cacheVerifiedTokens, type VerifyToken } from '../../../src/jwt/verified-token-cache.js';
import { rejectionOf } from '../../support/jwt-fixtures.js';

/** 2026-11-24T06:00:00Z, in seconds. */
const T0 = 1_795_500_000;

const at = (seconds: number): void => {
  jest.setSystemTime(seconds * 1000);
};

/** Only `Date` is faked: promises and I/O run as usual. */
beforeEach(() => {
  jest.useFakeTimers({
    now: T0 * 1000,
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
});

afterEach(() => {
  jest.useRealTimers();
});

const payloadOf = (token: string, overrides: Partial<JwtPayload> = {}): JwtPayload => ({
  sub: `sub-of-${token}`,
  iss: 'https://issuer.example',
  token_use: 'access',
  iat: T0 - 10,
  exp: T0 + 3600,
  ...overrides,
});

/** A stand-in verifier that accepts every token with the claims given for it (default: valid for an hour). */
const acceptingVerifier = (claims: Record<string, Partial<JwtPayload>> = {}) =>
  jest.fn<VerifyToken>(async (token) => payloadOf(token, claims[token]));

/** The `401` an expired token gets from the verifier itself. */
const expiredProblem = (exp: number) => mapVerificationError(new JwtExpiredError(`Token expired at ${new Date(exp * 1000).toISOString()}`, exp));

describe('cacheVerifiedTokens', () => {
  it('returns the same claims for the same token without verifying it again', async () => {
    const verify = acceptingVerifier();
    const cached = cacheVerifiedTokens(verify);
    const first = await cached('token-a');
    const second = await cached('token-a');
    expect(second).toBe(first);
    expect(first).toEqual(payloadOf('token-a'));
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('freezes the claims it shares between requests', async () => {
    const cached = cacheVerifiedTokens(acceptingVerifier({ t: { 'cognito:groups': ['writers'] } }));
    const claims = await cached('t');
    expect(Object.isFrozen(claims)).toBe(true);
    expect(Object.isFrozen(claims['cognito:groups'])).toBe(true);
  });

  it('verifies a token that differs in one character of the signature afresh', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const tampered = `${token.slice(0, -1)}M`;
    const verify = jest.fn<VerifyToken>(async (candidate) => {
      if (candidate !== token) throw new JwtInvalidSignatureError('Invalid signature');
      return payloadOf(candidate);
    });
    const cached = cacheVerifiedTokens(verify);
    await cached(token);
    expect(await rejectionOf(cached(tampered))).toBeInstanceOf(JwtInvalidSignatureError);
    expect(verify).toHaveBeenCalledTimes(2);
    expect(verify).toHaveBeenLastCalledWith(tampered);
    // A prefix or an extension of a cached token is another token too.
    await cached(token.slice(0, -1)).catch(() => undefined);
    await cached(`${token}A`).catch(() => undefined);
    expect(verify).toHaveBeenCalledTimes(4);
  });

  it('never stores a rejection: the same token is verified again next time', async () => {
    const verify = jest
      .fn<VerifyToken>()
      .mockRejectedValueOnce(new JwtInvalidSignatureError('Invalid signature'))
      .mockRejectedValueOnce(new JwtInvalidSignatureError('Invalid signature'))
      .mockImplementation(async (token) => payloadOf(token));
    const cached = cacheVerifiedTokens(verify);
    expect(await rejectionOf(cached('t'))).toBeInstanceOf(JwtInvalidSignatureError);
    expect(await rejectionOf(cached('t'))).toBeInstanceOf(JwtInvalidSignatureError);
    await expect(cached('t')).resolves.toMatchObject({ sub: 'sub-of-t' });
    expect(verify).toHaveBeenCalledTimes(3);
  });

  it('does not store a token without a numeric exp', async () => {
    const verify = acceptingVerifier({ t: { exp: undefined } });
    const cached = cacheVerifiedTokens(verify);
    await cached('t');
    await cached('t');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  describe('expiry', () => {
    it('accepts a cached token up to and including its exp second', async () => {
      const verify = acceptingVerifier();
      const cached = cacheVerifiedTokens(verify);
      await cached('t');
      at(T0 + 3600);
      await expect(cached('t')).resolves.toMatchObject({ exp: T0 + 3600 });
      expect(verify).toHaveBeenCalledTimes(1);
    });

    it('rejects a token that expired after it was cached with the verifier’s own error and the same 401', async () => {
      const verify = acceptingVerifier();
      const cached = cacheVerifiedTokens(verify);
      await cached('t');
      at(T0 + 3601);
      const error = await rejectionOf(cached('t'));
      expect(error).toBeInstanceOf(JwtExpiredError);
      expect((error as Error).message).toBe(`Token expired at ${new Date((T0 + 3600) * 1000).toISOString()}`);
      expect(verify).toHaveBeenCalledTimes(1);
      const problem = mapVerificationError(error);
      const expected = expiredProblem(T0 + 3600);
      expect(problem.statusCode).toBe(401);
      expect({ detail: problem.detail, headers: problem.headers, type: problem.type }).toEqual({
        detail: expected.detail,
        headers: expected.headers,
        type: expected.type,
      });
    });

    it('drops an expired entry: the token goes to the verifier again', async () => {
      const verify = acceptingVerifier();
      const cached = cacheVerifiedTokens(verify);
      await cached('t');
      at(T0 + 3601);
      await rejectionOf(cached('t'));
      verify.mockRejectedValueOnce(new JwtExpiredError('Token expired', T0 + 3600));
      expect(await rejectionOf(cached('t'))).toBeInstanceOf(JwtExpiredError);
      expect(verify).toHaveBeenCalledTimes(2);
    });

    it('applies the verifier’s graceSeconds to exp, as aws-jwt-verify does', async () => {
      const cached = cacheVerifiedTokens(acceptingVerifier(), { graceSeconds: 30 });
      await cached('t');
      at(T0 + 3630);
      await expect(cached('t')).resolves.toMatchObject({ sub: 'sub-of-t' });
      at(T0 + 3631);
      expect(await rejectionOf(cached('t'))).toBeInstanceOf(JwtExpiredError);
    });

    it('drops expired tokens at the front when it stores another one', async () => {
      const verify = acceptingVerifier({ early: { exp: T0 + 60 } });
      const cached = cacheVerifiedTokens(verify);
      await cached('early');
      await cached('late');
      at(T0 + 61);
      await cached('new');
      verify.mockClear();
      // Had "early" still been stored, its reuse would throw JwtExpiredError without asking the verifier.
      await cached('early');
      expect(verify).toHaveBeenCalledWith('early');
      await cached('late');
      expect(verify).toHaveBeenCalledTimes(1);
    });
  });

  describe('not before', () => {
    it('re-checks nbf on reuse (a clock set back before nbf rejects the token)', async () => {
      const verify = acceptingVerifier({ t: { nbf: T0 - 5 } });
      const cached = cacheVerifiedTokens(verify);
      await cached('t');
      at(T0 - 5);
      await expect(cached('t')).resolves.toMatchObject({ nbf: T0 - 5 });
      at(T0 - 6);
      const error = await rejectionOf(cached('t'));
      expect(error).toBeInstanceOf(JwtNotBeforeError);
      expect(mapVerificationError(error).statusCode).toBe(401);
      expect(verify).toHaveBeenCalledTimes(1);
    });

    it('applies graceSeconds to nbf', async () => {
      const cached = cacheVerifiedTokens(acceptingVerifier({ t: { nbf: T0 } }), { graceSeconds: 30 });
      await cached('t');
      at(T0 - 30);
      await expect(cached('t')).resolves.toMatchObject({ nbf: T0 });
      at(T0 - 31);
      expect(await rejectionOf(cached('t'))).toBeInstanceOf(JwtNotBeforeError);
    });
  });

  describe('bound', () => {
    it('keeps at most maxEntries tokens, dropping the oldest first', async () => {
      const verify = acceptingVerifier();
      const cached = cacheVerifiedTokens(verify, { maxEntries: 3 });
      for (const token of ['a', 'b', 'c', 'd']) await cached(token);
      verify.mockClear();
      for (const token of ['b', 'c', 'd']) await cached(token);
      expect(verify).not.toHaveBeenCalled();
      await cached('a');
      expect(verify).toHaveBeenCalledWith('a');
      // Storing "a" again dropped "b", the oldest left.
      verify.mockClear();
      await cached('b');
      expect(verify).toHaveBeenCalledWith('b');
    });

    it('holds 1,000 tokens by default', async () => {
      const verify = acceptingVerifier();
      const cached = cacheVerifiedTokens(verify);
      for (let i = 0; i <= 1_000; i += 1) await cached(`token-${i}`);
      verify.mockClear();
      for (let i = 1; i <= 1_000; i += 1) await cached(`token-${i}`);
      expect(verify).not.toHaveBeenCalled();
      await cached('token-0');
      expect(verify).toHaveBeenCalledTimes(1);
    });
  });
});
