import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type middy from '@middy/core';
import { HttpError, type HttpProblem, InternalError } from '../../../src/errors.js';
import type { HttpContext, HttpRequest } from '../../../src/http-types.js';
import {
  createAccessTokenVerifier,
  type AccessTokenClaims,
  type AccessTokenVerifier,
} from '../../../src/jwt/access-token-verifier.js';
import { jwtAuth, type JwtAuthOptions } from '../../../src/middlewares/jwt-auth.js';
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

type AuthRequest = middy.Request<HttpRequest, unknown, Error, HttpContext>;

/** A request as the middleware sees it after the header and event normalisers. */
const makeRequest = (headers: Record<string, string> = {}): AuthRequest => ({
  event: {
    method: 'POST',
    path: '/sla-errors',
    headers,
    query: {},
    pathParameters: {},
    body: '{}',
    isBase64Encoded: false,
    requestId: 'req-1',
    sourceIp: '127.0.0.1',
    rawEvent: {},
  },
  context: { requestId: 'req-1', awsRequestId: 'aws-req-1' } as HttpContext,
  response: null,
  error: null,
  internal: {},
});

const runBefore = async (options: JwtAuthOptions, request: AuthRequest): Promise<void> => {
  const middleware = jwtAuth(options);
  if (!middleware.before) throw new Error('jwtAuth has no before hook');
  await middleware.before(request);
};

const expectProblem = async (promise: Promise<unknown>, statusCode: number): Promise<HttpProblem> => {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(HttpError);
  const problem = error as HttpProblem;
  expect(problem.statusCode).toBe(statusCode);
  return problem;
};

/** Every 401 must carry `WWW-Authenticate: Bearer ...`. */
const expectUnauthorized = async (promise: Promise<unknown>): Promise<HttpProblem> => {
  const problem = await expectProblem(promise, 401);
  expect(problem.headers['WWW-Authenticate']).toMatch(/^Bearer/);
  return problem;
};

const STUB_CLAIMS = {
  sub: 's',
  username: 'u',
  client_id: TEST_CLIENT_ID,
  token_use: 'access',
  iss: 'http://issuer',
  exp: 2,
  iat: 1,
} satisfies AccessTokenClaims;

/** A verifier spy that records every token it is asked about and how often it was created. */
const spyVerifier = (verify: (token: string) => Promise<AccessTokenClaims> = async () => STUB_CLAIMS) => {
  const tokens: string[] = [];
  let created = 0;
  const options: JwtAuthOptions = {
    verifier: () => {
      created += 1;
      return {
        verify: async (token) => {
          tokens.push(token);
          return verify(token);
        },
      };
    },
  };
  return {
    options,
    tokens,
    get created() {
      return created;
    },
  };
};

