/**
 * Property-based tests of the SLA error function (docs/architecture.md: HTTP contract, Data model, Tests): the real handler,
 * loaded with a valid configuration against a local JWKS, DynamoDB mocked by aws-sdk-client-mock
 * so that every call answers a random outcome — success, a duplicate, each DynamoDB failure,
 * throttling, or a generic error with an AWS-looking message that carries a planted secret.
 * Whatever the event, headers, token or body: the handler never throws, answers 200, 4xx or 500,
 * every error is problem+json with `type`, `title`, `status` and `requestId`, no body holds a stack
 * trace, an AWS error text or a planted secret, and no log line holds a token or a credential.
 * On POST, a 200 means every PutItem sent a well-formed record (docs/architecture.md, Data model), and a 4xx means no
 * PutItem was sent at all. Runs per property: `FUZZ_RUNS` (default 300); `FUZZ_SEED` fixes the seed.
 */
import * as staticSdk from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, it, jest } from '@jest/globals';
import fc from 'fast-check';
import type { HttpResponse } from '@file-sla/shared-middleware';
import { captureOutput } from '@file-sla/test-support';
import { AWS_TEXT, conditionFailed, itemOf, storeFailures, valuesOf } from '../support/dynamodb.js';
import { BASE_ENV, CLIENT_ID } from '../support/env.js';
import { lambdaContext } from '../support/events.js';
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
  hugeString,
  httpApiV2,
  jwtClaimsArb,
  methodArb,
  pathArb,
  queryArb,
  restApiV1,
  shapedEvent,
  type EventParts,
} from '@file-sla/test-support';
import { loadHandler, type LoadedHandler } from '../support/handler.js';
import { USERNAME, startTokenIssuer, type TokenIssuer } from '../support/jwt.js';
import { expectedErrorId, storedRecord } from '../support/sla-errors.js';

const GROUP = 'sla-writers';
/** The function's AWS credentials: never in a log line, never in a body. */
const AWS_SECRET_ACCESS_KEY = `aws-${SECRET_MARKS.awsSecret}-Zx9q`;
const AWS_SESSION_TOKEN = `IQoJb3JpZ2luX2VjE${SECRET_MARKS.awsSecret}tok`;
const MARKS = Object.values(SECRET_MARKS);
const FORBIDDEN = [...MARKS, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_TEXT];

const FIELDS = [
  'fileName',
  'sourceSystem',
  'slaDeadline',
  'errorType',
  'errorMessage',
  'severity',
  'detectedAt',
  'receivedAt',
  'filePath',
  'fileSizeBytes',
  'hostName',
  'details',
] as const;
type Field = (typeof FIELDS)[number];
const ERROR_TYPES = ['MISSING', 'LATE', 'EMPTY', 'INCOMPLETE', 'INVALID_FORMAT', 'DUPLICATE', 'OTHER'];
const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

// ---------------------------------------------------------------------------------------------
// DynamoDB outcomes
// ---------------------------------------------------------------------------------------------

type Outcome =
  | { kind: 'ok' | 'absent' }
  | { kind: 'duplicate'; createdAt: boolean }
  | { kind: 'failure'; index: number }
  | { kind: 'generic'; carries: 'credentials' | 'token' | 'both' };

const FAILURES = storeFailures(staticSdk).length;

const outcomeArb: fc.Arbitrary<Outcome> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<Outcome>({ kind: 'ok' }, { kind: 'absent' }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), createdAt: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('failure' as const), index: fc.nat(FAILURES - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('generic' as const), carries: fc.constantFrom('credentials' as const, 'token' as const, 'both' as const) }) },
);

const isFailure = (outcome: Outcome): boolean => outcome.kind === 'failure' || outcome.kind === 'generic';

/** What the store sends (DynamoDB JSON). */
interface DdbInput {
  IndexName?: string | undefined;
  Key?: { errorId?: { S?: string | undefined } | undefined } | undefined;
}

