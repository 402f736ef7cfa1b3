/**
 * Property-based tests of `POST /auth` (docs/architecture.md, HTTP contract, Tests): the real handler, loaded with a
 * valid configuration (an app client with a secret) and Cognito mocked by aws-sdk-client-mock so
 * that every call answers a random outcome — tokens, a challenge, each Cognito client error,
 * throttling, or a generic error with an AWS-looking message that echoes what was sent. Whatever
 * the event or body: the handler never throws, answers 200, 4xx or 500, every error is
 * problem+json with `type`, `title`, `status` and `requestId`, no body holds a stack trace, an AWS
 * error text or a secret of the request, and no log line holds a password, token, session or the
 * client secret. Runs per property: `FUZZ_RUNS` (default 300); `FUZZ_SEED` fixes the seed.
 */
import { afterAll, afterEach, beforeAll, describe, it, jest } from '@jest/globals';
import fc from 'fast-check';
import type { HttpResponse } from '@file-sla/shared-middleware';
import { captureOutput } from '@file-sla/test-support';
import { VALID_ENV } from '../support/env.js';
import { lambdaContext } from '../support/events.js';
import {
  FUZZ_REQUEST_ID,
  SECRET_MARKS,
  anyEvent,
  anyString,
  answerOf,
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
  methodArb,
  pathArb,
  plantedSecret,
  queryArb,
  restApiV1,
  shapedEvent,
  type EventParts,
} from '@file-sla/test-support';
import { loadHandler, type LoadedHandler } from '../support/handler.js';

const CLIENT_SECRET = `cs-${SECRET_MARKS.clientSecret}-5e1d0c`;
/** What a Cognito error carries about the pool: never in a body. */
const COGNITO_TEXT = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123';

/** What Cognito answers: the tokens and the challenge session belong in a body, never in a log line. */
const ANSWERED = {
  accessToken: 'eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJ0b2tlbl91c2UiOiJhY2Nlc3MifQ.AnsAccMk4tQ',
  idToken: 'eyJraWQiOiJrMiIsImFsZyI6IlJTMjU2In0.eyJ0b2tlbl91c2UiOiJpZCJ9.AnsIdMk6wE',
  refreshToken: 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIn0.AnsRefMk1.AnsRefMk2.AnsRefMk3.AnsRefMk9',
  session: 'AYABeAnsSesMk7pQ0mT1rJ9m0v8KXc2ZsVXwAHQABAAdTZXJ2aWNl',
};

const MARKS = Object.values(SECRET_MARKS);
/** Never in a log line. */
const LOG_SECRETS = [...MARKS, CLIENT_SECRET, ...Object.values(ANSWERED), 'AnsAccMk', 'AnsIdMk', 'AnsRefMk', 'AnsSesMk'];
/** Never in a body: what the caller sent (passwords, tokens, sessions), the client secret, Cognito's texts. */
const FORBIDDEN = [...MARKS, CLIENT_SECRET, COGNITO_TEXT];

const FIELDS = ['username', 'password', 'refreshToken', 'newPassword', 'session'] as const;

// ---------------------------------------------------------------------------------------------
// Cognito outcomes
// ---------------------------------------------------------------------------------------------

/** The client errors Cognito's InitiateAuth and RespondToAuthChallenge document, and its faults. */
const COGNITO_ERRORS = [
  'NotAuthorizedException',
  'UserNotFoundException',
  'CodeMismatchException',
  'ExpiredCodeException',
  'InvalidPasswordException',
  'UserNotConfirmedException',
  'PasswordResetRequiredException',
  'TooManyRequestsException',
  'LimitExceededException',
  'ResourceNotFoundException',
  'InvalidParameterException',
  'InvalidUserPoolConfigurationException',
  'InvalidLambdaResponseException',
  'UnexpectedLambdaException',
  'UserLambdaValidationException',
  'InternalErrorException',
  'ForbiddenException',
  'AliasExistsException',
  'InvalidSmsRoleAccessPolicyException',
  'MFAMethodNotFoundException',
] as const;

