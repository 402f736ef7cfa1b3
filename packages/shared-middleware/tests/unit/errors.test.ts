import { describe, expect, it } from '@jest/globals';
import {
  ConfigError,
  HttpError,
  InternalError,
  badRequest,
  forbidden,
  httpProblem,
  isHttpProblem,
  methodNotAllowed,
  notFound,
  payloadTooLarge,
  unauthorized,
  unsupportedMediaType,
  validationProblem,
} from '../../src/errors.js';

describe('problem constructors', () => {
  it('badRequest: 400, default and custom type, field problems kept', () => {
    const problem = badRequest('The request body is empty.');
    expect(problem).toBeInstanceOf(HttpError);
    expect(problem).toBeInstanceOf(Error);
    expect(problem).toMatchObject({
      statusCode: 400,
      expose: true,
      type: 'bad-request',
      title: 'Bad request',
      detail: 'The request body is empty.',
      message: 'The request body is empty.',
      headers: {},
      extensions: {},
    });
    expect(problem.errors).toBeUndefined();
    const errors = [{ path: '/limit', message: 'must be from 1 to 100' }];
    expect(badRequest('Bad query.', errors, 'invalid-query')).toMatchObject({
      type: 'invalid-query',
      errors,
    });
  });

  it('validationProblem: 400 listing every field, counted in the detail', () => {
    const errors = [
      { path: '/0/fileName', message: 'is required' },
      { path: '/1/slaDeadline', message: 'must be a date-time' },
    ];
    expect(validationProblem(errors)).toMatchObject({
      statusCode: 400,
      type: 'validation-error',
      title: 'Request body failed validation',
      detail: '2 problems found; see "errors".',
      errors,
    });
    expect(validationProblem([errors[0]!]).detail).toBe('1 problem found; see "errors".');
  });

  it('unauthorized: 401 with WWW-Authenticate Bearer, cause kept off the detail', () => {
    const cause = new Error('JwtExpiredError: token expired at 1805016413');
    const problem = unauthorized(undefined, cause);
    expect(problem.statusCode).toBe(401);
    expect(problem.type).toBe('unauthorized');
    expect(problem.headers['WWW-Authenticate']).toMatch(/^Bearer\b/);
    expect(problem.detail).toContain('Authorization: Bearer');
    expect(problem.detail).not.toContain('expired');
    expect(problem.cause).toBe(cause);
    expect(unauthorized('Token expired.').detail).toBe('Token expired.');
  });

  it('forbidden: 403', () => {
    expect(forbidden('The token is not in group "sla-writers".')).toMatchObject({
      statusCode: 403,
      type: 'forbidden',
      title: 'Forbidden',
      expose: true,
    });
  });

  it('notFound: 404', () => {
    expect(notFound('No SLA error with id "abc".')).toMatchObject({ statusCode: 404, type: 'not-found' });
  });

  it('methodNotAllowed: 405 with the Allow header', () => {
    const problem = methodNotAllowed(['GET', 'POST']);
    expect(problem.statusCode).toBe(405);
    expect(problem.type).toBe('method-not-allowed');
    expect(problem.headers).toEqual({ Allow: 'GET, POST' });
    expect(problem.detail).toBe('Allowed methods: GET, POST.');
  });

  it('payloadTooLarge: 413 naming the limit', () => {
    const problem = payloadTooLarge(262144);
    expect(problem.statusCode).toBe(413);
    expect(problem.type).toBe('payload-too-large');
    expect(problem.detail).toContain('262144 bytes');
  });

  it('unsupportedMediaType: 415, the echoed content type cut to 100 characters', () => {
    const problem = unsupportedMediaType('text/plain');
    expect(problem.statusCode).toBe(415);
    expect(problem.type).toBe('unsupported-media-type');
    expect(problem.detail).toContain('"text/plain"');
    expect(problem.detail).toContain('application/json');
    const long = `text/${'x'.repeat(500)}`;
    expect(unsupportedMediaType(long).detail).not.toContain('x'.repeat(101));
  });

  it('httpProblem is the http-errors error of its status, with extensions and headers', () => {
    const problem = httpProblem(429, {
      type: 'too-many-requests',
      title: 'Too many requests',
      headers: { 'Retry-After': '2' },
      extensions: { retryAfterSeconds: 2 },
    });
    expect(problem).toMatchObject({ statusCode: 429, expose: true, headers: { 'Retry-After': '2' }, extensions: { retryAfterSeconds: 2 } });
    expect(problem.message).toBe('Too many requests');
    expect(problem).toBeInstanceOf(HttpError);
    expect(problem.name).toBe('TooManyRequestsError');
    expect(isHttpProblem(problem)).toBe(true);
    expect(isHttpProblem(Object.assign(new Error('x'), { statusCode: 400, status: 400, expose: true }))).toBe(false);
  });
});

describe('InternalError', () => {
  it('is a 500 that is not exposed, says only "Internal server error", and keeps the cause for the log', () => {
    const cause = Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException' });
    const error = new InternalError('DynamoDB table missing', cause);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      statusCode: 500,
      expose: false,
      type: 'internal-error',
      title: 'Internal server error',
      detail: 'Internal server error',
      message: 'Internal server error',
      logMessage: 'DynamoDB table missing',
    });
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('InternalError');
    expect(isHttpProblem(error)).toBe(true);
  });

  it('is also an instance of its subclasses', () => {
    class StoreDown extends InternalError {}
    const error = new StoreDown('down');
    expect(error).toBeInstanceOf(StoreDown);
    expect(error).toBeInstanceOf(InternalError);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.statusCode).toBe(500);
  });
});

describe('ConfigError', () => {
  it('keeps every problem and joins them in its message', () => {
    const error = new ConfigError(['COGNITO_CLIENT_ID is required', 'RETENTION_DAYS must be an integer']);
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toHaveLength(2);
    expect(error.message).toBe('Invalid configuration: COGNITO_CLIENT_ID is required; RETENTION_DAYS must be an integer');
  });
});
