import { describe, expect, it } from '@jest/globals';
import type { HttpContext, HttpResponse } from '../../../src/http-types.js';
import { responseHeaders, SECURITY_HEADERS } from '../../../src/middlewares/response-headers.js';
import { GATEWAY_REQUEST_ID, LAMBDA_REQUEST_ID, lambdaContext, middyRequest } from '../../support/http-events.js';

const normalisedContext = (): HttpContext => lambdaContext({ requestId: GATEWAY_REQUEST_ID } as never);

const finish = (response: unknown, context = normalisedContext(), hook: 'after' | 'onError' = 'after') => {
  const request = middyRequest<unknown>({}, context);
  request.response = response;
  void responseHeaders()[hook]!(request);
  return request.response as HttpResponse | undefined;
};

describe('responseHeaders', () => {
  it('serialises an object body as JSON and adds the common headers', () => {
    expect(finish({ statusCode: 200, body: { errorId: 'abc', status: 'created' } })).toEqual({
      statusCode: 200,
      headers: {
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
        'x-content-type-options': 'nosniff',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        'x-request-id': GATEWAY_REQUEST_ID,
      },
      body: '{"errorId":"abc","status":"created"}',
    });
  });

  it('serialises arrays, numbers, null and false; keeps a string body as it is; no body is ""', () => {
    expect(finish({ statusCode: 200, body: [1, 2] })?.body).toBe('[1,2]');
    expect(finish({ statusCode: 200, body: null })?.body).toBe('null');
    expect(finish({ statusCode: 200, body: false })?.body).toBe('false');
    expect(finish({ statusCode: 200, body: '{"already":"json"}' })?.body).toBe('{"already":"json"}');
    expect(finish({ statusCode: 204 })?.body).toBe('');
  });

  it('lower-cases header names so none appears twice, and keeps a given content type', () => {
    const response = finish({
      statusCode: 405,
      body: '{}',
      headers: { Allow: 'GET, POST', 'Content-Type': 'application/problem+json', 'Cache-Control': 'max-age=60' },
    });
    expect(response?.headers).toEqual({
      ...SECURITY_HEADERS,
      allow: 'GET, POST',
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      'x-request-id': GATEWAY_REQUEST_ID,
    });
  });

  it('a handler cannot weaken a security header, whatever the case of its name', () => {
    const response = finish({ statusCode: 200, body: '{}', headers: { 'X-Frame-Options': 'ALLOWALL', 'strict-transport-security': 'max-age=0' } });
    expect(response?.headers['x-frame-options']).toBe('DENY');
    expect(response?.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(Object.keys(response?.headers ?? {}).filter((name) => name.toLowerCase() === 'x-frame-options')).toHaveLength(1);
  });

  it('uses the Lambda request id when the request was never normalised', () => {
    expect(finish({ statusCode: 500, body: '{}' }, lambdaContext())?.headers['x-request-id']).toBe(LAMBDA_REQUEST_ID);
  });

  it('onError: finishes an error response that is set, leaves an unset one alone', () => {
    expect(finish({ statusCode: 400, body: '{}', headers: { 'Content-Type': 'application/problem+json' } }, undefined, 'onError')).toEqual({
      statusCode: 400,
      body: '{}',
      headers: { ...SECURITY_HEADERS, 'content-type': 'application/problem+json', 'cache-control': 'no-store', 'x-request-id': GATEWAY_REQUEST_ID },
    });
    expect(finish(undefined, undefined, 'onError')).toBeUndefined();
  });
});
