import { describe, expect, it } from '@jest/globals';
import { toHttpApiEvent } from '../../src/http-api-event.ts';

describe('toHttpApiEvent', () => {
  it('builds an HTTP API 2.0 event: headers, cookies, query, path parameters, ids and times', () => {
    const event = toHttpApiEvent({
      method: 'get',
      url: '/sla-errors/abc?limit=5&tag=a&tag=b',
      headers: { Host: '127.0.0.1:3000', 'X-Trace': ['1', '2'], Cookie: 'a=1; b=2', 'User-Agent': 'curl/8' },
      routeKey: 'GET /sla-errors/{errorId}',
      pathParameters: { errorId: 'abc' },
      requestId: 'REQ=',
      sourceIp: '127.0.0.1',
    }) as { headers: Record<string, string>; body?: string; requestContext: { timeEpoch: number } };
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /sla-errors/{errorId}',
      rawPath: '/sla-errors/abc',
      rawQueryString: 'limit=5&tag=a&tag=b',
      cookies: ['a=1', 'b=2'],
      headers: { host: '127.0.0.1:3000', 'x-trace': '1,2', 'user-agent': 'curl/8' },
      queryStringParameters: { limit: '5', tag: 'a,b' },
      pathParameters: { errorId: 'abc' },
      isBase64Encoded: false,
    });
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext).toMatchObject({
      requestId: 'REQ=',
      stage: '$default',
      http: { method: 'GET', path: '/sla-errors/abc', sourceIp: '127.0.0.1', userAgent: 'curl/8' },
    });
    expect(event.requestContext.timeEpoch).toBeGreaterThan(0);
    expect(event.body).toBeUndefined();
  });

  it('passes JSON and form bodies as text, anything else base64-encoded', () => {
    const json = toHttpApiEvent({ method: 'POST', url: '/x', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"a":"ü"}' });
    expect(json).toMatchObject({ body: '{"a":"ü"}', isBase64Encoded: false });
    const form = toHttpApiEvent({ method: 'POST', url: '/x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '{"a":1}' });
    expect(form).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]);
    const binary = toHttpApiEvent({ method: 'POST', url: '/x', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(binary).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
  });

  it('gives every request its own id', () => {
    const a = toHttpApiEvent({ method: 'GET', url: '/', headers: {} }) as { requestContext: { requestId: string } };
    const b = toHttpApiEvent({ method: 'GET', url: '/', headers: {} }) as { requestContext: { requestId: string } };
    expect(a.requestContext.requestId).not.toBe(b.requestContext.requestId);
  });
});
