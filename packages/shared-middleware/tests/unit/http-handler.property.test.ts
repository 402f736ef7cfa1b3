/**
 * Property-based tests of the composed HTTP stack (docs/architecture.md, HTTP contract, Tests): `httpHandler` with a trivial
 * base handler, JSON body parsing, case-insensitive names and a compiled validator, and access
 * tokens verified by `createAccessTokenVerifier` against a local JWKS. Whatever the event,
 * headers, body or token: the handler never throws, answers 200, 4xx or 500, every error is
 * problem+json with `type`, `title`, `status` and `requestId`, and no body holds a stack trace, an
 * AWS error text or a planted secret; no log line holds a planted secret; no prototype is polluted.
 * Runs per property: `FUZZ_RUNS` (default 300); `FUZZ_SEED` fixes the seed.
 */
import { afterAll, afterEach, beforeAll, describe, it, jest } from '@jest/globals';
import Ajv from 'ajv';
import fc from 'fast-check';
import { canonicalizeKeys } from '../../src/canonical-keys.js';
import { loadConfig } from '../../src/config.js';
import { badRequest, httpProblem, notFound } from '../../src/errors.js';
import { httpHandler, type RouteHandler } from '../../src/http-handler.js';
import { defineHttpLambda } from '../../src/manifest.js';
import type { HttpResponse } from '../../src/http-types.js';
import { createAccessTokenVerifier } from '../../src/jwt/access-token-verifier.js';
import { createLogger } from '../../src/logger.js';
import { captureOutput } from '@file-sla/test-support';
import {
  FUZZ_REQUEST_ID,
  SECRET_MARKS,
  anyEvent,
  anyString,
  answerOf,
  authorizationArb,
  bodyArb,
  checkAnswer,
  checkLogs,
  checkNoPollution,
  contentType,
  fuzzParams,
  fuzzTimeout,
  headersArb,
  httpApiV2,
  jwtClaimsArb,
  jwtHeaderArb,
  methodArb,
  pathArb,
  plantedSecret,
  queryArb,
  restApiV1,
  shapedEvent,
  type BodyCase,
  type EventParts,
} from '@file-sla/test-support';
import { lambdaContext } from '../support/http-events.js';
import {
  TEST_CLIENT_ID,
  TEST_POOL_ID,
  accessClaims,
  generateRsaKey,
  signHs256,
  signRs256,
  startJwksServer,
  type JwksServer,
} from '../support/jwt-fixtures.js';

const GROUP = 'sla-writers';
/** The problem type base the answer checks of test-support expect. */
const PROBLEM_TYPE_BASE = 'https://file-sla-errors.dev/problems/';
const FIELDS = ['fileName', 'sourceSystem', 'password', 'fileSizeBytes', 'tags', 'details'] as const;

/** A compiled validator (Ajv standalone in the lambdas; compiled here at load, same code path). */
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile({
  type: 'object',
  properties: {
    fileName: { type: 'string', minLength: 1, maxLength: 512 },
    sourceSystem: { type: 'string', minLength: 1, maxLength: 128 },
    password: { type: 'string', minLength: 1, maxLength: 256 },
    fileSizeBytes: { type: 'integer', minimum: 0 },
    tags: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 100 } },
    details: { type: 'object', maxProperties: 50, additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
  },
  required: ['fileName'],
  additionalProperties: false,
});

/** Secrets planted in the configuration and the requests: never in a body, never in a log line. */
const CLIENT_SECRET = `cs-${SECRET_MARKS.clientSecret}-0a9b8c7d`;
const MARKS = Object.values(SECRET_MARKS);
/** Planted AWS error text: never in a body. */
const AWS_TEXT = 'arn:aws:dynamodb:eu-central-1:123456789012:table/FileSlaErrors';
const FORBIDDEN = [...MARKS, CLIENT_SECRET, AWS_TEXT];

const key = generateRsaKey('fuzz-key-1');
/** Same `kid`, another key: its signatures must not verify. */
const impostor = generateRsaKey('fuzz-key-1');

let jwks: JwksServer;
let handler: (event: unknown) => Promise<HttpResponse>;
let validClaims: Record<string, unknown>;

/** The function under test: `POST /sla-errors` (token with the group, JSON body) and `GET /sla-errors` (any token). */
const manifest = defineHttpLambda<{ table: string; clientSecret: string }>()({
  kind: 'http',
  name: 'fuzz-lambda',
  description: 'fuzz',
  memoryMb: 128,
  timeoutSeconds: 3,
  environment: {},
  permissions: [],
  routes: {
    report: { method: 'POST', path: '/sla-errors', auth: { group: () => GROUP }, body: { normalize: (body) => canonicalizeKeys(body, FIELDS), validate } },
    list: { method: 'GET', path: '/sla-errors', auth: {} },
  },
});

