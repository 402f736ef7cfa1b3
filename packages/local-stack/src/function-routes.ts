import type { HttpFunction } from './functions.ts';

/** A gateway route: which function serves a route key (`ANY /path` or `GET /path`). */
export interface FunctionRoute {
  routeKey: string;
  functionName: string;
}

/**
 * The HTTP API's routes from the manifests: a path that one function alone declares is `ANY <path>`
 * to it, so that every method reaches it and its own router answers a wrong one (`405` with
 * `Allow`); a path that several functions share gets one `<METHOD> <path>` per route. A method and
 * path declared twice is refused. Everything else (a path no function declares) goes to the first
 * function by name (`$default`), whose router answers `404` — as the infrastructure's HTTP API does.
 *
 * @example
 * ```ts
 * functionRoutes(functions); // [{ routeKey: 'ANY /hello', functionName: 'hello-lambda' }, …, { routeKey: '$default', … }]
 * ```
 */
export const functionRoutes = (functions: readonly HttpFunction[]): FunctionRoute[] => {
  const byPath = new Map<string, Map<string, string>>(); // path → method → function
  for (const fn of functions) {
    for (const { method, path } of fn.routes) {
      const methods = byPath.get(path) ?? new Map<string, string>();
      const other = methods.get(method);
      if (other !== undefined) throw new Error(`${method} ${path} is declared by both ${other} and ${fn.name}`);
      byPath.set(path, methods.set(method, fn.name));
    }
  }
  const routes = [...byPath].flatMap(([path, methods]) => {
    const names = new Set(methods.values());
    if (names.size === 1) return [{ routeKey: `ANY ${path}`, functionName: [...names][0]! }];
    return [...methods].map(([method, functionName]) => ({ routeKey: `${method} ${path}`, functionName }));
  });
  const fallback = [...functions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))[0];
  return fallback ? [...routes, { routeKey: '$default', functionName: fallback.name }] : routes;
};
