/**
 * An error is classified before anything is redacted: a credential that happens to occur inside
 * the name of a Cognito exception (`Exception`, `User`, `Authorized`, one letter…) must not change
 * the answer. For every exception name the mapping knows, and credentials drawn from substrings
 * of it (password, refresh token, new password, session), the documented answer comes back — and
 * the credential is still kept out of the log.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { captureOutput, fuzzParams, fuzzTimeout } from '@file-sla/test-support';
import { KNOWN_COGNITO_ERRORS } from '../../src/cognito-errors.js';
import { VALID_ENV } from '../support/env.js';
import { loadHandler, type LoadedHandler } from '../support/handler.js';

type Flow = 'password' | 'refresh' | 'new-password';

/** The documented answer to each Cognito exception, by flow: one identical 401 for every credential failure, 403s, 400, 429. */
const documented = (name: string, flow: Flow): { status: number; type: string } => {
  switch (name) {
    case 'NotAuthorizedException':
    case 'UserNotFoundException':
    case 'CodeMismatchException':
    case 'ExpiredCodeException':
      return { status: 401, type: 'invalid-credentials' };
    case 'InvalidPasswordException':
      return flow === 'new-password' ? { status: 400, type: 'invalid-new-password' } : { status: 401, type: 'invalid-credentials' };
    case 'UserNotConfirmedException':
      return { status: 403, type: 'user-not-confirmed' };
    case 'PasswordResetRequiredException':
      return { status: 403, type: 'password-reset-required' };
    case 'TooManyRequestsException':
    case 'LimitExceededException':
      return { status: 429, type: 'too-many-requests' };
    default:
      throw new Error(`no documented answer for ${name}: document it here`);
  }
};

/** A non-empty substring of `text`. */
const substringOf = (text: string): fc.Arbitrary<string> =>
  fc
    .tuple(fc.nat({ max: text.length - 1 }), fc.nat({ max: text.length - 1 }))
    .map(([a, b]) => text.slice(Math.min(a, b), Math.max(a, b) + 1));

const cases = fc.constantFrom(...KNOWN_COGNITO_ERRORS).chain((name) =>
  fc.record({
    name: fc.constant(name),
    flow: fc.constantFrom<Flow>('password', 'refresh', 'new-password'),
    credential: substringOf(name),
    other: substringOf(name),
  }),
);

const bodyOf = (flow: Flow, credential: string, other: string): Record<string, string> => {
  switch (flow) {
    case 'password':
      return { username: 'svc-job', password: credential };
    case 'refresh':
      return { username: 'svc-job', refreshToken: credential };
    case 'new-password':
      return { username: 'svc-job', newPassword: credential, session: other };
  }
};

describe('Cognito errors are classified by their untouched name', () => {
  let h: LoadedHandler;
  beforeAll(async () => {
    captureOutput();
    h = await loadHandler({ ...VALID_ENV });
  });
  afterAll(() => h.dispose());

  it('credentials drawn from the exception names the mapping knows: still the documented answer', async () => {
    const output = captureOutput();
    await fc.assert(
      fc.asyncProperty(cases, async ({ name, flow, credential, other }) => {
        const error = Object.assign(new Error(`Cognito refused ${credential}`), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
        h.cognito.reset().on(h.sdk.InitiateAuthCommand).rejects(error).on(h.sdk.RespondToAuthChallengeCommand).rejects(error);
        const response = await h.invoke({ body: bodyOf(flow, credential, other) });
        const body = JSON.parse(response.body) as { type: string; status: number };
        const expected = documented(name, flow);
        expect({ status: response.statusCode, type: body.type }).toEqual({ status: expected.status, type: `https://file-sla-errors.dev/problems/${expected.type}` });
        if (expected.status === 429) expect(response.headers['retry-after']).toBe('5');
        expect(error.name).toBe(name);
      }),
      // The case space is small (each name, flow and a few substrings): a few hundred runs cover it.
      { ...fuzzParams(), numRuns: Math.min(300, fuzzParams().numRuns ?? 300) },
    );
    expect(output.lines().length).toBeGreaterThan(0);
  }, fuzzTimeout());

  it('the one 401 is identical whatever credential failed', async () => {
    const answers = new Set<string>();
    for (const name of ['NotAuthorizedException', 'UserNotFoundException', 'CodeMismatchException', 'ExpiredCodeException']) {
      for (const password of ['Exception', 'N', name]) {
        h.cognito.reset().on(h.sdk.InitiateAuthCommand).rejects(Object.assign(new Error('Incorrect username or password.'), { name, $fault: 'client', $metadata: {} }));
        const response = await h.invoke({ body: { username: 'svc-job', password } });
        const { requestId: _requestId, ...body } = JSON.parse(response.body) as Record<string, unknown>;
        answers.add(JSON.stringify({ status: response.statusCode, headers: response.headers['www-authenticate'] ?? null, body }));
      }
    }
    expect([...answers]).toHaveLength(1);
  });
});