/** Builds the stack around `base` (the verifier and its JWKS cache are shared, as in a container). */
const build = (base: RouteHandler, verifier: ReturnType<typeof createAccessTokenVerifier>) => {
  const logger = createLogger({ serviceName: 'fuzz-api', logLevel: 'DEBUG' });
  const config = loadConfig((env) => ({ table: env.required('DYNAMODB_TABLE'), clientSecret: env.required('CLIENT_SECRET') }), {
    DYNAMODB_TABLE: 'FileSlaErrors',
    CLIENT_SECRET,
  });
  const stack = httpHandler(manifest, { logger, config, verifier: () => verifier, routes: { report: base, list: base }, problems: { typeBase: PROBLEM_TYPE_BASE } });
  return (event: unknown) => stack(event, lambdaContext());
};

let verifier: ReturnType<typeof createAccessTokenVerifier>;

beforeAll(async () => {
  delete process.env.POWERTOOLS_DEV;
  delete process.env.POWERTOOLS_LOGGER_LOG_EVENT;
  jwks = await startJwksServer([key.jwk]);
  verifier = createAccessTokenVerifier({ userPoolId: TEST_POOL_ID, clientId: TEST_CLIENT_ID, issuer: jwks.issuer, jwksUri: jwks.jwksUri, requiredGroup: GROUP });
  // The trivial base handler: what reaches it has passed every check of the stack.
  handler = build(async () => ({ statusCode: 200, body: { ok: true } }), verifier);
  validClaims = accessClaims(jwks.issuer, { 'cognito:groups': [GROUP], jti: `jti-${SECRET_MARKS.token}` });
});
afterAll(async () => {
  await jwks.close();
});
afterEach(() => {
  jest.restoreAllMocks();
});

/** A token the stack accepts. */
const validToken = (): string => signRs256(validClaims, key);

/** Tokens really signed (by the key, an impostor key, or HS256 with the public key) with random claims and headers. */
const signedTokens = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(null).map(validToken) },
    { weight: 4, arbitrary: jwtClaimsArb(validClaims, true).map((claims) => signRs256(claims, key)) },
    { weight: 2, arbitrary: fc.tuple(jwtHeaderArb([key.kid]), jwtClaimsArb(validClaims, true)).map(([header, claims]) => signRs256(claims, key, header)) },
    { weight: 1, arbitrary: jwtClaimsArb(validClaims, true).map((claims) => signRs256(claims, impostor)) },
    { weight: 1, arbitrary: jwtClaimsArb(validClaims, true).map((claims) => signHs256(claims, key.publicPem, { kid: key.kid })) },
  );

const authorization = (): fc.Arbitrary<string> => authorizationArb({ knownKids: [key.kid], validClaims, signed: signedTokens() });

/** "Almost valid" bodies: random subsets of the fields, random types, names in any case. */
const almostValid = (): fc.Arbitrary<unknown> => {
  const right: Record<string, fc.Arbitrary<unknown>> = {
    password: plantedSecret(SECRET_MARKS.password),
    fileSizeBytes: fc.nat(),
    tags: fc.array(anyString(20), { maxLength: 3 }),
    details: fc.dictionary(anyString(10), fc.oneof(anyString(10), fc.double(), fc.boolean(), fc.constant(null)), { maxKeys: 3 }),
  };
  const value = (name: string): fc.Arbitrary<unknown> =>
    fc.oneof({ weight: 6, arbitrary: right[name] ?? anyString(30) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
  const item = fc
    .tuple(
      fc.subarray([...FIELDS]),
      fc.boolean(),
      fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(fc.tuple(anyString(12), fc.jsonValue({ maxDepth: 1 })), { maxLength: 2 }) }),
      fc.boolean(),
    )
    .map(([names, withFileName, extra, mixed]) => [withFileName && !names.includes('fileName') ? ['fileName', ...names] : names, extra, mixed] as const)
    .chain(([names, extra, mixed]) =>
      fc
        .tuple(...names.map((name) => fc.tuple(mixed ? fc.mixedCase(fc.constant(name)) : fc.constant(name), value(name))))
        .map((entries) => Object.fromEntries([...entries, ...extra])),
    );
  return fc.oneof({ weight: 4, arbitrary: item }, { weight: 1, arbitrary: fc.array(item, { maxLength: 3 }) });
};

const bodies = (): fc.Arbitrary<BodyCase> => bodyArb({ objects: almostValid(), fieldNames: FIELDS });