/** How an error message repeats what was sent: not at all, bare, as the request JSON, or the client secret. */
type Echo = 'none' | 'bare' | 'json' | 'client-secret';

type Outcome =
  | { kind: 'tokens' | 'tokens-without-refresh' | 'without-id-token' | 'empty' }
  | { kind: 'challenge'; name: string; session: boolean }
  | { kind: 'error'; name: (typeof COGNITO_ERRORS)[number]; text: 'plain' | 'secret-hash' | 'flow-not-enabled'; echo: Echo }
  | { kind: 'generic'; name: 'Error' | 'TimeoutError' | 'TypeError'; echo: Echo };

const echoArb = fc.constantFrom<Echo>('none', 'bare', 'json', 'client-secret');

const outcomeArb: fc.Arbitrary<Outcome> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<Outcome>({ kind: 'tokens' }, { kind: 'tokens-without-refresh' }, { kind: 'without-id-token' }, { kind: 'empty' }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('challenge' as const), name: fc.constantFrom('NEW_PASSWORD_REQUIRED', 'SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'CUSTOM_CHALLENGE'), session: fc.boolean() }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('error' as const),
      name: fc.constantFrom(...COGNITO_ERRORS),
      text: fc.constantFrom('plain' as const, 'secret-hash' as const, 'flow-not-enabled' as const),
      echo: echoArb,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('generic' as const), name: fc.constantFrom('Error' as const, 'TimeoutError' as const, 'TypeError' as const), echo: echoArb }) },
);

interface CognitoInput {
  AuthParameters?: Record<string, string>;
  ChallengeResponses?: Record<string, string>;
  Session?: string;
}

const MESSAGES = {
  plain: 'Incorrect username or password.',
  'secret-hash': 'Unable to verify secret hash for client client123',
  'flow-not-enabled': 'USER_PASSWORD_AUTH flow not enabled for this client',
};

/** An error message that says what a confused SDK, proxy or service might say, echo included. */
const messageOf = (base: string, echo: Echo, input: CognitoInput): string => {
  const sent = [...Object.values(input.AuthParameters ?? {}), ...Object.values(input.ChallengeResponses ?? {}), input.Session ?? ''];
  const echoed =
    echo === 'bare' ? `while sending ${sent.join(' ')}` : echo === 'json' ? `request ${JSON.stringify(input)}` : echo === 'client-secret' ? `client secret ${CLIENT_SECRET} rejected` : '';
  return `${base} (${COGNITO_TEXT}, request id 4a1f0b7e-aws) ${echoed}`;
};

/** Loads the handler and makes each Cognito call answer the next outcome of the current run. */
const withOutcomes = (h: LoadedHandler) => {
  let queue: readonly Outcome[] = [{ kind: 'tokens' }];
  let next = 0;
  const answer = async (input: CognitoInput): Promise<Record<string, unknown>> => {
    const outcome = queue[next++ % queue.length]!;
    const $metadata = { httpStatusCode: 400, requestId: '4a1f0b7e-aws', attempts: 1, totalRetryDelay: 0 };
    switch (outcome.kind) {
      case 'tokens':
        return { AuthenticationResult: { AccessToken: ANSWERED.accessToken, IdToken: ANSWERED.idToken, RefreshToken: ANSWERED.refreshToken, ExpiresIn: 3600, TokenType: 'Bearer' } };
      case 'tokens-without-refresh':
        return { AuthenticationResult: { AccessToken: ANSWERED.accessToken, IdToken: ANSWERED.idToken, TokenType: 'Bearer' } };
      case 'without-id-token':
        return { AuthenticationResult: { AccessToken: ANSWERED.accessToken } };
      case 'empty':
        return {};
      case 'challenge':
        return { ChallengeName: outcome.name, ChallengeParameters: {}, ...(outcome.session ? { Session: ANSWERED.session } : {}) };
      case 'error': {
        const Exception = (h.sdk as unknown as Record<string, new (options: { message: string; $metadata: object }) => Error>)[outcome.name];
        const message = messageOf(MESSAGES[outcome.text], outcome.echo, input);
        throw Exception ? new Exception({ message, $metadata }) : Object.assign(new Error(message), { name: outcome.name, $fault: 'client', $metadata });
      }
      case 'generic':
        throw Object.assign(new Error(messageOf('socket hang up', outcome.echo, input)), outcome.name === 'Error' ? { code: 'ECONNRESET' } : { name: outcome.name });
    }
  };
  h.cognito.on(h.sdk.InitiateAuthCommand).callsFake(answer);
  h.cognito.on(h.sdk.RespondToAuthChallengeCommand).callsFake(answer);
  return (outcomes: readonly Outcome[]): void => {
    h.cognito.resetHistory();
    queue = outcomes.length > 0 ? outcomes : [{ kind: 'tokens' }];
    next = 0;
  };
};

