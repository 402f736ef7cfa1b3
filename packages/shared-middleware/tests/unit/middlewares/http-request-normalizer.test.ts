import { describe, expect, it, jest } from '@jest/globals';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { HttpRequest } from '../../../src/http-types.js';
import { HttpError, type HttpProblem } from '../../../src/errors.js';
import { httpRequestNormalizer } from '../../../src/middlewares/http-request-normalizer.js';
import {
  GATEWAY_REQUEST_ID,
  LAMBDA_REQUEST_ID,
  functionUrlEvent,
  httpApiEvent,
  lambdaContext,
  middyRequest,
  restApiEvent,
} from '../../support/http-events.js';

const normalize = (event: unknown, logger?: Logger): { request: HttpRequest; requestId: string } => {
  const request = middyRequest<unknown>(event);
  void httpRequestNormalizer(logger).before!(request);
  return { request: request.event as HttpRequest, requestId: request.context.requestId };
};

const problemFrom = (event: unknown): HttpProblem => {
  try {
    normalize(event);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    return error as HttpProblem;
  }
  throw new Error('expected a problem');
};

describe('httpRequestNormalizer', () => {
  it('normalises an HTTP API 2.0 event', () => {
    const event = httpApiEvent({
      method: 'post',
      path: '/sla-errors/abc',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-1' },
      body: '{"fileName":"a.csv"}',
      query: { limit: '10' },
      pathParameters: { errorId: 'abc' },
    });
    const { request, requestId } = normalize(event);
    expect(request).toMatchObject({
      method: 'POST',
      path: '/sla-errors/abc',
      query: { limit: '10' },
      pathParameters: { errorId: 'abc' },
      body: '{"fileName":"a.csv"}',
      isBase64Encoded: false,
      requestId: GATEWAY_REQUEST_ID,
      sourceIp: '198.51.100.23',
    });
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toBe('k-1');
    expect(request.rawEvent).toBe(event);
    expect(requestId).toBe(GATEWAY_REQUEST_ID);
  });

  it('normalises a REST API 1.0 event: multi-value headers joined, names lower-cased, null body', () => {
    const event = {
      ...restApiEvent({ method: 'GET', path: '/sla-errors' }),
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      multiValueHeaders: { 'Content-Type': ['application/json'], Accept: ['application/json', 'application/problem+json'] },
      queryStringParameters: { date: '2027-03-14' },
    };
    const { request, requestId } = normalize(event);
    expect(request).toMatchObject({
      method: 'GET',
      path: '/sla-errors',
      query: { date: '2027-03-14' },
      pathParameters: {},
      body: undefined,
      requestId: 'c0ffee00-1111-2222-3333-444455556666',
      sourceIp: '198.51.100.23',
    });
    expect(request.headers).toEqual({ 'content-type': 'application/json', accept: 'application/json,application/problem+json' });
    expect(requestId).toBe('c0ffee00-1111-2222-3333-444455556666');
  });

  it('normalises a Lambda function URL event', () => {
    const { request } = normalize(functionUrlEvent({ method: 'GET', path: '/sla-errors/0123abcd' }));
    expect(request).toMatchObject({
      method: 'GET',
      path: '/sla-errors/0123abcd',
      query: { limit: '5' },
      requestId: 'fn-url-7d1e2f3a-0000-4000-8000-000000000001',
      sourceIp: '203.0.113.9',
    });
  });

  it('keeps isBase64Encoded and drops non-string header values', () => {
    const event = { ...httpApiEvent({ body: 'eyJhIjoxfQ==', isBase64Encoded: true }), headers: { 'x-a': 'yes', 'x-b': 42 } };
    const { request } = normalize(event);
    expect(request.isBase64Encoded).toBe(true);
    expect(request.headers).toEqual({ 'x-a': 'yes' });
  });

  it('takes the request id from requestContext, else from the Lambda context', () => {
    const event = httpApiEvent();
    delete (event.requestContext as Record<string, unknown>).requestId;
    expect(normalize(event).requestId).toBe(LAMBDA_REQUEST_ID);
    const request = middyRequest<unknown>({ httpMethod: 'GET', path: '/x' }, lambdaContext({ awsRequestId: '' }));
    void httpRequestNormalizer().before!(request);
    expect(request.context.requestId).toBe('unknown');
  });

  it('puts the request id on the logger as correlation id', () => {
    const setCorrelationId = jest.fn();
    normalize(httpApiEvent(), { setCorrelationId } as unknown as Logger);
    expect(setCorrelationId).toHaveBeenCalledWith(GATEWAY_REQUEST_ID);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'POST /sla-errors'],
    ['a number', 42],
    ['an array', [httpApiEvent()]],
  ])('answers 400 to an event that is %s', (_, event) => {
    const problem = problemFrom(event);
    expect(problem.statusCode).toBe(400);
    expect(problem.detail).toBe('The event is not an HTTP request.');
  });

  it.each([
    ['no method', { rawPath: '/sla-errors', requestContext: { http: {} } }],
    ['no path', { httpMethod: 'POST' }],
    ['a scheduled event', { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} }],
  ])('answers 400 to an object event with %s', (_, event) => {
    const problem = problemFrom(event);
    expect(problem.statusCode).toBe(400);
    expect(problem.detail).toBe('The event is not an HTTP request (no method or path).');
  });
});
