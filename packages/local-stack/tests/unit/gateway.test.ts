import { afterEach, describe, expect, it } from '@jest/globals';
import type { Context } from 'aws-lambda';
import { freePort } from '../../src/free-port.ts';
import { startGateway, type Gateway, type GatewayRoute } from '../../src/gateway.ts';

// Which function serves a request: API Gateway's precedence over the routes of the manifests.

let gateway: Gateway | undefined;
afterEach(() => gateway?.stop());

const answering = (name: string): GatewayRoute['handler'] => async (event: unknown, context: Context) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ name, event, functionName: context.functionName }),
});

const start = async (routes: Array<[string, string]>) => {
  gateway = await startGateway({ port: await freePort(), routes: routes.map(([routeKey, functionName]) => ({ routeKey, functionName, handler: answering(functionName) })) });
  return async (method: string, path: string) => {
    const response = await fetch(`${gateway!.url}${path}`, { method });
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
};

describe('startGateway', () => {
  it('prefers a literal segment to a parameter, a method to ANY, anything to $default', async () => {
    const call = await start([
      ['$default', 'fallback'],
      ['ANY /items/{id}', 'by-id'],
      ['GET /items/latest', 'latest'],
      ['ANY /items', 'items-any'],
      ['POST /items', 'items-post'],
    ]);
    expect((await call('GET', '/items/latest')).body.name).toBe('latest');
    expect((await call('GET', '/items/42')).body).toMatchObject({ name: 'by-id', event: { routeKey: 'ANY /items/{id}', pathParameters: { id: '42' } } });
    expect((await call('POST', '/items')).body.name).toBe('items-post');
    expect((await call('DELETE', '/items')).body).toMatchObject({ name: 'items-any', functionName: 'items-any' });
    expect((await call('GET', '/elsewhere')).body).toMatchObject({ name: 'fallback', event: { routeKey: '$default' } });
  });

  it('answers a 404 problem itself for a path no route matches, when there is no $default', async () => {
    const call = await start([['ANY /items', 'items']]);
    const answer = await call('GET', '/nothing');
    expect(answer).toMatchObject({ status: 404, type: 'application/problem+json', body: { type: 'about:blank', title: 'Not Found', status: 404, detail: 'No function serves GET /nothing.' } });
  });
});