/** Makes each DynamoDB call answer the next outcome of the current run. */
const withOutcomes = (h: LoadedHandler) => {
  let queue: readonly Outcome[] = [{ kind: 'ok' }];
  let next = 0;
  let token = '';
  const answer =
    (command: 'put' | 'get' | 'query') =>
    async (input: DdbInput): Promise<Record<string, unknown>> => {
      const outcome = queue[next++ % queue.length]!;
      switch (outcome.kind) {
        case 'failure':
          throw storeFailures(h.sdk)[outcome.index]![1];
        case 'generic': {
          const credentials = `The request signature does not match: secretAccessKey=${AWS_SECRET_ACCESS_KEY} X-Amz-Security-Token=${encodeURIComponent(AWS_SESSION_TOKEN)}`;
          const bearer = `while serving Authorization: Bearer ${token} (token ${token})`;
          const text = outcome.carries === 'credentials' ? credentials : outcome.carries === 'token' ? bearer : `${credentials}; ${bearer}`;
          throw Object.assign(new Error(`${text} (${AWS_TEXT})`), { name: 'UnrecognizedClientException', $fault: 'client', $metadata: { httpStatusCode: 400, requestId: 'DDB0REQ' } });
        }
        case 'duplicate':
          if (command === 'put') throw conditionFailed(h.sdk, outcome.createdAt ? '2026-11-24T06:01:02.345Z' : undefined);
          return {};
        case 'absent':
          return command === 'query' ? { Items: [] } : {};
        case 'ok': {
          if (command === 'put') return {};
          const errorId = input.Key?.errorId?.S;
          const record = storedRecord(typeof errorId === 'string' ? { errorId } : {});
          if (command === 'get') return { Item: itemOf(record) };
          const lastKey =
            input.IndexName === 'byDay'
              ? { deadlineDay: record.deadlineDay, deadlineSort: record.deadlineSort, errorId: record.errorId }
              : { errorId: record.errorId, fileKey: record.fileKey, slaDeadline: record.slaDeadline };
          return { Items: [itemOf(record)], LastEvaluatedKey: itemOf(lastKey) };
        }
      }
    };
  h.ddb.on(h.sdk.PutItemCommand).callsFake(answer('put'));
  h.ddb.on(h.sdk.GetItemCommand).callsFake(answer('get'));
  h.ddb.on(h.sdk.QueryCommand).callsFake(answer('query'));
  return (outcomes: readonly Outcome[], bearer: string): void => {
    h.ddb.resetHistory();
    queue = outcomes.length > 0 ? outcomes : [{ kind: 'ok' }];
    next = 0;
    token = bearer;
  };
};

// ---------------------------------------------------------------------------------------------
// Bodies from the field table
// ---------------------------------------------------------------------------------------------

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

/** Date-times in every form docs/architecture.md (HTTP contract) accepts, and the near misses it refuses. */
const dateTimeArb: fc.Arbitrary<unknown> = (() => {
  const instant = fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });
  const rfc3339 = fc
    .tuple(instant, fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.nat(12), fc.constantFrom('T', 't', ' '), fc.constantFrom('Z', 'z', 'offset', 'offset', 'offset-no-colon', 'none'))
    .map(([date, offset, digits, separator, zone]) => {
      const shifted = new Date(date.getTime() + (zone.startsWith('offset') ? offset : 0) * 60_000);
      const iso = Number.isNaN(shifted.getTime()) ? date.toISOString() : shifted.toISOString();
      const [day, time] = [iso.slice(0, 10), iso.slice(11, 19)];
      const fraction = digits === 0 ? '' : `.${`${iso.slice(20, 23)}${'7'.repeat(12)}`.slice(0, digits)}`;
      const sign = offset < 0 ? '-' : '+';
      const zoneText =
        zone === 'offset' ? `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}` : zone === 'offset-no-colon' ? `${sign}${pad(Math.trunc(offset / 60))}${pad(offset % 60)}` : zone === 'none' ? '' : zone;
      return `${day}${separator}${time}${fraction}${zoneText}`;
    });
  const dotNet = fc
    .tuple(fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -(8.64e15 + 10), max: 8.64e15 + 10 }) }, { weight: 1, arbitrary: fc.integer() }), fc.option(fc.integer({ min: -1400, max: 1400 })), fc.boolean())
    .map(([ms, offset, escaped]) => {
      const zone = offset === null ? '' : `${offset < 0 ? '-' : '+'}${pad(offset, 4)}`;
      return escaped ? `\\/Date(${ms}${zone})\\/` : `/Date(${ms}${zone})/`;
    });
  const nearMiss = fc.constantFrom(
    '2026-02-30T06:00:00Z',
    '2026-13-01T06:00:00Z',
    '2026-11-24T24:00:00Z',
    '2026-12-31T23:59:60Z',
    '2026-11-24T06:00:00+24:00',
    '2026-11-24',
    '11/24/2026 06:00:00',
    'Sunday, November 24, 2026 6:00:00 AM',
    '+275760-09-13T00:00:00Z',
    '0000-01-01T00:00:00+01:00',
    '9999-12-31T23:59:59-01:00',
    '  2026-11-24T06:00:00Z  ',
    '',
  );
  const plain = fc.oneof({ weight: 10, arbitrary: rfc3339 }, { weight: 3, arbitrary: dotNet }, { weight: 2, arbitrary: nearMiss }, { weight: 1, arbitrary: anyString(30) });
  return fc.oneof(
    { weight: 8, arbitrary: plain },
    { weight: 1, arbitrary: fc.tuple(plain, fc.mixedCase(fc.constant('value'))).map(([value, key]) => ({ [key]: value, DisplayHint: 2, DateTime: 'Sunday, November 24, 2026 6:00:00 AM' })) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constant(null), fc.jsonValue({ maxDepth: 1 })) },
  );
})();

