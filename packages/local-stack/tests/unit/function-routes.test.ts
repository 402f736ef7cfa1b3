import { describe, expect, it } from '@jest/globals';
import { functionRoutes } from '../../src/function-routes.ts';
import type { HttpFunction } from '../../src/functions.ts';

const fn = (name: string, routes: Array<[string, string]>): HttpFunction => ({
  kind: 'http',
  name,
  description: '',
  memoryMb: 128,
  timeoutSeconds: 3,
  environment: {},
  routes: routes.map(([method, path], i) => ({ id: `r${i}`, method, path, auth: 'token', body: false })),
  packageDir: `packages/${name}`,
  zip: `dist/${name}.zip`,
  sha256: '',
});

describe('functionRoutes', () => {
  it('routes every method of a path one function owns to it (its router answers 405)', () => {
    const routes = functionRoutes([
      fn('a-lambda', [['POST', '/a']]),
      fn('b-lambda', [['POST', '/b'], ['GET', '/b'], ['GET', '/b/{id}']]),
    ]);
    expect(routes).toEqual([
      { routeKey: 'ANY /a', functionName: 'a-lambda' },
      { routeKey: 'ANY /b', functionName: 'b-lambda' },
      { routeKey: 'ANY /b/{id}', functionName: 'b-lambda' },
      { routeKey: '$default', functionName: 'a-lambda' },
    ]);
  });

  it('routes a path that two functions share by method; the rest to the first function by name', () => {
    expect(functionRoutes([fn('b-lambda', [['POST', '/x']]), fn('a-lambda', [['GET', '/x']])])).toEqual([
      { routeKey: 'POST /x', functionName: 'b-lambda' },
      { routeKey: 'GET /x', functionName: 'a-lambda' },
      { routeKey: '$default', functionName: 'a-lambda' },
    ]);
    expect(functionRoutes([])).toEqual([]);
  });

  it('refuses one method and path declared twice', () => {
    expect(() => functionRoutes([fn('a-lambda', [['GET', '/x']]), fn('b-lambda', [['GET', '/x']])])).toThrow('GET /x is declared by both a-lambda and b-lambda');
  });
});