// ---------------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------------

/** Right values for each field (secrets carry their marks), and every wrong type, a secret inside some. */
const fieldValue = (name: (typeof FIELDS)[number]): fc.Arbitrary<unknown> => {
  const mark = name === 'session' ? SECRET_MARKS.session : name === 'refreshToken' ? SECRET_MARKS.token : SECRET_MARKS.password;
  const right =
    name === 'username'
      ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom('svc-job', 'svc.monitor@corp.example', ' svc-job ') }, { weight: 1, arbitrary: anyString(20) }, { weight: 1, arbitrary: hugeString(100, 200) })
      : fc.oneof({ weight: 6, arbitrary: plantedSecret(mark) }, { weight: 1, arbitrary: hugeString(250, 5000).map((padding) => `${padding}${mark}`) });
  // A username is no secret: its wrong values carry no mark.
  const inside = name === 'username' ? anyString(20) : plantedSecret(mark);
  const wrong = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    inside.map((value) => [value]),
    inside.map((value) => ({ value })),
    fc.constantFrom('', '   ', null, 0, true),
  );
  return fc.oneof({ weight: 6, arbitrary: right }, { weight: 1, arbitrary: wrong });
};

/**
 * "Almost valid" bodies: a random subset of the fields (username usually there), right or wrong
 * types, names in any case, now and then a case-variant duplicate or an unknown (mistyped) name.
 */