/** A text field: the right length (padded with white space now and then), empty, blank, or one too long. */
const text = (max: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 16, arbitrary: fc.string({ minLength: 1, maxLength: Math.min(max, 60) }) },
    { weight: 4, arbitrary: fc.tuple(anyString(40), fc.constantFrom(' ', '\t', '\u00a0', '\r\n')).map(([value, space]) => `${space}${value}${space}`) },
    { weight: 1, arbitrary: fc.constantFrom('', '   ', '\n') },
    { weight: 1, arbitrary: fc.constantFrom(max, max + 1).chain((length) => hugeString(length, length)) },
  );

const enumValue = (values: readonly string[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.mixedCase(fc.constantFrom(...values)) },
    { weight: 1, arbitrary: fc.constantFrom(...values).map((value) => ` ${value.toLowerCase()} `) },
    { weight: 1, arbitrary: anyString(12) },
  );

const detailsArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(anyString(20), fc.oneof(anyString(30), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)), { maxKeys: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom({ list: 'System.Object[]' }, { nested: { a: 1 } }, { big: 2 ** 60 }, { ['k'.repeat(129)]: 1 }, Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]))) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const RIGHT: Record<Field, fc.Arbitrary<unknown>> = {
  fileName: text(512),
  sourceSystem: text(128),
  slaDeadline: dateTimeArb,
  errorType: enumValue(ERROR_TYPES),
  errorMessage: text(4000),
  severity: enumValue(SEVERITIES),
  detectedAt: dateTimeArb,
  receivedAt: dateTimeArb,
  filePath: text(2048),
  fileSizeBytes: fc.oneof({ weight: 6, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.constantFrom(-1, 1.5, '12', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 1e300) }),
  hostName: text(255),
  details: detailsArb,
};

const REQUIRED: readonly Field[] = ['fileName', 'sourceSystem', 'slaDeadline', 'errorType', 'errorMessage'];

/** A date-time of this century with a zone, as a script would send it. */
const cleanDateTime = fc
  .tuple(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }), fc.constantFrom('Z', '+00:00', '.1234567Z'))
  .map(([date, zone]) => `${date.toISOString().slice(0, 19)}${zone}`);

/** Right values only, so that a good share of the bodies is valid as a whole. */
const CLEAN: Record<Field, fc.Arbitrary<unknown>> = {
  ...RIGHT,
  fileName: fc.string({ maxLength: 40 }).map((name) => `F${name}`),
  sourceSystem: fc.string({ maxLength: 40 }).map((name) => `S${name}`),
  errorMessage: fc.string({ maxLength: 80 }).map((message) => `M${message}`),
  filePath: fc.string({ maxLength: 40 }).map((path) => `\\\\fs01\\${path}`),
  hostName: fc.string({ maxLength: 20 }).map((host) => `H${host}`),
  slaDeadline: cleanDateTime,
  detectedAt: cleanDateTime,
  receivedAt: cleanDateTime,
  errorType: fc.mixedCase(fc.constantFrom(...ERROR_TYPES)),
  severity: fc.mixedCase(fc.constantFrom(...SEVERITIES)),
  fileSizeBytes: fc.nat(),
  details: fc.dictionary(anyString(20), fc.oneof(anyString(30), fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 5 }),
};

/**
 * "Almost valid" SLA errors: the required fields usually there, a random subset of the optional
 * ones, right types mostly (random types otherwise), names in any case, a typo now and then;
 * one object or a batch (an empty one, or one over the limit of 100, now and then).
 */