const definedHeaders = (headers: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));

/** The secrets of one run: the planted marks and the exact Authorization value (when long enough to be telling). */
const secretsOf = (headers: Record<string, unknown>): string[] => {
  const authorizationValues = Object.entries(headers)
    .filter(([name, value]) => name.toLowerCase() === 'authorization' && typeof value === 'string')
    .map(([, value]) => (value as string).trim().replace(/^bearer\s+/i, ''))
    .filter((token) => token.length >= 24);
  return [...MARKS, CLIENT_SECRET, ...authorizationValues];
};

/** Events of any method, path, headers, query, body and token. */
const eventParts = (): fc.Arbitrary<EventParts> =>
  fc.record({
    method: methodArb(['POST', 'GET']),
    path: pathArb(['/sla-errors']),
    headers: headersArb(
      fc.record({ authorization: fc.oneof(authorization(), fc.constant(null).map(() => `Bearer ${validToken()}`)), 'content-type': contentType() }, { requiredKeys: [] }).map(definedHeaders),
    ),
    query: queryArb(['date', 'limit']),
    body: bodies(),
  });

describe('httpHandler: property-based', () => {
  it('fc.anything() as the whole event: never a throw, 200/4xx/500, problem+json, nothing leaked', async () => {
    const output = captureOutput();
    await fc.assert(
      fc.asyncProperty(anyEvent(shapedEvent(eventParts())), async (event) => {
        const answer = await answerOf(() => handler(event));
        checkAnswer(answer, { forbidden: FORBIDDEN });
        checkLogs(output.writes, [...MARKS, CLIENT_SECRET], answer);
        checkNoPollution();
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('HTTP API 2.0 / REST 1.0 events with any method, path, headers, query, body and token', async () => {
    const output = captureOutput();
    await fc.assert(
      fc.asyncProperty(shapedEvent(eventParts()), async (event) => {
        const answer = await answerOf(() => handler(event));
        const secrets = secretsOf(event.headers as Record<string, unknown>);
        checkAnswer(answer, { requestId: FUZZ_REQUEST_ID, forbidden: [...FORBIDDEN, ...secrets] });
        checkLogs(output.writes, secrets, answer);
        checkNoPollution();
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('any body behind a valid token: 200 or 4xx, never 500', async () => {
    const output = captureOutput();
    const parts: fc.Arbitrary<EventParts> = fc.record({
      method: fc.constantFrom('POST', 'post', 'PUT', 'PATCH'),
      path: fc.constant('/sla-errors'),
      headers: headersArb(
        fc
          .tuple(fc.oneof({ weight: 3, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') }, { weight: 2, arbitrary: contentType() }), fc.mixedCase(fc.constant('content-type')))
          .map(([type, name]) => definedHeaders({ [name]: type, authorization: `Bearer ${validToken()}` })),
      ).map((headers) => ({ ...headers, authorization: `Bearer ${validToken()}` })),
      query: fc.constant({}),
      body: bodies(),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(parts.map((p) => httpApiV2(p)), parts.map((p) => restApiV1(p))), async (event) => {
        const answer = await answerOf(() => handler(event));
        const secrets = secretsOf(event.headers as Record<string, unknown>);
        checkAnswer(answer, { requestId: FUZZ_REQUEST_ID, forbidden: [...FORBIDDEN, ...secrets], statuses: (status) => status === 200 || (status >= 400 && status <= 499) });
        checkLogs(output.writes, secrets, answer);
        checkNoPollution();
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('any Authorization value with a valid body: 200, 401 or 403, never 500 while the JWKS answers', async () => {
    const output = captureOutput();
    const event = fc
      .tuple(fc.oneof(authorization(), signedTokens().map((token) => `Bearer ${token}`)), fc.mixedCase(fc.constant('authorization')), fc.boolean())
      .map(([value, name, rest]) => {
        const parts: EventParts = {
          method: 'POST',
          path: '/sla-errors',
          headers: { 'content-type': 'application/json', [name]: value },
          query: {},
          body: { body: JSON.stringify({ fileName: 'PAY_20261124.csv', password: `p-${SECRET_MARKS.password}` }), isBase64Encoded: false },
        };
        return rest ? restApiV1(parts) : httpApiV2({ ...parts, headers: { 'content-type': 'application/json', authorization: value } });
      });
    await fc.assert(
      fc.asyncProperty(event, async (input) => {
        const answer = await answerOf(() => handler(input));
        const secrets = secretsOf(input.headers as Record<string, unknown>);
        const body = checkAnswer(answer, { requestId: FUZZ_REQUEST_ID, forbidden: [...FORBIDDEN, ...secrets], statuses: (status) => [200, 401, 403].includes(status) });
        const response = answer as HttpResponse;
        if (response.statusCode === 401 && !/^Bearer/.test(response.headers['www-authenticate'] ?? '')) throw new Error(`401 without WWW-Authenticate: ${JSON.stringify(body)}`);
        checkLogs(output.writes, secrets, answer);
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('whatever the base handler throws: its 4xx problem or 500, no AWS text, stack or secret', async () => {
    const output = captureOutput();
    const secretKey = fc.constantFrom('password', 'Password', 'client_secret', 'clientSecret', 'SECRET_HASH', 'refreshToken', 'session', 'authorization', 'x-amz-security-token', 'newPassword');
    const secret = plantedSecret(SECRET_MARKS.password, 20);
    /** A secret inside a message as a logger can recognise it: a quoted JSON member, an encoded pair, a bearer token. */
    const secretInText = fc.oneof(
      fc.tuple(secretKey, secret).map(([name, value]) => `{"${name}":${JSON.stringify(value)}}`),
      fc.tuple(secretKey, secret).map(([name, value]) => `${name}=${encodeURIComponent(value)}`),
      fc.constant(null).map(() => `Authorization: Bearer ${validToken()}`),
      fc.constant(null).map(() => `token ${validToken()} rejected`),
    );
    const awsError = fc
      .tuple(fc.constantFrom('ResourceNotFoundException', 'ProvisionedThroughputExceededException', 'ValidationException', 'InternalServerError', 'TimeoutError', 'Error'), secretInText, anyString(20))
      .map(([name, text, noise]) =>
        Object.assign(new Error(`${noise} ${AWS_TEXT} ${text}`), { name, $fault: 'client', $metadata: { httpStatusCode: 400, requestId: 'DDB0REQ1' } }),
      );
    const thrown: fc.Arbitrary<unknown> = fc.oneof(
      { weight: 4, arbitrary: awsError },
      { weight: 2, arbitrary: fc.tuple(awsError, secretKey, secret).map(([error, name, value]) => Object.assign(error, { [name]: value, config: { [name]: value } })) },
      { weight: 2, arbitrary: fc.anything({ maxDepth: 2 }) },
      {
        weight: 2,
        arbitrary: fc.record({ statusCode: fc.oneof(fc.integer({ min: -1, max: 700 }), fc.integer({ min: 400, max: 498 }).map((status) => status + 0.5), fc.anything({ maxDepth: 0 })), expose: fc.anything({ maxDepth: 0 }), message: anyString(30) }),
      },
      { weight: 1, arbitrary: fc.tuple(anyString(30), fc.integer({ min: 400, max: 499 })).map(([message, status]) => Object.assign(new Error(message), { statusCode: status, expose: true })) },
      { weight: 2, arbitrary: anyString(30).map((detail) => (detail.length % 2 ? badRequest(detail) : notFound(detail))) },
      { weight: 1, arbitrary: fc.integer({ min: 400, max: 500 }).map((status) => httpProblem(status, { type: 'x', title: 'X', cause: new Error(AWS_TEXT) })) },
      {
        weight: 1,
        arbitrary: awsError.map((error) => {
          const circular = error as Error & { self?: unknown };
          circular.self = circular;
          (circular as { cause?: unknown }).cause = circular;
          return Object.assign(circular, { [fc.toStringMethod]: () => `Error(${JSON.stringify(error.message)}) whose "cause" and "self" are itself` });
        }),
      },
      { weight: 1, arbitrary: awsError.map((error) => Object.freeze(error)) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('message', 'statusCode', 'name', 'stack').map((name) =>
          Object.defineProperty(Object.assign(new Error(AWS_TEXT), { [fc.toStringMethod]: () => `Error with a throwing "${name}" getter` }), name, {
            get() {
              throw new Error(`getter ${AWS_TEXT}`);
            },
          }),
        ),
      },
    );
    let current: unknown;
    const throwing = build(async () => {
      throw current;
    }, verifier);
    const token = validToken();
    await fc.assert(
      fc.asyncProperty(thrown, async (value) => {
        current = value;
        const event = httpApiV2({
          method: 'POST',
          path: '/sla-errors',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          query: {},
          body: { body: JSON.stringify({ fileName: 'a.csv' }), isBase64Encoded: false },
        });
        const answer = await answerOf(() => throwing(event));
        checkAnswer(answer, { forbidden: [...FORBIDDEN, token] });
        checkLogs(output.writes, [...MARKS, CLIENT_SECRET, token], answer);
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());
});
