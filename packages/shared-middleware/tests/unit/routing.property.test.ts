/**
 * Routing comes before anything reads the body or the token: for any method, path, headers and
 * body outside the routes of a manifest, the answer is `404`, or `405` with exactly the methods of
 * that path in `Allow` — never `400`, `401`, `413` or `415` from a route's own stack.
 */
import { describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import { loadConfig } from '../../src/config.js';
import { httpHandler, type RouteHandler } from '../../src/http-handler.js';
import type { HttpResponse } from '../../src/http-types.js';
import type { AccessTokenVerifier } from '../../src/jwt/access-token-verifier.js';
import { createLogger } from '../../src/logger.js';
import { defineHttpLambda } from '../../src/manifest.js';
import { captureOutput, anyString, bodyArb, contentType, fuzzParams, fuzzTimeout, httpApiV2, methodArb, pathArb, restApiV1, type EventParts } from '@file-sla/test-support';
import { lambdaContext } from '../support/http-events.js';

/** A body rule no body passes (and at most 16 bytes): reaching it would answer 4xx, so a 404/405 proves it never ran. */
const refuseAll = Object.assign(() => false, { errors: [{ instancePath: '', schemaPath: '#', keyword: 'false', params: {}, message: 'never valid' }] });

const manifest = defineHttpLambda<{ ok: true }>()({
  kind: 'http',
  name: 'routing-lambda',
  description: 'routing',
  memoryMb: 128,
  timeoutSeconds: 3,
  environment: {},
  permissions: [],
  routes: {
    report: { method: 'POST', path: '/sla-errors', auth: { group: () => 'writers' }, body: { validate: refuseAll, maxBytes: 16 } },
    list: { method: 'GET', path: '/sla-errors', auth: {} },
    get: { method: 'GET', path: '/sla-errors/{errorId}', auth: {} },
    replace: { method: 'PUT', path: '/sla-errors/{errorId}', auth: 'public', body: { validate: refuseAll } },
    login: { method: 'POST', path: '/auth', auth: 'public', body: { validate: refuseAll } },
  },
});

const ROUTES = Object.values(manifest.routes);

/** The oracle: which methods the routes of the manifest give this path, in manifest order (matched segment by segment). */
const methodsOf = (path: string): string[] => {
  const segments = (path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : path).split('/');
  const matches = (route: string): boolean => {
    const expected = route.split('/');
    return expected.length === segments.length && expected.every((part, i) => (/^\{\w+\}$/.test(part) ? segments[i] !== '' : part === segments[i]));
  };
  return [...new Set(ROUTES.filter((route) => matches(route.path)).map((route) => route.method))];
};

const neverCalled = jest.fn<RouteHandler>(async () => ({ statusCode: 200, body: { reached: true } }));
const verifier: AccessTokenVerifier = { verify: () => Promise.reject(new Error('the token must not be looked at')) };
const handler = httpHandler(manifest, {
  config: loadConfig(() => ({ ok: true as const }), {}),
  logger: createLogger({ serviceName: 'routing', logLevel: 'ERROR' }),
  verifier: () => verifier,
  routes: { report: neverCalled, list: neverCalled, get: neverCalled, replace: neverCalled, login: neverCalled },
});

const parts: fc.Arbitrary<EventParts> = fc.record({
  method: fc.oneof(methodArb(['POST', 'GET', 'PUT', 'PATCH', 'DELETE']), fc.constantFrom('HEAD', 'OPTIONS', 'TRACE', 'CONNECT')),
  path: fc.oneof(pathArb(['/sla-errors', '/sla-errors/abc', '/auth']), fc.constantFrom('/', '/sla-errors/a/b', '/auth/', '/sla-errors//', '/AUTH')),
  headers: fc.record(
    { 'content-type': contentType(), authorization: fc.oneof(anyString(40), fc.constant('Bearer eyJhbGciOiJub25lIn0.e30.')) },
    { requiredKeys: [] },
  ).map((headers) => Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined))),
  query: fc.constant({}),
  body: fc.oneof(bodyArb({ objects: fc.object(), fieldNames: ['fileName'] }), fc.constant({ body: JSON.stringify({ fileName: 'x'.repeat(1024) }), isBase64Encoded: false })),
});

describe('routing before the route stack', () => {
  it('a method or path outside the routes: 404, or 405 with the exact Allow — whatever the body and token', async () => {
    captureOutput();
    const outside = fc
      .tuple(fc.boolean(), parts)
      .map(([rest, p]) => ({ event: rest ? restApiV1(p) : httpApiV2(p), method: p.method.toUpperCase(), path: p.path }))
      .filter(({ method, path }) => !methodsOf(path).includes(method));
    await fc.assert(
      fc.asyncProperty(outside, async ({ event, path }) => {
        const response = (await handler(event, lambdaContext())) as HttpResponse;
        const allowed = methodsOf(path);
        const body = JSON.parse(response.body) as Record<string, unknown>;
        if (allowed.length === 0) {
          expect({ status: response.statusCode, type: body.type }).toEqual({ status: 404, type: expect.stringMatching(/not-found$/) });
          expect(response.headers.allow).toBeUndefined();
        } else {
          expect({ status: response.statusCode, type: body.type, allow: response.headers.allow }).toEqual({
            status: 405,
            type: expect.stringMatching(/method-not-allowed$/),
            allow: allowed.join(', '),
          });
        }
      }),
      fuzzParams(),
    );
    expect(neverCalled).not.toHaveBeenCalled();
  }, fuzzTimeout());
});