const almostValid = (): fc.Arbitrary<unknown> => {
  const item = fc
    .tuple(
      fc.subarray(FIELDS.filter((field) => !REQUIRED.includes(field))),
      fc.subarray([...REQUIRED], { minLength: 3 }).chain((some) => fc.oneof({ weight: 3, arbitrary: fc.constant([...REQUIRED]) }, { weight: 1, arbitrary: fc.constant(some) })),
      fc.boolean(),
      fc.nat(2).map((n) => n === 0),
      fc.oneof({ weight: 8, arbitrary: fc.constant([] as [string, unknown][]) }, { weight: 1, arbitrary: fc.array(fc.tuple(fc.oneof(fc.constantFrom('fileNmae', 'Severity ', 'id'), anyString(10)), fc.jsonValue({ maxDepth: 1 })), { maxLength: 2 }) }),
    )
    .chain(([optional, required, mixedCase, clean, extra]) =>
      fc
        .tuple(
          ...[...required, ...optional].map((field) =>
            fc.tuple(mixedCase ? fc.mixedCase(fc.constant(field)) : fc.constant(field), clean ? CLEAN[field] : fc.oneof({ weight: 20, arbitrary: RIGHT[field] }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) })),
          ),
        )
        .map((entries) => Object.fromEntries([...entries, ...(clean ? [] : extra)])),
    );
  return fc.oneof(
    { weight: 6, arbitrary: item },
    { weight: 3, arbitrary: fc.array(item, { minLength: 1, maxLength: 5 }) },
    { weight: 1, arbitrary: fc.tuple(item, fc.constantFrom(0, 100, 101)).map(([one, count]) => Array.from({ length: count }, () => one)) },
  );
};

// ---------------------------------------------------------------------------------------------
// What a 200 must have written
// ---------------------------------------------------------------------------------------------

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const isCanonical = (value: unknown): boolean => typeof value === 'string' && CANONICAL.test(value) && new Date(value).toISOString() === value;
const isText = (value: unknown, max: number): boolean => typeof value === 'string' && value.length >= 1 && value.length <= max && value === value.trim();
const STORED = new Set<string>([...FIELDS, 'errorId', 'submittedBy', 'clientId', 'createdAt', 'requestId', 'fileKey', 'deadlineDay', 'deadlineSort', 'expiresAt']);

/** Every value an `Idempotency-Key` header of the event may carry, whatever its name's case. */
const idempotencyKeysOf = (event: Record<string, unknown>): string[] => {
  const values: string[] = [];
  for (const source of [event.headers, event.multiValueHeaders]) {
    if (typeof source !== 'object' || source === null) continue;
    for (const [name, value] of Object.entries(source)) {
      if (name.toLowerCase() !== 'idempotency-key') continue;
      if (typeof value === 'string') values.push(value.trim());
      else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) values.push(value.join(',').trim());
    }
  }
  return values;
};

