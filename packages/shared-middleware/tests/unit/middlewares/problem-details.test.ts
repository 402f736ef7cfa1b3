import { describe, expect, it, jest } from '@jest/globals';
import type { Logger } from '@aws-lambda-powertools/logger';
import { InternalError, httpProblem, methodNotAllowed, unauthorized, validationProblem } from '../../../src/errors.js';

const PROBLEM_TYPE_BASE = 'https://problems.example/';
import { problemBody, problemDetails, toProblem } from '../../../src/middlewares/problem-details.js';
import { GATEWAY_REQUEST_ID, LAMBDA_REQUEST_ID, lambdaContext, middyRequest } from '../../support/http-events.js';

const fakeLogger = () => {
  const logger = { info: jest.fn(), error: jest.fn() };
  return { logger, asLogger: logger as unknown as Logger };
};

const awsSdkError = (): Error =>
  Object.assign(new Error('Requested resource not found: Table: FileSlaErrors not found'), {
    name: 'ResourceNotFoundException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400, requestId: 'DDB-REQ-1', attempts: 1, totalRetryDelay: 0 },
  });

/** Runs the onError hook on a thrown value; returns the rendered error and the request. */
const render = (thrown: unknown, context = lambdaContext({ requestId: GATEWAY_REQUEST_ID } as never)) => {
  const { logger, asLogger } = fakeLogger();
  const request = middyRequest<unknown>({}, context);
  request.error = thrown as Error;
  void problemDetails({ logger: asLogger, typeBase: PROBLEM_TYPE_BASE }).onError!(request);
  const rendered = request.error as unknown as { statusCode: number; expose: boolean; message: string; headers: Record<string, string> };
  return { logger, request, rendered, body: JSON.parse(rendered.message) as Record<string, unknown> };
};

describe('toProblem', () => {
  it('keeps an HttpProblem as it is', () => {
    const problem = methodNotAllowed(['GET']);
    expect(toProblem(problem)).toBe(problem);
  });

  it('exposes a 4xx HTTP error (Middy createError style) with its message as title', () => {
    const error = Object.assign(new Error('Not Found'), { statusCode: 404, expose: true });
    expect(toProblem(error)).toMatchObject({ statusCode: 404, type: 'http-404', title: 'Not Found', cause: error });
    const noExposeFlag = Object.assign(new Error('Unprocessable Entity'), { statusCode: 422 });
    expect(toProblem(noExposeFlag).statusCode).toBe(422);
  });

  it.each([
    ['a plain Error', new Error('boom at /var/task/index.mjs:1:2345')],
    ['an AWS SDK error', awsSdkError()],
    ['a 5xx HTTP error', Object.assign(new Error('Bad Gateway'), { statusCode: 502, expose: true })],
    ['a 4xx error not meant to be exposed', Object.assign(new Error('secret detail'), { statusCode: 400, expose: false })],
    ['a string', 'thrown string'],
    ['null', null],
    ['undefined', undefined],
  ])('turns %s into an InternalError', (_, thrown) => {
    const problem = toProblem(thrown);
    expect(problem).toBeInstanceOf(InternalError);
    expect(problem.statusCode).toBe(500);
    expect(problem.cause).toBe(thrown);
  });
});

