/**
 * Property-based testing with fast-check: run settings (`FUZZ_RUNS`, `FUZZ_SEED`), arbitraries for
 * hostile HTTP input (whole events, headers, bodies, Authorization values), and the checks every
 * answer of the HTTP stack must pass (docs/architecture.md, HTTP contract, Tests). Shared by the property tests of
 * shared-middleware, auth-lambda and sla-error-lambda.
 */
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------
// Run settings
// ---------------------------------------------------------------------------------------------

const integerFromEnv = (name: string, fallback: number | undefined, min: number): number | undefined => {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min} (got "${raw}")`);
  return value;
};

/** Runs per property: `FUZZ_RUNS`, default 2,000 (the CI budget). */
export const FUZZ_RUNS = integerFromEnv('FUZZ_RUNS', 2000, 1)!;

/** The seed of the default runs: every run of the suite checks the same cases. */
const DEFAULT_SEED = 20261124;

/**
 * `FUZZ_SEED`: unset → {@link DEFAULT_SEED}, so a test run gives the same answer every time;
 * `random` → a new seed per property (a hunt; fast-check prints the seed of a failing run);
 * an integer → that seed (to replay a failure).
 */
const FUZZ_SEED = process.env.FUZZ_SEED?.trim().toLowerCase() === 'random' ? undefined : integerFromEnv('FUZZ_SEED', DEFAULT_SEED, -(2 ** 31));

/** fast-check parameters of every property. */
export const fuzzParams = <T>(): fc.Parameters<T> => ({
  numRuns: FUZZ_RUNS,
  ...(FUZZ_SEED === undefined ? {} : { seed: FUZZ_SEED }),
});

/** Jest time-out of one property: generous, and growing with `FUZZ_RUNS`. */
export const fuzzTimeout = (msPerRun = 100): number => 60_000 + FUZZ_RUNS * msPerRun;

// ---------------------------------------------------------------------------------------------
// Strings, secrets and header values
// ---------------------------------------------------------------------------------------------

/**
 * Marks every secret a test plants (passwords, tokens, sessions, client secrets). Each is
 * base64url-safe, so it also fits inside a JWT segment. Finding one in a log line or an answer
 * where it does not belong means something leaked, even if only part of the secret.
 */
export const SECRET_MARKS = {
  password: 'PwdMk7qZx',
  token: 'TokMk3vYw',
  session: 'SesMk8kLp',
  clientSecret: 'CsecMk5nR',
  awsSecret: 'AwsMk2hTd',
} as const;

/** Any string: printable ASCII, any code point, control characters, or graphemes. */
export const anyString = (maxLength = 40): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'binary-ascii', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
  );

/** `length` characters made by repeating a short random string (cheap to build, any size). */
export const hugeString = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 8, unit: fc.oneof(fc.string({ minLength: 1, maxLength: 1 }), fc.constant('é')) }), fc.integer({ min: minLength, max: maxLength }))
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

/** A secret: a random string with `mark` somewhere inside (so that leaks of any part show). */
export const plantedSecret = (mark: string, maxLength = 30): fc.Arbitrary<string> =>
  fc.tuple(anyString(maxLength), anyString(maxLength)).map(([before, after]) => `${before}${mark}${after}`);

/** The names that reach an object's prototype when assigned carelessly, in any letter case. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
export const protoKey = (): fc.Arbitrary<string> =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PROTO_KEYS) }, { weight: 1, arbitrary: fc.mixedCase(fc.constantFrom(...PROTO_KEYS)) });

/** A header value: short and odd, or huge (up to 64 KiB). */
export const headerValue = (): fc.Arbitrary<string> =>
  fc.oneof({ weight: 8, arbitrary: anyString(60) }, { weight: 1, arbitrary: hugeString(8 * 1024, 64 * 1024) });

const COMMON_HEADERS = ['content-type', 'authorization', 'idempotency-key', 'content-length', 'accept', 'host', 'x-forwarded-for', 'cookie', 'x-amzn-trace-id'];

/** Content types: the accepted ones in odd spellings, the refused ones, and random text. */
export const contentType = (): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.mixedCase(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/problem+json', 'application/vnd.api+json;charset=ISO-8859-1', 'application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8')) },
    { weight: 2, arbitrary: fc.constantFrom('text/plain', '*/*', '', ' ', 'multipart/form-data; boundary=x', 'application/xml', 'application/json+xml', 'json', ';', 'application/jsonx') },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: headerValue() },
  );

/**
 * Arbitrary headers as a gateway might deliver them: any names and values (prototype keys
 * included), huge values, and case variants of the same name with different values
 * (`Authorization` and `authorization`), plus the headers the stack reads, given as `fixed`.
 */
export const headersArb = (fixed: fc.Arbitrary<Record<string, string>> = fc.constant({})): fc.Arbitrary<Record<string, string>> =>
  fc
    .tuple(
      fixed,
      fc.array(
        fc.tuple(fc.oneof({ weight: 4, arbitrary: anyString(30) }, { weight: 3, arbitrary: fc.mixedCase(fc.constantFrom(...COMMON_HEADERS)) }, { weight: 1, arbitrary: protoKey() }), headerValue()),
        { maxLength: 6 },
      ),
      fc.boolean(),
    )
    .map(([base, extra, extraFirst]) =>
      // Object.fromEntries defines `__proto__` as an own property, as JSON.parse of an event would.
      Object.fromEntries(extraFirst ? [...extra, ...Object.entries(base)] : [...Object.entries(base), ...extra]),
    );

// ---------------------------------------------------------------------------------------------
// Authorization values and JWT-shaped tokens
// ---------------------------------------------------------------------------------------------

const b64url = (text: string | Uint8Array): string => Buffer.from(text).toString('base64url');

/** Random base64url text (a segment of a token). */
export const base64urlSegment = (maxLength = 60): fc.Arbitrary<string> => fc.uint8Array({ maxLength }).map((bytes) => b64url(bytes));

/** JOSE header members, some right, most wrong: `alg`, `kid`, `typ` of any kind. */
export const jwtHeaderArb = (knownKids: readonly string[]): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(
      fc.record(
        {
          alg: fc.oneof(fc.constantFrom('RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'HS256', 'none', 'None', 'rs256', ''), anyString(10), fc.jsonValue({ maxDepth: 1 })),
          kid: fc.oneof(fc.constantFrom(...knownKids, ''), anyString(40), fc.jsonValue({ maxDepth: 1 }), fc.constant('../../../../etc/passwd'), protoKey()),
          typ: fc.oneof(fc.constantFrom('JWT', 'at+jwt', 'JOSE'), fc.jsonValue({ maxDepth: 1 })),
          jku: fc.constantFrom('http://127.0.0.1:1/jwks.json', 'https://evil.example/jwks.json'),
          crit: fc.array(anyString(10), { maxLength: 2 }),
        },
        { requiredKeys: [] },
      ),
      fc.dictionary(fc.oneof(anyString(10), protoKey()), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    )
    .map(([known, extra]) => ({ ...extra, ...known }));

const TIME_CLAIMS = ['exp', 'nbf', 'iat', 'auth_time'];
/** The largest time claim a `Date` can show (±8.64e15 ms). */
const MAX_TIME_CLAIM = 8.64e12;

/**
 * Claims of any kind: right names with wrong types and values, random extras, prototype keys.
 * `issued`: for tokens the trusted key signs, time claims that are numbers stay within what a
 * `Date` can show — aws-jwt-verify formats them into its error messages (a `RangeError` beyond),
 * and only the pool itself, which never writes such claims, could sign them.
 */
export const jwtClaimsArb = (valid: Record<string, unknown>, issued = false): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(
      fc.subarray(Object.keys(valid)),
      fc.dictionary(fc.constantFrom(...Object.keys(valid)), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.integer(), fc.double(), anyString(20)), { maxKeys: 4 }),
      fc.dictionary(fc.oneof(anyString(12), protoKey()), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    )
    .map(([kept, replaced, extra]) => {
      const claims: Record<string, unknown> = { ...extra, ...Object.fromEntries(kept.map((name) => [name, valid[name]])), ...replaced };
      for (const name of issued ? TIME_CLAIMS : []) {
        const value = claims[name];
        if (typeof value === 'number' && Math.abs(value) > MAX_TIME_CLAIM) claims[name] = value % MAX_TIME_CLAIM;
      }
      return claims;
    });

/** A JWT-shaped string that no key signed: random header, payload and signature, odd segment counts. */
export const unsignedJwtArb = (knownKids: readonly string[], validClaims: Record<string, unknown>): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.oneof(jwtHeaderArb(knownKids).map((header) => b64url(JSON.stringify(header))), base64urlSegment(), fc.constant('eyJ'), anyString(20)),
      fc.oneof(jwtClaimsArb(validClaims).map((claims) => b64url(JSON.stringify(claims))), base64urlSegment(120), fc.constant(''), anyString(20)),
      fc.oneof(base64urlSegment(300).map((sig) => `${sig}${SECRET_MARKS.token}`), fc.constant(''), anyString(20)),
      fc.array(fc.oneof(base64urlSegment(), fc.constant('')), { maxLength: 3 }),
      fc.nat(3),
    )
    .map(([header, payload, signature, extra, shape]) => {
      if (shape === 0) return [header, payload].join('.');
      if (shape === 1) return [header, payload, signature, ...extra].join('.');
      return [header, payload, signature].join('.');
    });

/** Scheme prefixes: `Bearer` in any case and spacing, none, other schemes. */
export const schemePrefix = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant('Bearer ') },
    { weight: 3, arbitrary: fc.tuple(fc.mixedCase(fc.constant('bearer')), fc.constantFrom(' ', '  ', '\t', ' \t ')).map(([scheme, space]) => scheme + space) },
    { weight: 2, arbitrary: fc.constantFrom('', 'Basic ', 'Token ', 'Bearer', 'Bearer Bearer ', 'bearer:', ' ') },
    { weight: 1, arbitrary: anyString(10) },
  );

/**
 * Authorization header values: random strings (with and without a planted mark), `Bearer` and
 * random base64url segments, JWT-shaped tokens with random headers, `kid`s and `alg`s, and
 * `signed` — tokens really signed by the test key with random claims — in every scheme spelling.
 */
export const authorizationArb = (options: {
  knownKids: readonly string[];
  validClaims: Record<string, unknown>;
  signed: fc.Arbitrary<string>;
}): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 2, arbitrary: anyString(80) },
    { weight: 2, arbitrary: plantedSecret(SECRET_MARKS.token, 60) },
    {
      weight: 2,
      arbitrary: fc
        .array(base64urlSegment(), { minLength: 1, maxLength: 4 })
        .map((segments) => `Bearer ${segments.join('.')}${SECRET_MARKS.token}`),
    },
    {
      weight: 4,
      arbitrary: fc
        .tuple(schemePrefix(), unsignedJwtArb(options.knownKids, options.validClaims), fc.constantFrom('', '', ' ', '\n', ' x'))
        .map(([scheme, token, suffix]) => scheme + token + suffix),
    },
    { weight: 4, arbitrary: fc.tuple(schemePrefix(), options.signed, fc.constantFrom('', '', ' ', '.x', 'x')).map(([scheme, token, suffix]) => scheme + token + suffix) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'Bearer', 'Bearer ', 'bearer\t', 'Bearer null', 'Bearer undefined', 'Bearer ..', 'Bearer a.b.c') },
    { weight: 1, arbitrary: hugeString(7 * 1024, 12 * 1024).map((padding) => `Bearer eyJ${padding}${SECRET_MARKS.token}`) },
  );

// ---------------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------------

/** What goes into an event's `body` and `isBase64Encoded`. */
export interface BodyCase {
  body: unknown;
  isBase64Encoded: unknown;
}

const plain = (body: unknown): BodyCase => ({ body, isBase64Encoded: false });
const base64 = (text: string | Uint8Array): BodyCase => ({ body: Buffer.from(text).toString('base64'), isBase64Encoded: true });

/** JSON text of a value, compact, indented, or with a UTF-8 BOM. */
export const jsonText = (value: fc.Arbitrary<unknown>): fc.Arbitrary<string> =>
  fc.tuple(value, fc.nat(3)).map(([item, style]) => {
    if (style === 1) return JSON.stringify(item, null, 2) ?? 'null';
    if (style === 2) return `\uFEFF${JSON.stringify(item) ?? 'null'}`;
    return JSON.stringify(item) ?? 'null';
  });

/** JSON text broken in a random place: cut short, a character inserted, or a character dropped. */
export const malformedJson = (value: fc.Arbitrary<unknown>): fc.Arbitrary<string> =>
  fc.tuple(jsonText(value), fc.nat(), fc.constantFrom('', ',', '{', '"', '\\', '\u0000', ']', 'x', '\uD800')).map(([text, at, insert]) => {
    const index = text.length === 0 ? 0 : at % text.length;
    return insert === '' ? text.slice(0, index) : text.slice(0, index) + insert + text.slice(index + 1);
  });

/** Nesting `depth` levels deep (default up to 5,000): arrays, objects, or both, around `inner`. */
export const deepJson = (maxDepth = 5000): fc.Arbitrary<string> =>
  fc.tuple(fc.integer({ min: 100, max: maxDepth }), fc.constantFrom('array', 'object', 'mixed', 'unclosed'), fc.constantFrom('1', '"x"', 'null', '{}', '[]')).map(([depth, kind, inner]) => {
    if (kind === 'array') return '['.repeat(depth) + inner + ']'.repeat(depth);
    if (kind === 'object') return '{"a":'.repeat(depth) + inner + '}'.repeat(depth);
    if (kind === 'unclosed') return '[{"a":'.repeat(depth);
    const half = Math.floor(depth / 2);
    return '[{"x":'.repeat(half) + inner + '}]'.repeat(half);
  });

/** Prototype-pollution attempts anywhere in a JSON document: `__proto__`, `constructor.prototype`, `prototype`. */
export const pollutionJson = (fieldNames: readonly string[]): fc.Arbitrary<string> =>
  fc
    .tuple(
      protoKey(),
      fc.constantFrom('{"polluted":"yes","isAdmin":true}', '{"prototype":{"polluted":"yes"}}', '{"toString":"x","hasOwnProperty":1}', '"yes"', '[1]', 'null'),
      fc.constantFrom(...fieldNames),
      fc.nat(4),
      fc.boolean(),
    )
    .map(([key, payload, field, where, escaped]) => {
      // JSON escapes reach the same key after parsing: "\u005f_proto__" is "__proto__".
      const name = escaped ? key.replace(/_/g, '\\u005f').replace(/o/g, '\\u006f') : key;
      const member = `"${name}":${payload}`;
      switch (where) {
        case 0:
          return `{${member}}`;
        case 1:
          return `{"${field}":"x",${member}}`;
        case 2:
          return `[{${member}}]`;
        case 3:
          return `{"${field}":{${member}}}`;
        default:
          return `{"details":{${member}},"${field}":{"constructor":{"prototype":{"polluted":"yes"}}}}`;
      }
    });

/**
 * Bodies of every kind: any JSON (`fc.jsonValue()`), `objects` (e.g. "almost valid" ones a
 * package builds from its field table), random strings, invalid UTF-8 (base64 of random bytes
 * with `isBase64Encoded`), huge strings up to ~300 KiB, deep nesting, prototype-pollution keys,
 * malformed JSON, form bodies, and values that are not strings at all.
 */
export const bodyArb = (options: { objects: fc.Arbitrary<unknown>; fieldNames: readonly string[] }): fc.Arbitrary<BodyCase> => {
  const { objects, fieldNames } = options;
  const field = fc.constantFrom(...fieldNames);
  return fc.oneof(
    { weight: 4, arbitrary: jsonText(fc.jsonValue()).map(plain) },
    { weight: 8, arbitrary: jsonText(objects).map(plain) },
    { weight: 2, arbitrary: jsonText(objects).map(base64) },
    { weight: 2, arbitrary: anyString(200).map(plain) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 512 }).map(base64) },
    { weight: 1, arbitrary: fc.tuple(fc.uint8Array({ maxLength: 64 }), jsonText(objects)).map(([bytes, text]) => base64(Buffer.concat([Buffer.from(text), bytes]))) },
    { weight: 1, arbitrary: anyString(200).map((text) => ({ body: text, isBase64Encoded: true })) },
    { weight: 2, arbitrary: malformedJson(objects).map(plain) },
    {
      weight: 2,
      arbitrary: fc.tuple(field, hugeString(200 * 1024, 300 * 1024), fc.boolean()).map(([name, text, encoded]) => {
        const json = `{"${name}":${JSON.stringify(text)}}`;
        return encoded ? base64(json) : plain(json);
      }),
    },
    { weight: 1, arbitrary: hugeString(250 * 1024, 300 * 1024).map(plain) },
    { weight: 2, arbitrary: deepJson().map(plain) },
    { weight: 1, arbitrary: fc.tuple(field, deepJson()).map(([name, deep]) => plain(`{"${name}":${deep},"details":${deep}}`)) },
    { weight: 3, arbitrary: pollutionJson(fieldNames).map(plain) },
    { weight: 1, arbitrary: pollutionJson(fieldNames).map(base64) },
    {
      weight: 1,
      arbitrary: fc.tuple(field, anyString(10), fc.mixedCase(field)).map(([name, value, variant]) => plain(`{"${name}":${JSON.stringify(value)},"${variant}":1,"${name}":2}`)),
    },
    { weight: 1, arbitrary: fc.tuple(field, plantedSecret(SECRET_MARKS.password)).map(([name, secret]) => plain(`${name}=x&password=${encodeURIComponent(secret)}`)) },
    { weight: 1, arbitrary: fc.constantFrom<BodyCase>(plain(''), plain('   '), plain(undefined), plain(null), plain('null'), plain('\uFEFF'), base64(''), { body: '{}', isBase64Encoded: 'true' }) },
    { weight: 1, arbitrary: fc.tuple(fc.anything({ maxDepth: 2 }), fc.anything({ maxDepth: 0 })).map(([body, isBase64Encoded]) => ({ body, isBase64Encoded })) },
  );
};

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/** The gateway's request id in every shaped event (and so in every answer to one). */
export const FUZZ_REQUEST_ID = 'FuzzReq0-0000-4000-8000-000000000001';

/** What a shaped event is made of. */
export interface EventParts {
  method: string;
  path: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: BodyCase;
}

/** Methods: the usual ones in any case, and random text. */
export const methodArb = (usual: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...usual) },
    { weight: 2, arbitrary: fc.mixedCase(fc.constantFrom('post', 'get', 'put', 'patch', 'delete', 'options', 'head')) },
    { weight: 1, arbitrary: anyString(8) },
  );

/** Paths: the routes, their near misses, percent-encoding, and random text. */
export const pathArb = (routes: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...routes) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...routes), fc.constantFrom('/', '//', '/x', '/%zz', '/%E0%A4%A', '/..', '?a=1', '/__proto__', '/constructor', '/' + 'a'.repeat(300))).map(([route, suffix]) => route + suffix) },
    { weight: 1, arbitrary: fc.mixedCase(fc.constantFrom(...routes)) },
    { weight: 1, arbitrary: anyString(40) },
  );

/** Query parameters: any names (the known ones in any case) and values. */
export const queryArb = (names: readonly string[]): fc.Arbitrary<Record<string, string>> =>
  fc
    .array(fc.tuple(fc.oneof(fc.mixedCase(fc.constantFrom(...names, 'x')), anyString(12), protoKey()), fc.oneof(anyString(30), fc.constantFrom('', '1', '0', '-1', '101', '2026-11-24', '2026-02-30', '2026-11-24T06:00:00Z'))), { maxLength: 4 })
    .map((entries) => Object.fromEntries(entries));

/** An API Gateway HTTP API payload 2.0 event (a named stage sometimes, its name in `rawPath`). */
export const httpApiV2 = ({ method, path, headers, query, body }: EventParts, stage = '$default'): Record<string, unknown> => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: stage === '$default' ? path : `/${stage}${path}`,
  rawQueryString: new URLSearchParams(query).toString(),
  cookies: ['session=' + SECRET_MARKS.session],
  headers,
  ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
  requestContext: {
    accountId: '123456789012',
    apiId: 'a1b2c3d4e5',
    domainName: 'a1b2c3d4e5.execute-api.eu-central-1.amazonaws.com',
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.23', userAgent: 'fuzz' },
    requestId: FUZZ_REQUEST_ID,
    routeKey: '$default',
    stage,
    time: '14/Mar/2027:09:26:53 +0000',
    timeEpoch: 1805016413000,
  },
  body: body.body,
  isBase64Encoded: body.isBase64Encoded,
});

/** An API Gateway REST API payload 1.0 event; `multiValueHeaders` may disagree with `headers`. */
export const restApiV1 = ({ method, path, headers, query, body }: EventParts, multiValueHeaders?: unknown): Record<string, unknown> => ({
  resource: path,
  path,
  httpMethod: method,
  headers,
  multiValueHeaders: multiValueHeaders ?? Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
  queryStringParameters: Object.keys(query).length > 0 ? query : null,
  multiValueQueryStringParameters: null,
  pathParameters: null,
  stageVariables: null,
  requestContext: {
    accountId: '123456789012',
    apiId: 'a1b2c3d4e5',
    httpMethod: method,
    identity: { sourceIp: '198.51.100.23', userAgent: 'fuzz' },
    path: `/prod${path}`,
    protocol: 'HTTP/1.1',
    requestId: FUZZ_REQUEST_ID,
    resourcePath: path,
    stage: 'prod',
  },
  body: body.body,
  isBase64Encoded: body.isBase64Encoded,
});

/** A shaped event of either payload version (2.0 more often, as it is the primary one). */
export const shapedEvent = (parts: fc.Arbitrary<EventParts>): fc.Arbitrary<Record<string, unknown>> =>
  fc.oneof(
    { weight: 3, arbitrary: parts.map((p) => httpApiV2(p)) },
    { weight: 1, arbitrary: fc.tuple(parts, fc.constantFrom('live', 'prod')).map(([p, stage]) => httpApiV2(p, stage)) },
    { weight: 2, arbitrary: parts.map((p) => restApiV1(p)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(parts, fc.dictionary(fc.oneof(fc.mixedCase(fc.constantFrom(...COMMON_HEADERS)), protoKey()), fc.oneof(fc.array(headerValue(), { maxLength: 3 }), fc.anything({ maxDepth: 1 })), { maxKeys: 4 }))
        .map(([p, multi]) => restApiV1(p, multi)),
    },
  );

const EVENT_KEYS = ['version', 'routeKey', 'rawPath', 'path', 'httpMethod', 'headers', 'multiValueHeaders', 'queryStringParameters', 'pathParameters', 'body', 'isBase64Encoded', 'requestContext'];

/** A shaped event with some of its members (top level and `requestContext`) replaced by anything at all. */
export const mangledEvent = (shaped: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(
      shaped,
      fc.dictionary(fc.oneof(fc.constantFrom(...EVENT_KEYS), protoKey()), fc.anything({ maxDepth: 2, withNullPrototype: true, withBoxedValues: true }), { maxKeys: 3 }),
      fc.dictionary(fc.constantFrom('http', 'requestId', 'stage', 'identity', 'httpMethod'), fc.anything({ maxDepth: 1 }), { maxKeys: 2 }),
    )
    .map(([event, top, context]) => {
      const mangled: Record<string, unknown> = { ...event, requestContext: { ...(event.requestContext as object), ...context } };
      for (const [name, value] of Object.entries(top)) Object.defineProperty(mangled, name, { value, enumerable: true, configurable: true, writable: true });
      return mangled;
    });

/**
 * `fc.anything()` as the whole event, with every kind of value fast-check knows; and, given
 * `shaped`, gateway events with some members replaced by anything (to get past the first check).
 */
export const anyEvent = (shaped?: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.anything(),
    fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withNullPrototype: true,
      withObjectString: true,
      withSet: true,
      withSparseArray: true,
      withTypedArray: true,
      key: fc.oneof(anyString(12), protoKey(), fc.constantFrom(...EVENT_KEYS, 'http', 'method', 'requestId')),
    }),
    ...(shaped ? [mangledEvent(shaped), mangledEvent(shaped)] : []),
  );

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

/** The answer the stack hands to the gateway. */
export interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Base URI of every problem `type` the service emits. */
const PROBLEM_TYPE_BASE = 'https://file-sla-errors.dev/problems/';

/** Traces of a stack in a text: a frame, a Node internal, a TypeScript (or bundle) source position. */
const STACK_TRACES: readonly RegExp[] = [/\n\s+at /, /node:internal/, /\.ts:/, /\.m?js:\d+/];

/** What an AWS SDK error brings along: exception names, request metadata, ARNs. */
const AWS_TRACES: readonly RegExp[] = [/[A-Z]\w+Exception\b/, /\$metadata/, /\$fault/, /arn:aws:/, /httpStatusCode/];

const stringsIn = (value: unknown, out: string[] = []): string[] => {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      stringsIn(item, out);
    }
  }
  return out;
};

const fail = (message: string, answer: unknown): never => {
  const shown = JSON.stringify(answer, (_key, value: unknown) => (typeof value === 'string' && value.length > 2000 ? `${value.slice(0, 2000)}…` : value));
  throw new Error(`${message}\nanswer: ${shown}`);
};

/** Options for {@link checkAnswer}. */
export interface CheckOptions {
  /** The request id the answer must carry, when the test knows it. */
  requestId?: string;
  /** Texts that must never be in a body (planted secrets, the planted AWS error texts). */
  forbidden?: readonly string[];
  /** Statuses this property allows (default: 200, 400–499, 500). */
  statuses?: (status: number) => boolean;
}

const defaultStatuses = (status: number): boolean => status === 200 || (status >= 400 && status <= 499) || status === 500;

/**
 * The promises of docs/architecture.md (HTTP contract) for one answer: status 200, 4xx or 500; lower-case header names,
 * `x-request-id` and the security headers; a JSON body; problem+json with `type`, `title`,
 * `status` and `requestId` on every error; no stack trace, AWS error text or planted secret.
 * Returns the parsed body.
 */
export const checkAnswer = (answer: unknown, options: CheckOptions = {}): Record<string, unknown> => {
  const candidate = answer as Partial<Answer> | null;
  if (typeof candidate !== 'object' || candidate === null) return fail('the answer is not an object', answer);
  const { statusCode, headers, body } = candidate;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode)) return fail('statusCode is not an integer', answer);
  if (!(options.statuses ?? defaultStatuses)(statusCode)) return fail(`status ${statusCode} is not allowed here`, answer);
  if (typeof headers !== 'object' || headers === null) return fail('no headers', answer);
  for (const [name, value] of Object.entries(headers)) {
    if (name !== name.toLowerCase()) fail(`header name "${name}" is not lower case`, answer);
    if (typeof value !== 'string') fail(`header "${name}" is not a string`, answer);
  }
  if (headers['x-content-type-options'] !== 'nosniff') fail('no x-content-type-options: nosniff', answer);
  if (headers['cache-control'] !== 'no-store') fail('no cache-control: no-store', answer);
  if (!/^max-age=\d+/.test(headers['strict-transport-security'] ?? '')) fail('no strict-transport-security', answer);
  if (typeof headers['x-request-id'] !== 'string' || headers['x-request-id'] === '') fail('no x-request-id', answer);
  if (typeof body !== 'string') return fail('the body is not a string', answer);

  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return fail('the body is not JSON', answer);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('the body is not a JSON object', answer);
  const json = parsed as Record<string, unknown>;

  if (statusCode === 200) {
    if (!/^application\/json/.test(headers['content-type'] ?? '')) fail('a 200 without a JSON content type', answer);
  } else {
    if (headers['content-type'] !== 'application/problem+json') fail('an error without content-type: application/problem+json', answer);
    if (typeof json.type !== 'string' || !json.type.startsWith(PROBLEM_TYPE_BASE)) fail('problem "type" missing or foreign', answer);
    if (typeof json.title !== 'string' || json.title === '') fail('problem "title" missing', answer);
    if (json.status !== statusCode) fail('problem "status" differs from the status code', answer);
    if (typeof json.requestId !== 'string' || json.requestId === '') fail('problem "requestId" missing', answer);
    if (json.requestId !== headers['x-request-id']) fail('problem "requestId" differs from x-request-id', answer);
    if (statusCode >= 500 && (json.title !== 'Internal server error' || json.detail !== 'Internal server error')) {
      fail('a 5xx that says more than "Internal server error"', answer);
    }
  }
  if (options.requestId !== undefined && headers['x-request-id'] !== options.requestId) fail(`x-request-id is not ${options.requestId}`, answer);

  const texts = [body, ...stringsIn(json)];
  for (const text of texts) {
    for (const trace of STACK_TRACES) if (trace.test(text)) fail(`a stack trace (${String(trace)}) in the body`, answer);
    for (const trace of AWS_TRACES) if (trace.test(text)) fail(`an AWS error text (${String(trace)}) in the body`, answer);
  }
  for (const secret of options.forbidden ?? []) {
    if (secret !== '' && texts.some((text) => text.includes(secret))) fail(`the planted "${secret.slice(0, 80)}" is in the body`, answer);
  }
  return json;
};

/**
 * Asserts that no log line written so far holds any of `secrets` (marks or whole values) and,
 * after a `500`, that an ERROR line says why (docs/architecture.md, HTTP contract: the cause goes to the log); then
 * empties `writes` so that the next run starts with a clean capture.
 */
export const checkLogs = (writes: string[], secrets: readonly string[], answer?: unknown): void => {
  const lines = writes.join('').split('\n');
  writes.length = 0;
  if ((answer as Partial<Answer> | undefined)?.statusCode === 500 && !lines.some((line) => line.includes('"level":"ERROR"'))) {
    throw new Error(`a 500 without an ERROR log line; the log: ${lines.join('\n').slice(0, 4000)}`);
  }
  for (const line of lines) {
    for (const secret of secrets) {
      if (secret !== '' && line.includes(secret)) {
        throw new Error(`the planted "${secret.slice(0, 80)}" is in a log line: ${line.slice(0, 4000)}`);
      }
    }
  }
};

const prototypes = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype, String: String.prototype } as const;

type Snapshot = Record<string, Map<string | symbol, PropertyDescriptor>>;

const snapshot = (): Snapshot =>
  Object.fromEntries(
    Object.entries(prototypes).map(([name, proto]) => [name, new Map(Reflect.ownKeys(proto).map((key) => [key, Object.getOwnPropertyDescriptor(proto, key)!]))]),
  );

const BEFORE = snapshot();

/** Asserts that no built-in prototype gained, lost or changed a property (prototype pollution). */
export const checkNoPollution = (): void => {
  const now = snapshot();
  for (const [name, before] of Object.entries(BEFORE)) {
    const after = now[name]!;
    for (const [key, descriptor] of after) {
      const old = before.get(key);
      if (!old || old.value !== descriptor.value || old.get !== descriptor.get || old.set !== descriptor.set) {
        throw new Error(`${name}.prototype was polluted: ${String(key)}`);
      }
    }
    if (after.size !== before.size) throw new Error(`${name}.prototype lost a property`);
  }
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || probe.isAdmin !== undefined) throw new Error('Object.prototype was polluted');
};

/** Awaits the handler's answer; a rejection (a throw) fails the property with what was thrown. */
export const answerOf = async (call: () => Promise<unknown>): Promise<unknown> => {
  try {
    return await call();
  } catch (error) {
    throw new Error(`the handler threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, { cause: error });
  }
};