/** Problems of one stored record against docs/architecture.md (HTTP contract, Data model) (none: an empty list). */
const recordProblems = (item: Record<string, unknown>, options: { username?: string; idempotencyKeys?: readonly string[] }): string[] => {
  const problems: string[] = [];
  const expect = (ok: boolean, what: string): void => {
    if (!ok) problems.push(what);
  };
  expect(typeof item.errorId === 'string' && /^[0-9a-f]{32}$/.test(item.errorId), 'errorId is not 32 hex characters');
  for (const name of ['slaDeadline', 'detectedAt', 'createdAt'] as const) expect(isCanonical(item[name]), `${name} is not canonical UTC with milliseconds`);
  expect(item.receivedAt === undefined || isCanonical(item.receivedAt), 'receivedAt is not canonical UTC with milliseconds');
  expect(ERROR_TYPES.includes(item.errorType as string), 'errorType is not one of the upper-case values');
  expect(SEVERITIES.includes(item.severity as string), 'severity is not one of the upper-case values');
  expect(isText(item.fileName, 512) && isText(item.sourceSystem, 128) && isText(item.errorMessage, 4000), 'a required text is empty, untrimmed or too long');
  expect(item.filePath === undefined || isText(item.filePath, 2048), 'filePath');
  expect(item.hostName === undefined || isText(item.hostName, 255), 'hostName');
  expect(item.fileSizeBytes === undefined || (Number.isSafeInteger(item.fileSizeBytes) && (item.fileSizeBytes as number) >= 0), 'fileSizeBytes');
  const details = item.details as Record<string, unknown> | undefined;
  expect(
    details === undefined ||
      (typeof details === 'object' && details !== null && !Array.isArray(details) && Object.keys(details).length <= 50 && Object.values(details).every((value) => value === null || ['string', 'number', 'boolean'].includes(typeof value))),
    'details is not a flat object of at most 50 scalars',
  );
  // sourceSystem with "\" and "#" escaped, "#", fileName: one key per pair of names.
  expect(item.fileKey === `${String(item.sourceSystem).replace(/[\\#]/g, '\\$&')}#${String(item.fileName)}`, 'fileKey');
  expect(item.deadlineDay === String(item.slaDeadline).slice(0, 10), 'deadlineDay');
  expect(item.deadlineSort === `${String(item.slaDeadline)}#${String(item.errorId)}`, 'deadlineSort');
  expect(item.clientId === CLIENT_ID && item.requestId === FUZZ_REQUEST_ID, 'clientId or requestId');
  if (options.username !== undefined) expect(item.submittedBy === options.username, 'submittedBy is not the token username');
  expect(Number.isSafeInteger(item.expiresAt) && (item.expiresAt as number) > Date.parse(String(item.createdAt)) / 1000, 'expiresAt');
  for (const key of Object.keys(item)) expect(STORED.has(key), `unknown attribute "${key}"`);
  if (problems.length === 0) {
    const breach = item as { sourceSystem: string; fileName: string; slaDeadline: string; errorType: string };
    // With an Idempotency-Key header, the key is part of the identity (single report or batch item).
    const candidates = [undefined, ...(options.idempotencyKeys ?? [])].map((key) => expectedErrorId(breach, key));
    expect(candidates.includes(item.errorId as string), 'errorId is not derived from the breach');
  }
  return problems;
};

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

let issuer: TokenIssuer;
let h: LoadedHandler;
let setOutcomes: (outcomes: readonly Outcome[], token: string) => void;
let validToken: string;
let validClaims: Record<string, unknown>;

beforeAll(async () => {
  issuer = await startTokenIssuer();
  captureOutput();
  h = await loadHandler({ ...BASE_ENV, ...issuer.env, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, WRITER_GROUP: GROUP, LOG_LEVEL: 'DEBUG' });
  setOutcomes = withOutcomes(h);
  validToken = issuer.accessToken({ 'cognito:groups': [GROUP] });
  validClaims = JSON.parse(Buffer.from(validToken.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
});
afterAll(async () => {
  h.dispose();
  await issuer.close();
});
afterEach(() => {
  jest.restoreAllMocks();
});

/** Tokens signed by the issuer's key with random claims (missing ones removed), or by a key it does not publish. */
const signedTokens = (): fc.Arbitrary<string> => {
  const removeAll = Object.fromEntries(Object.keys(validClaims).map((name) => [name, undefined]));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(validToken) },
    { weight: 4, arbitrary: jwtClaimsArb(validClaims, true).map((claims) => issuer.accessToken({ ...removeAll, ...claims })) },
    { weight: 1, arbitrary: jwtClaimsArb(validClaims, true).map((claims) => issuer.foreignToken({ ...removeAll, ...claims })) },
  );
};

const authorization = (): fc.Arbitrary<string> => authorizationArb({ knownKids: ['unit-test-key-1'], validClaims, signed: signedTokens() });

const invoke = (event: unknown): Promise<HttpResponse> => h.handler(event, lambdaContext());

/** The records of the PutItem calls so far (their items read back from DynamoDB JSON). */
const putItems = (): Record<string, unknown>[] => h.ddb.commandCalls(h.sdk.PutItemCommand).map((call) => valuesOf(call.args[0].input.Item));

/** The Authorization value the stack reads (header names are case-insensitive; the last one wins). */
const authorizationOf = (event: Record<string, unknown>): string => {
  const headers = (event.headers ?? {}) as Record<string, unknown>;
  const values = Object.entries(headers).filter(([name, value]) => name.toLowerCase() === 'authorization' && typeof value === 'string');
  return String(values.at(-1)?.[1] ?? '');
};

/** Secrets of a run: the planted ones, and the token sent (when long enough to be telling). */
const secretsOf = (event: Record<string, unknown>): string[] => {
  const token = authorizationOf(event).trim().replace(/^bearer\s+/i, '');
  return [...MARKS, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, ...(token.length >= 24 ? [token] : [])];
};

