/**
 * The log tells the truth: the `message` and problem `detail` the code writes reach the log line
 * exactly as written, whatever they say ("Authorization: Bearer <accessToken>", "session: …"),
 * while text from outside — error messages, causes, stacks, raw bodies — loses the secrets of the
 * request being handled and anything shaped like a secret.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import { JwtExpiredError, JwtInvalidSignatureError, CognitoJwtInvalidClientIdError, CognitoJwtInvalidTokenUseError } from 'aws-jwt-verify/error';
import { captureOutput, type CapturedOutput } from '@file-sla/test-support';
import {
  badRequest,
  forbidden,
  methodNotAllowed,
  missingGroup,
  notFound,
  payloadTooLarge,
  unauthorized,
  unsupportedMediaType,
  validationProblem,
  type HttpProblem,
} from '../../src/errors.js';
import { mapVerificationError } from '../../src/jwt/verification-errors.js';
import { createLogger, secretRegistryOf, type Logger } from '../../src/logger.js';
import { jwtAuth } from '../../src/middlewares/jwt-auth.js';
import { problemDetails } from '../../src/middlewares/problem-details.js';
import { REDACTED } from '../../src/redact.js';
import { httpRequest, lambdaContext, middyRequest } from '../support/http-events.js';

let output: CapturedOutput;
let logger: Logger;
beforeEach(() => {
  delete process.env.POWERTOOLS_DEV;
  output = captureOutput();
  logger = createLogger({ serviceName: 'truth', logLevel: 'DEBUG' });
});

/** The problem a middleware throws for a request without an Authorization header. */
const missingToken = async (login?: string): Promise<HttpProblem> => {
  const request = middyRequest(httpRequest({ headers: {} }), lambdaContext());
  try {
    await jwtAuth({ verifier: () => ({ verify: () => Promise.reject(new Error('unused')) }), login }).before!(request as never);
  } catch (error) {
    return error as HttpProblem;
  }
  throw new Error('expected a 401');
};

const logged = (problem: HttpProblem): Record<string, unknown> => {
  const request = middyRequest<unknown>({}, lambdaContext({ requestId: 'req-truth' } as never));
  request.error = problem as unknown as Error;
  problemDetails({ logger }).onError!(request);
  const entry = output.entries().find((line) => line.message === 'Request refused');
  if (!entry) throw new Error(`no refusal logged: ${output.text()}`);
  return entry;
};

describe('the problem details the code writes are logged verbatim', () => {
  const factories: Array<[string, () => HttpProblem | Promise<HttpProblem>]> = [
    ['badRequest', () => badRequest('Invalid session: the challenge expired; password: send it again.')],
    ['validationProblem', () => validationProblem([{ path: '/password', message: 'is required' }])],
    ['unauthorized (default)', () => unauthorized()],
    ['unauthorized (no token)', () => missingToken('POST /auth')],
    ['unauthorized (no token, no login hint)', () => missingToken()],
    ['forbidden', () => forbidden('token: not for this client')],
    ['missingGroup', () => missingGroup('sla-writers')],
    ['notFound', () => notFound('No SLA error with id "eyJhbGciOiJSUzI1NiJ9".')],
    ['methodNotAllowed', () => methodNotAllowed(['GET', 'POST'])],
    ['payloadTooLarge', () => payloadTooLarge(262_144)],
    ['unsupportedMediaType', () => unsupportedMediaType('text/plain; session=abc')],
    ['expired token', () => mapVerificationError(new JwtExpiredError('expired', 1), undefined, 'POST /auth')],
    ['invalid token', () => mapVerificationError(new JwtInvalidSignatureError('bad signature'))],
    ['id token', () => mapVerificationError(new CognitoJwtInvalidTokenUseError('id token', 'id', 'access'))],
    ['other client', () => mapVerificationError(new CognitoJwtInvalidClientIdError('client', 'a', 'b'))],
  ];

  it.each(factories)('%s', async (_name, make) => {
    const problem = await make();
    expect(problem.detail).toBeDefined();
    expect(logged(problem).detail).toBe(problem.detail);
  });

  it('the message too, whatever it says', () => {
    const message = 'Missing access token: send "Authorization: Bearer <accessToken>" (log in with POST /auth).';
    logger.warn(message, { detail: 'session: kept', nested: { detail: 'password=hunter2' } });
    const [entry] = output.entries();
    expect(entry).toMatchObject({ message, detail: 'session: kept' });
    expect(JSON.stringify(entry)).not.toContain('hunter2');
  });
});

describe('text from outside is scrubbed', () => {
  it('of the secret values of the requests being handled, and only while they are', () => {
    const registry = secretRegistryOf(logger)!;
    const secrets = registry.begin(['client-secret-1']);
    secrets.add('Exception');
    secrets.addFrom({ username: 'svc', credentials: { password: 'P@ss w0rd', note: ['x'] }, Session: 'sess-42' });
    logger.error('Cognito call failed (NotAuthorizedException)', {
      error: Object.assign(new Error('NotAuthorizedException: P@ss w0rd rejected for sess-42 with client-secret-1'), { name: 'NotAuthorizedException' }),
      raw: 'user svc sent P@ss w0rd',
    });
    registry.end(secrets);
    logger.info('after', { raw: 'P@ss w0rd' });
    const [during, after] = output.entries();
    const text = JSON.stringify(during);
    for (const secret of ['P@ss w0rd', 'sess-42', 'client-secret-1']) expect(text).not.toContain(secret);
    expect(during).toMatchObject({ message: 'Cognito call failed (NotAuthorizedException)', raw: `user svc sent ${REDACTED}` });
    expect(JSON.stringify(during)).toContain(`NotAuthorized${REDACTED}`);
    expect(after).toMatchObject({ raw: 'P@ss w0rd' });
  });

  it('of bearer tokens, JWTs and secret-named pairs in error messages, causes and raw bodies', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    logger.error('JWKS endpoint unreachable', {
      error: new Error(`failed with Authorization: Bearer ${jwt}`, { cause: new Error('{"password":"hunter2"}') }),
      body: 'session=s1&x=1',
    });
    const text = output.text();
    for (const secret of [jwt, 'hunter2', 's1&']) expect(text).not.toContain(secret);
    expect(output.entries()[0]).toMatchObject({ message: 'JWKS endpoint unreachable' });
  });
});