describe('jwtAuth: reading the Authorization header', () => {
  it('passes the token of "Bearer <token>" to the verifier and puts the claims on context.auth', async () => {
    const spy = spyVerifier();
    const request = makeRequest({ authorization: 'Bearer abc.def.ghi' });
    await runBefore(spy.options, request);
    expect(spy.tokens).toEqual(['abc.def.ghi']);
    expect(request.context.auth).toBe(STUB_CLAIMS);
  });

  it.each(['bearer', 'BEARER', 'bEaReR'])('accepts the scheme case-insensitively: %s', async (scheme) => {
    const spy = spyVerifier();
    const request = makeRequest({ authorization: `${scheme} abc.def.ghi` });
    await runBefore(spy.options, request);
    expect(spy.tokens).toEqual(['abc.def.ghi']);
    expect(request.context.auth).toBe(STUB_CLAIMS);
  });

  it('accepts a bare token without scheme', async () => {
    const spy = spyVerifier();
    const request = makeRequest({ authorization: 'abc.def.ghi' });
    await runBefore(spy.options, request);
    expect(spy.tokens).toEqual(['abc.def.ghi']);
    expect(request.context.auth).toBe(STUB_CLAIMS);
  });

  it('tolerates surrounding whitespace and several spaces after the scheme', async () => {
    const spy = spyVerifier();
    await runBefore(spy.options, makeRequest({ authorization: '  Bearer   abc.def.ghi  ' }));
    expect(spy.tokens).toEqual(['abc.def.ghi']);
  });

  it('answers 401 for a missing header without calling the verifier', async () => {
    const spy = spyVerifier();
    const request = makeRequest({});
    await expectUnauthorized(runBefore(spy.options, request));
    expect(spy.tokens).toHaveLength(0);
    expect(request.context.auth).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['two words after the scheme', 'Bearer abc def'],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
  ])('answers 401 for a %s header without calling the verifier', async (_name, header) => {
    const spy = spyVerifier();
    await expectUnauthorized(runBefore(spy.options, makeRequest({ authorization: header })));
    expect(spy.tokens).toHaveLength(0);
  });

  it('answers 401 for a header over 8 KiB without calling the verifier', async () => {
    const spy = spyVerifier();
    const header = `Bearer ${'a'.repeat(8 * 1024)}`;
    const problem = await expectUnauthorized(runBefore(spy.options, makeRequest({ authorization: header })));
    expect(problem.detail).toMatch(/too large/);
    expect(spy.tokens).toHaveLength(0);
    expect(spy.created).toBe(0);
  });

  it('still reads a header of exactly 8 KiB', async () => {
    const spy = spyVerifier();
    const header = `Bearer ${'a'.repeat(8 * 1024 - 'Bearer '.length)}`;
    expect(Buffer.byteLength(header)).toBe(8192);
    await runBefore(spy.options, makeRequest({ authorization: header }));
    expect(spy.tokens).toHaveLength(1);
  });

  it('counts the 8 KiB in bytes, not characters (multi-byte header)', async () => {
    const spy = spyVerifier();
    const header = `Bearer ${'é'.repeat(5000)}`; // 5007 characters, 10007 bytes
    await expectUnauthorized(runBefore(spy.options, makeRequest({ authorization: header })));
    expect(spy.tokens).toHaveLength(0);
  });

  it('honours a custom maxHeaderBytes', async () => {
    const spy = spyVerifier();
    const options = { ...spy.options, maxHeaderBytes: 20 };
    await expectUnauthorized(runBefore(options, makeRequest({ authorization: 'Bearer aaaaaaaaaaaaaaaa' })));
    await runBefore(options, makeRequest({ authorization: 'Bearer aaaaaaaaaaaaa' }));
    expect(spy.tokens).toEqual(['aaaaaaaaaaaaa']);
  });

  it('creates the verifier once, on first use, and keeps it', async () => {
    const spy = spyVerifier();
    const middleware = jwtAuth(spy.options);
    expect(spy.created).toBe(0);
    for (let i = 0; i < 3; i += 1) await middleware.before?.(makeRequest({ authorization: `Bearer t${i}` }));
    expect(spy.created).toBe(1);
    expect(spy.tokens).toEqual(['t0', 't1', 't2']);
  });

  it('answers 500 (InternalError) when the verifier fails with a non-library error', async () => {
    const spy = spyVerifier(async () => {
      throw new TypeError('bug');
    });
    const problem = await expectProblem(runBefore(spy.options, makeRequest({ authorization: 'Bearer abc' })), 500);
    expect(problem).toBeInstanceOf(InternalError);
  });
});