/**
 * Every check of one answer: the stack's promises, the log, the prototypes; on POST, what was
 * written (a 200: well-formed records; a 4xx: nothing); a 500 only when DynamoDB failed.
 */
const check = (
  answer: unknown,
  event: Record<string, unknown>,
  writes: string[],
  outcomes: readonly Outcome[],
  options: { username?: string; post?: boolean; idempotencyKey?: string; statuses?: (status: number) => boolean } = {},
): void => {
  const secrets = secretsOf(event);
  const body = checkAnswer(answer, { requestId: FUZZ_REQUEST_ID, forbidden: [...FORBIDDEN, ...secrets], ...(options.statuses ? { statuses: options.statuses } : {}) });
  const response = answer as HttpResponse;
  const fail = (message: string): never => {
    throw new Error(`${message}\nanswer: ${response.statusCode} ${response.body.slice(0, 2000)}\nPutItem items: ${JSON.stringify(putItems()).slice(0, 4000)}`);
  };
  if (response.statusCode === 401 && !/^Bearer/.test(response.headers['www-authenticate'] ?? '')) fail('401 without WWW-Authenticate: Bearer');
  const puts = putItems();
  if (response.statusCode >= 400 && response.statusCode < 500 && puts.length > 0) fail(`a ${response.statusCode} after ${puts.length} PutItem call(s): half-written`);
  if (response.statusCode === 500 && !outcomes.some(isFailure)) fail('a 500 although DynamoDB never failed');
  if (response.statusCode === 200 && options.post) {
    if (puts.length === 0) fail('a 200 on POST without a PutItem');
    const batch = Array.isArray(body.results);
    for (const item of puts) {
      // The key is part of every record's id, a single report's or a batch item's.
      const keys = options.idempotencyKey !== undefined ? [options.idempotencyKey] : idempotencyKeysOf(event);
      const problems = recordProblems(item, { username: options.username, idempotencyKeys: keys });
      if (problems.length > 0) fail(`a malformed record was written: ${problems.join('; ')}`);
    }
    const answered = batch ? (body.results as { errorId: string }[]).map((result) => result.errorId) : [body.errorId];
    if (!puts.every((item) => answered.includes(item.errorId))) fail('a record was written that the answer does not list');
  }
  if (response.statusCode === 500 && Array.isArray(body.results)) {
    const created = (body.results as { errorId: string; status: string }[]).filter((result) => result.status === 'created');
    if (!created.every((result) => puts.some((item) => item.errorId === result.errorId))) fail('a 500 lists an item as created that was never written');
  }
  checkLogs(writes, secrets, answer);
  checkNoPollution();
};

const postParts = (headers: fc.Arbitrary<Record<string, string>>, body = bodyArb({ objects: almostValid(), fieldNames: FIELDS })): fc.Arbitrary<EventParts> =>
  fc.record({ method: fc.constant('POST'), path: fc.constant('/sla-errors'), headers, query: fc.constant({}), body });

const QUERY_NAMES = ['sourceSystem', 'fileName', 'from', 'to', 'date', 'limit', 'nextToken'];

const anyParts = (): fc.Arbitrary<EventParts> =>
  fc.record({
    method: methodArb(['POST', 'GET']),
    path: pathArb(['/sla-errors', '/sla-errors/426a9ac1c4eafd034aa6929ccfb92037', '/sla-errors/abc']),
    headers: headersArb(
      fc
        .record({ authorization: fc.oneof(authorization(), fc.constant(null).map(() => `Bearer ${validToken}`)), 'content-type': contentType(), 'idempotency-key': fc.oneof(anyString(20), hugeString(250, 300)) }, { requiredKeys: [] })
        .map((headers) => Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined))),
    ),
    query: queryArb(QUERY_NAMES),
    body: bodyArb({ objects: almostValid(), fieldNames: FIELDS }),
  });