const almostValid = (): fc.Arbitrary<unknown> => {
  const item = fc
    .tuple(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom<(typeof FIELDS)[number][]>(['password'], ['refreshToken'], ['newPassword', 'session']) },
        { weight: 1, arbitrary: fc.subarray(['password', 'refreshToken', 'newPassword', 'session'] as const, { maxLength: 3 }) },
      ),
      fc.nat(5).map((n) => n > 0),
      fc.boolean(),
      fc.oneof(
        { weight: 6, arbitrary: fc.constant([] as [string, unknown][]) },
        {
          weight: 1,
          // Unknown names: a secret only under a name that says so (a typo such as "pasword" is not one).
          arbitrary: fc.array(
            fc.oneof(
              fc.tuple(fc.constantFrom('Password ', 'refresh_token', 'SessionId', 'client_secret'), plantedSecret(SECRET_MARKS.password)),
              fc.tuple(fc.oneof(fc.constantFrom('pasword', 'user_name', 'Username '), anyString(12)), anyString(20)),
            ),
            { maxLength: 2 },
          ),
        },
      ),
      fc.nat(7).map((n) => n === 0),
    )
    .chain(([credentials, withUsername, mixedCase, extra, duplicate]) => {
      const names: (typeof FIELDS)[number][] = [...(withUsername ? ['username' as const] : []), ...credentials];
      const name = (field: string): fc.Arbitrary<string> => (mixedCase ? fc.mixedCase(fc.constant(field)) : fc.constant(field));
      return fc
        .tuple(
          fc.tuple(...names.map((field) => fc.tuple(name(field), fieldValue(field)))),
          duplicate && names.length > 0 ? fc.tuple(fc.mixedCase(fc.constant(names[0]!)), fieldValue(names[0]!)).map((entry) => [entry]) : fc.constant([]),
        )
        .map(([entries, dupes]) => Object.fromEntries([...entries, ...dupes, ...extra]));
    });
  return fc.oneof({ weight: 8, arbitrary: item }, { weight: 1, arbitrary: fc.array(item, { maxLength: 2 }) });
};

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('handler: property-based', () => {
  let h: LoadedHandler;
  let setOutcomes: (outcomes: readonly Outcome[]) => void;

  beforeAll(async () => {
    captureOutput();
    h = await loadHandler({ ...VALID_ENV, COGNITO_CLIENT_SECRET: CLIENT_SECRET, LOG_LEVEL: 'DEBUG' });
    setOutcomes = withOutcomes(h);
  });
  afterAll(() => h.dispose());
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const invoke = (event: unknown): Promise<HttpResponse> => h.handler(event, lambdaContext());

  /** The checks of every answer of this function, and its log since the last run. */
  const check = (answer: unknown, writes: string[], requestId?: string): void => {
    checkAnswer(answer, { forbidden: FORBIDDEN, ...(requestId ? { requestId } : {}) });
    const response = answer as HttpResponse;
    if (response.statusCode === 429 && !/^\d+$/.test(response.headers['retry-after'] ?? '')) throw new Error(`429 without Retry-After: ${response.body}`);
    checkLogs(writes, LOG_SECRETS, answer);
    checkNoPollution();
  };

  const eventParts = (): fc.Arbitrary<EventParts> =>
    fc.record({
      method: methodArb(['POST']),
      path: pathArb(['/auth']),
      headers: headersArb(contentType().map((type): Record<string, string> => (type === undefined ? {} : { 'content-type': type }))),
      query: queryArb(['username']),
      body: bodyArb({ objects: almostValid(), fieldNames: FIELDS }),
    });

  it('fc.anything() as the whole event: never a throw, 200/4xx/500, problem+json, nothing leaked', async () => {
    const output = captureOutput();
    await fc.assert(
      fc.asyncProperty(anyEvent(shapedEvent(eventParts())), fc.array(outcomeArb, { maxLength: 2 }), async (event, outcomes) => {
        setOutcomes(outcomes);
        const answer = await answerOf(() => invoke(event));
        check(answer, output.writes);
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('HTTP API 2.0 / REST 1.0 events with any method, path, headers and body; Cognito answering anything', async () => {
    const output = captureOutput();
    await fc.assert(
      fc.asyncProperty(shapedEvent(eventParts()), fc.array(outcomeArb, { maxLength: 2 }), async (event, outcomes) => {
        setOutcomes(outcomes);
        const answer = await answerOf(() => invoke(event));
        check(answer, output.writes, FUZZ_REQUEST_ID);
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('"almost valid" bodies on POST /auth, Cognito answering a random outcome per call', async () => {
    const output = captureOutput();
    const event = fc
      .tuple(almostValid(), fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded', undefined), fc.boolean(), fc.boolean())
      .map(([body, type, rest, encoded]) => {
        const text = JSON.stringify(body);
        const parts: EventParts = {
          method: 'POST',
          path: '/auth',
          headers: type === undefined ? {} : { [rest ? 'Content-Type' : 'content-type']: type },
          query: {},
          body: encoded ? { body: Buffer.from(text).toString('base64'), isBase64Encoded: true } : { body: text, isBase64Encoded: false },
        };
        return rest ? restApiV1(parts) : httpApiV2(parts);
      });
    await fc.assert(
      fc.asyncProperty(event, fc.array(outcomeArb, { minLength: 1, maxLength: 2 }), async (input, outcomes) => {
        setOutcomes(outcomes);
        const answer = await answerOf(() => invoke(input));
        check(answer, output.writes, FUZZ_REQUEST_ID);
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('valid bodies of each flow: 200, 400, 401, 403, 429 or 500 as Cognito answers, never anything else', async () => {
    const output = captureOutput();
    const body = fc.oneof(
      fc.record({ username: fc.constant('svc-job'), password: plantedSecret(SECRET_MARKS.password) }),
      fc.record({ username: fc.constant('svc-job'), refreshToken: plantedSecret(SECRET_MARKS.token) }),
      fc.record({ username: fc.constant('svc-job'), newPassword: plantedSecret(SECRET_MARKS.password), session: plantedSecret(SECRET_MARKS.session) }),
    );
    await fc.assert(
      fc.asyncProperty(body, outcomeArb, async (credentials, outcome) => {
        setOutcomes([outcome]);
        const event = httpApiV2({ method: 'POST', path: '/auth', headers: { 'content-type': 'application/json' }, query: {}, body: { body: JSON.stringify(credentials), isBase64Encoded: false } });
        const answer = await answerOf(() => invoke(event));
        checkAnswer(answer, { requestId: FUZZ_REQUEST_ID, forbidden: FORBIDDEN, statuses: (status) => [200, 400, 401, 403, 429, 500].includes(status) });
        const response = answer as HttpResponse;
        // Only a new password can break the policy: a login or a refresh never answers 400.
        if (response.statusCode === 400 && !('newPassword' in credentials)) throw new Error(`400 for a valid ${Object.keys(credentials).join('+')} body: ${response.body}`);
        if (h.cognito.calls().length !== 1) throw new Error(`${h.cognito.calls().length} Cognito calls for one valid request`);
        checkLogs(output.writes, LOG_SECRETS, answer);
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());
});

describe('handler: property-based, with the whole event logged (POWERTOOLS_LOGGER_LOG_EVENT=true)', () => {
  let h: LoadedHandler;
  let setOutcomes: (outcomes: readonly Outcome[]) => void;

  beforeAll(async () => {
    captureOutput();
    h = await loadHandler({ ...VALID_ENV, COGNITO_CLIENT_SECRET: CLIENT_SECRET, POWERTOOLS_LOGGER_LOG_EVENT: 'true' });
    setOutcomes = withOutcomes(h);
  });
  afterAll(() => h.dispose());
  afterEach(() => {
    jest.restoreAllMocks();
  });

  // The body as sent (JSON text, indented or not, names escaped or not), plain or base64-encoded
  // (the logger decodes an encoded body before scrubbing it).
  it('"almost valid" bodies: the logged event holds no password, token or session', async () => {
    const output = captureOutput();
    const event = fc
      .tuple(almostValid(), fc.constantFrom('application/json', 'application/x-www-form-urlencoded', undefined), fc.boolean(), fc.nat(2), fc.boolean())
      .map(([body, type, rest, style, encoded]) => {
        const compact = JSON.stringify(body);
        // Style 2: every name written with escapes ("pass\u0077ord"), as any JSON encoder may.
        const text = style === 1 ? JSON.stringify(body, null, 2) : style === 2 ? compact.replace(/"([^"\\]+)":/g, (_match, name: string) => `"${name.replace(/[a-z]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)}":`) : compact;
        const parts: EventParts = {
          method: 'POST',
          path: '/auth',
          headers: type === undefined ? {} : { [rest ? 'Content-Type' : 'content-type']: type },
          query: {},
          body: encoded ? { body: Buffer.from(text).toString('base64'), isBase64Encoded: true } : { body: text, isBase64Encoded: false },
        };
        return rest ? restApiV1(parts) : httpApiV2(parts);
      });
    await fc.assert(
      fc.asyncProperty(event, fc.array(outcomeArb, { minLength: 1, maxLength: 2 }), async (input, outcomes) => {
        setOutcomes(outcomes);
        const answer = await answerOf(() => h.handler(input, lambdaContext()));
        checkAnswer(answer, { requestId: FUZZ_REQUEST_ID, forbidden: FORBIDDEN });
        // An encoded body is logged decoded (and scrubbed), never as the base64 that hides its secrets.
        const sent = input as { body?: unknown; isBase64Encoded?: unknown };
        if (sent.isBase64Encoded === true && typeof sent.body === 'string' && output.writes.some((line) => line.includes(sent.body as string))) {
          throw new Error('a base64 body was logged encoded');
        }
        checkLogs(output.writes, LOG_SECRETS, answer);
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());
});