describe('jwtAuth with the real verifier against a local JWKS', () => {
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
    server.setStatus(200);
  });

  /** Options for a fresh middleware + verifier (own JWKS cache and penalty box). */
  const realOptions = (requiredGroup?: string, jwksUri?: string): JwtAuthOptions & { instance: () => AccessTokenVerifier } => {
    let instance: AccessTokenVerifier | undefined;
    const create = () =>
      createAccessTokenVerifier({
        userPoolId: TEST_POOL_ID,
        clientId: TEST_CLIENT_ID,
        requiredGroup,
        issuer: server.issuer,
        jwksUri: jwksUri ?? server.jwksUri,
      });
    return {
      requiredGroup,
      verifier: () => (instance ??= create()),
      instance: () => (instance ??= create()),
    };
  };

  const claims = (overrides: Record<string, unknown> = {}) => accessClaims(server.issuer, overrides);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('puts the verified claims of a valid access token on context.auth', async () => {
    const request = makeRequest(bearer(signRs256(claims({ 'cognito:groups': ['sla-writers'] }), key)));
    await runBefore(realOptions(), request);
    expect(request.context.auth).toMatchObject({
      username: 'svc-monitor',
      client_id: TEST_CLIENT_ID,
      token_use: 'access',
      'cognito:groups': ['sla-writers'],
    });
  });

  it('accepts a valid bare token', async () => {
    const request = makeRequest({ authorization: signRs256(claims(), key) });
    await runBefore(realOptions(), request);
    expect(request.context.auth?.username).toBe('svc-monitor');
  });

  it.each<[string, () => string]>([
    ['an expired token', () => signRs256(claims({ exp: nowSeconds() - 60 }), key)],
    ['a token whose nbf is in the future', () => signRs256(claims({ nbf: nowSeconds() + 600 }), key)],
    ['a token of another issuer', () => signRs256(claims({ iss: `${server.origin}/local_Other` }), key)],
    ['a token of another app client', () => signRs256(claims({ client_id: 'another-client' }), key)],
    ['an id token', () => signRs256(idClaims(server.issuer), key)],
    ['an alg:none token', () => unsignedJwt(claims(), { kid: key.kid })],
    ['an alg:none token with a dummy signature', () => unsignedJwt(claims(), { kid: key.kid }, 'AAAA')],
    ['an HS256 token signed with the public key PEM', () => signHs256(claims(), key.publicPem, { kid: key.kid })],
    ['a token with an unknown kid', () => signRs256(claims(), otherKey)],
    ['a tampered payload', () => withPayload(signRs256(claims(), key), claims({ username: 'admin' }))],
    ['garbage', () => 'not-a-jwt'],
    ['the scheme alone', () => ''],
  ])('answers 401 with WWW-Authenticate: Bearer for %s', async (_name, token) => {
    const request = makeRequest(bearer(token()));
    await expectUnauthorized(runBefore(realOptions(), request));
    expect(request.context.auth).toBeUndefined();
  });

  it('says "expired" for an expired token and "id token" for an id token', async () => {
    const expired = await expectUnauthorized(runBefore(realOptions(), makeRequest(bearer(signRs256(claims({ exp: nowSeconds() - 1 }), key)))));
    expect(expired.detail).toMatch(/expired/);
    const id = await expectUnauthorized(runBefore(realOptions(), makeRequest(bearer(signRs256(idClaims(server.issuer), key)))));
    expect(id.detail).toMatch(/id token/);
  });

  it('does not refetch the JWKS for a burst of unknown kids (penalty box)', async () => {
    const options = realOptions();
    const middleware = jwtAuth(options);
    await middleware.before?.(makeRequest(bearer(signRs256(claims(), key))));
    const before = server.fetches;
    for (let i = 0; i < 10; i += 1) {
      const token = signRs256(claims(), otherKey, { kid: `unknown-${i}` });
      await expectUnauthorized(Promise.resolve(middleware.before?.(makeRequest(bearer(token)))));
    }
    expect(server.fetches - before).toBe(1);
  });

  describe('required group', () => {
    it('answers 403 with the insufficient_scope challenge for a token without cognito:groups', async () => {
      const problem = await expectProblem(runBefore(realOptions('sla-writers'), makeRequest(bearer(signRs256(claims(), key)))), 403);
      expect(problem.detail).toContain('"sla-writers"');
      expect(problem.headers['WWW-Authenticate']).toBe('Bearer error="insufficient_scope"');
    });

    it('answers 403 for a token with only other groups', async () => {
      const token = signRs256(claims({ 'cognito:groups': ['sla-readers'] }), key);
      const request = makeRequest(bearer(token));
      await expectProblem(runBefore(realOptions('sla-writers'), request), 403);
      expect(request.context.auth).toBeUndefined();
    });

    it('lets a token with the group through', async () => {
      const token = signRs256(claims({ 'cognito:groups': ['sla-readers', 'sla-writers'] }), key);
      const request = makeRequest(bearer(token));
      await runBefore(realOptions('sla-writers'), request);
      expect(request.context.auth?.['cognito:groups']).toEqual(['sla-readers', 'sla-writers']);
    });

    it('answers 401, not 403, for an id token without the group', async () => {
      await expectUnauthorized(runBefore(realOptions('sla-writers'), makeRequest(bearer(signRs256(idClaims(server.issuer), key)))));
    });

    it('answers 401, not 403, for an expired token without the group', async () => {
      await expectUnauthorized(runBefore(realOptions('sla-writers'), makeRequest(bearer(signRs256(claims({ exp: nowSeconds() - 1 }), key)))));
    });
  });

  describe('JWKS endpoint failures', () => {
    it('answers 500 InternalError when the JWKS endpoint is unreachable (closed port)', async () => {
      const problem = await expectProblem(runBefore(realOptions(undefined, await closedPortUrl()), makeRequest(bearer(signRs256(claims(), key)))), 500);
      expect(problem).toBeInstanceOf(InternalError);
      expect((problem as InternalError).logMessage).toBe('JWKS endpoint unreachable');
      expect(problem.expose).toBe(false);
      expect(problem.headers['WWW-Authenticate']).toBeUndefined();
    });

    it('answers 500 InternalError when the JWKS endpoint answers 500', async () => {
      server.setStatus(500);
      const problem = await expectProblem(runBefore(realOptions(), makeRequest(bearer(signRs256(claims(), key)))), 500);
      expect(problem).toBeInstanceOf(InternalError);
      expect((problem as InternalError).logMessage).toBe('JWKS endpoint unreachable');
    });
  });
});