describe('handler: property-based', () => {
  it('fc.anything() as the whole event: never a throw, 200/4xx/500, problem+json, nothing leaked', async () => {
    const output = captureOutput();
    await fc.assert(
      fc.asyncProperty(anyEvent(shapedEvent(anyParts())), fc.array(outcomeArb, { maxLength: 3 }), async (event, outcomes) => {
        const record = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
        setOutcomes(outcomes, authorizationOf(record));
        const answer = await answerOf(() => invoke(event));
        checkAnswer(answer, { forbidden: [...FORBIDDEN, validToken] });
        checkLogs(output.writes, [...MARKS, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, validToken], answer);
        checkNoPollution();
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('HTTP API 2.0 / REST 1.0 events with any method, path, headers, query, token and body', async () => {
    const output = captureOutput();
    await fc.assert(
      fc.asyncProperty(shapedEvent(anyParts()), fc.array(outcomeArb, { maxLength: 3 }), async (event, outcomes) => {
        setOutcomes(outcomes, authorizationOf(event));
        const answer = await answerOf(() => invoke(event));
        const method = String((event.requestContext as { http?: { method?: unknown } }).http?.method ?? event.httpMethod).toUpperCase();
        check(answer, event, output.writes, outcomes, { post: method === 'POST' });
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('any body behind a valid token, DynamoDB answering a random outcome per call', async () => {
    const output = captureOutput();
    const headers = fc
      .tuple(fc.oneof({ weight: 3, arbitrary: fc.constant('application/json; charset=utf-8') }, { weight: 1, arbitrary: contentType() }))
      .map(([type]) => ({ ...(type === undefined ? {} : { 'content-type': type }), authorization: `Bearer ${validToken}` }));
    const event = fc.oneof(postParts(headers).map((p) => httpApiV2(p)), postParts(headers).map((p) => restApiV1(p)));
    await fc.assert(
      fc.asyncProperty(event, fc.array(outcomeArb, { maxLength: 3 }), async (input, outcomes) => {
        setOutcomes(outcomes, validToken);
        const answer = await answerOf(() => invoke(input));
        check(answer, input, output.writes, outcomes, { post: true, username: USERNAME });
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('"almost valid" SLA errors from the field table: 200 writes well-formed records, 4xx writes nothing', async () => {
    const output = captureOutput();
    const event = fc
      .tuple(almostValid(), fc.option(fc.oneof(fc.constantFrom('job-4711', ' run-2026-11-24 '), anyString(20)), { freq: 3 }), fc.boolean())
      .map(([body, key, rest]) => {
        const parts: EventParts = {
          method: 'POST',
          path: '/sla-errors',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${validToken}`, ...(key === null ? {} : { 'idempotency-key': key }) },
          query: {},
          body: { body: JSON.stringify(body), isBase64Encoded: false },
        };
        return { event: rest ? restApiV1(parts) : httpApiV2(parts), key };
      });
    await fc.assert(
      fc.asyncProperty(event, fc.array(outcomeArb, { maxLength: 3 }), async ({ event: input, key }, outcomes) => {
        setOutcomes(outcomes, validToken);
        const answer = await answerOf(() => invoke(input));
        check(answer, input, output.writes, outcomes, { post: true, username: USERNAME, ...(key === null ? {} : { idempotencyKey: key.trim() }) });
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('any Authorization value with a valid body, DynamoDB answering: 200, 401 or 403 only', async () => {
    const output = captureOutput();
    const body = JSON.stringify({ fileName: 'PAY_20261124.csv', sourceSystem: 'payments-sftp', slaDeadline: '2026-11-24T06:00:00Z', errorType: 'MISSING', errorMessage: 'late' });
    const event = fc.tuple(fc.oneof(authorization(), signedTokens().map((token) => `Bearer ${token}`)), fc.boolean()).map(([value, rest]) => {
      const parts: EventParts = { method: 'POST', path: '/sla-errors', headers: { 'content-type': 'application/json', authorization: value }, query: {}, body: { body, isBase64Encoded: false } };
      return rest ? restApiV1({ ...parts, headers: { 'Content-Type': 'application/json', Authorization: value } }) : httpApiV2(parts);
    });
    await fc.assert(
      fc.asyncProperty(event, async (input) => {
        setOutcomes([{ kind: 'ok' }], authorizationOf(input));
        const answer = await answerOf(() => invoke(input));
        check(answer, input, output.writes, [], { post: true, statuses: (status) => [200, 401, 403].includes(status) });
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('GET by id and by query with any parameters, DynamoDB answering a random outcome per call', async () => {
    const output = captureOutput();
    const path = fc.oneof(
      fc.constant('/sla-errors'),
      fc.oneof(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 }), fc.constant('426a9ac1c4eafd034aa6929ccfb92037'), anyString(40).map(encodeURIComponent), fc.constantFrom('%zz', '..', '%2F')).map((id) => `/sla-errors/${id}`),
    );
    const query = fc.oneof(
      queryArb(QUERY_NAMES),
      fc.record(
        { date: fc.constantFrom('2026-11-24', '2026-02-30', ''), limit: fc.constantFrom('1', '50', '100', '0', '101', 'x'), nextToken: fc.oneof(anyString(40), fc.base64String({ maxLength: 80 })) },
        { requiredKeys: ['date'] },
      ),
      fc.record(
        { sourceSystem: fc.constantFrom('payments-sftp', ''), fileName: fc.oneof(fc.constant('PAY_20261124.csv'), hugeString(500, 600)), from: fc.string(), to: fc.constantFrom('2026-11-24T06:00:00Z', '2020-01-01T00:00:00Z') },
        { requiredKeys: ['sourceSystem', 'fileName'] },
      ),
    );
    const event = fc
      .record({ path, query, token: fc.oneof({ weight: 5, arbitrary: fc.constant(validToken) }, { weight: 1, arbitrary: signedTokens() }), rest: fc.boolean() })
      .map(({ path: route, query: params, token, rest }) => {
        const parts: EventParts = { method: 'GET', path: route, headers: { authorization: `Bearer ${token}` }, query: params, body: { body: undefined, isBase64Encoded: false } };
        return rest ? restApiV1(parts) : httpApiV2(parts);
      });
    await fc.assert(
      fc.asyncProperty(event, fc.array(outcomeArb, { maxLength: 2 }), async (input, outcomes) => {
        setOutcomes(outcomes, authorizationOf(input));
        const answer = await answerOf(() => invoke(input));
        check(answer, input, output.writes, outcomes);
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('a date-time in any accepted form is stored as the same instant (UTC, milliseconds), or refused with 400', async () => {
    const output = captureOutput();
    const form = fc
      .tuple(
        fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }),
        fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
        fc.nat(9),
        fc.constantFrom('Z', 'offset', 'dotnet', 'powershell-object'),
      )
      .map(([instant, offset, digits, kind]) => {
        const expected = instant.toISOString();
        if (kind === 'dotnet') return { sent: `/Date(${instant.getTime()})/` as unknown, expected };
        // The local time at `offset` from UTC, written with that offset.
        const local = new Date(instant.getTime() + (kind === 'offset' ? offset : 0) * 60_000);
        const localIso = local.toISOString();
        const fraction = `${expected.slice(20, 23)}${'0'.repeat(9)}`.slice(0, Math.max(digits, 3));
        const zone = kind === 'offset' ? `${offset < 0 ? '-' : '+'}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}` : 'Z';
        const text = `${localIso.slice(0, 19)}.${fraction}${zone}`;
        return { sent: kind === 'powershell-object' ? { value: text, DisplayHint: 2, DateTime: 'Sunday' } : text, expected };
      });
    await fc.assert(
      fc.asyncProperty(form, async ({ sent, expected }) => {
        setOutcomes([{ kind: 'ok' }], validToken);
        const body = { fileName: 'PAY.csv', sourceSystem: 'payments-sftp', slaDeadline: sent, errorType: 'LATE', errorMessage: 'late' };
        const event = httpApiV2({ method: 'POST', path: '/sla-errors', headers: { 'content-type': 'application/json', authorization: `Bearer ${validToken}` }, query: {}, body: { body: JSON.stringify(body), isBase64Encoded: false } });
        const answer = await answerOf(() => invoke(event));
        check(answer, event, output.writes, [], { post: true, username: USERNAME, statuses: (status) => status === 200 || status === 400 });
        const status = (answer as HttpResponse).statusCode;
        // Only a local time near the ends of 0000–9999 may be refused (its year, or its UTC one, out of range).
        const local = typeof sent === 'string' ? sent : String((sent as { value: unknown }).value ?? '');
        const mayBeRefused = !local.startsWith('/Date') && (/^(0000|9999)-/.test(local) || !/^\d{4}-/.test(local));
        if (status === 400 && !mayBeRefused) throw new Error(`${JSON.stringify(sent)} refused: ${(answer as HttpResponse).body}`);
        if (status === 200 && putItems()[0]!.slaDeadline !== expected) throw new Error(`${JSON.stringify(sent)} stored as ${String(putItems()[0]!.slaDeadline)}, expected ${expected}`);
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());
});