describe('problemBody', () => {
  it('renders a 4xx with extensions, detail, requestId and errors; fixed members win over extensions', () => {
    const problem = httpProblem(401, {
      type: 'new-password-required',
      title: 'New password required',
      detail: 'Complete the challenge.',
      extensions: { challengeName: 'NEW_PASSWORD_REQUIRED', session: 'AYABe...', status: 999, type: 'forged' },
    });
    expect(problemBody(problem, 'req-1', { typeBase: PROBLEM_TYPE_BASE })).toEqual({
      challengeName: 'NEW_PASSWORD_REQUIRED',
      session: 'AYABe...',
      type: `${PROBLEM_TYPE_BASE}new-password-required`,
      title: 'New password required',
      status: 401,
      detail: 'Complete the challenge.',
      requestId: 'req-1',
    });
    const errors = [{ path: '/0/fileName', message: 'is required' }];
    expect(problemBody(validationProblem(errors), 'req-2')).toMatchObject({ status: 400, errors, requestId: 'req-2' });
    expect(problemBody(httpProblem(404, { type: 'x', title: 'X' }), 'r')).not.toHaveProperty('detail');
  });

  it('resolves a relative type against typeBase, keeps an absolute one, and writes it as it is without a base', () => {
    expect(problemBody(httpProblem(409, { type: 'conflict', title: 'Conflict' }), 'r', { typeBase: 'https://x.example/p/' }).type).toBe('https://x.example/p/conflict');
    expect(problemBody(httpProblem(409, { type: 'urn:problem:conflict', title: 'Conflict' }), 'r', { typeBase: 'https://x.example/p/' }).type).toBe('urn:problem:conflict');
    expect(problemBody(httpProblem(409, { type: 'conflict', title: 'Conflict' }), 'r').type).toBe('conflict');
  });

  it('renders a 5xx with only type, title, status, detail and requestId', () => {
    const problem = new InternalError('DynamoDB down', awsSdkError());
    expect(problemBody(problem, 'req-3', { typeBase: PROBLEM_TYPE_BASE })).toEqual({
      type: `${PROBLEM_TYPE_BASE}internal-error`,
      title: 'Internal server error',
      status: 500,
      detail: 'Internal server error',
      requestId: 'req-3',
    });
  });
});

describe('problemDetails middleware', () => {
  it('renders a 4xx as problem+json with its headers and logs one info line without the cause', () => {
    const cause = new Error('JwtInvalidSignatureError: eyJhbGciOi...');
    const { rendered, body, logger } = render(unauthorized(undefined, cause));
    expect(rendered).toMatchObject({
      statusCode: 401,
      expose: true,
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"', 'Content-Type': 'application/problem+json' },
    });
    expect(body).toMatchObject({ status: 401, type: `${PROBLEM_TYPE_BASE}unauthorized`, requestId: GATEWAY_REQUEST_ID });
    expect(logger.error).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(logger.info.mock.calls)).not.toContain('JwtInvalidSignatureError');
  });

  it('answers a plain error with 500 "Internal server error" only, and logs the error itself', () => {
    const error = new Error('Cannot read properties of undefined (reading "Item")');
    const { rendered, body, logger } = render(error);
    expect(rendered.statusCode).toBe(500);
    expect(body).toEqual({
      type: `${PROBLEM_TYPE_BASE}internal-error`,
      title: 'Internal server error',
      status: 500,
      detail: 'Internal server error',
      requestId: GATEWAY_REQUEST_ID,
    });
    expect(rendered.message).not.toContain('Item');
    expect(logger.error).toHaveBeenCalledWith('Unhandled error', { requestId: GATEWAY_REQUEST_ID, error });
  });

  it('logs an InternalError with its own log message and cause', () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:9229');
    const { logger, body } = render(new InternalError('JWKS endpoint unreachable', cause));
    expect(logger.error).toHaveBeenCalledWith('JWKS endpoint unreachable', { requestId: GATEWAY_REQUEST_ID, error: cause });
    expect(JSON.stringify(body)).not.toContain('ECONNREFUSED');
  });

  it('falls back to the Lambda request id before the request was normalised', () => {
    expect(render(new Error('x'), lambdaContext()).body.requestId).toBe(LAMBDA_REQUEST_ID);
  });

  it('leaves a response that is already set alone', () => {
    const { logger, asLogger } = fakeLogger();
    const request = middyRequest<unknown>({});
    const error = new Error('handled elsewhere');
    request.error = error;
    request.response = { statusCode: 204 };
    void problemDetails({ logger: asLogger, typeBase: PROBLEM_TYPE_BASE }).onError!(request);
    expect(request.error).toBe(error);
    expect(logger.error).not.toHaveBeenCalled();
  });
});
