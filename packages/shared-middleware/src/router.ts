import type { HttpMethod, RouteManifest } from './manifest.js';
import { badRequest, methodNotAllowed, notFound } from './errors.js';

/** A route compiled for matching: its path as a pattern with named groups for `{name}` segments. */
export interface CompiledRoute<TValue> {
  method: HttpMethod;
  pattern: RegExp;
  value: TValue;
}

/** What {@link matchRoute} found: the route's value and its decoded path parameters. */
export interface RouteMatch<TValue> {
  value: TValue;
  pathParameters: Record<string, string>;
}

/** A path pattern: literal segments escaped, `{name}` segments as named groups, one trailing `/` allowed. */
const patternOf = (path: string): RegExp => {
  const source = path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      return param ? `(?<${param[1]}>[^/]+)` : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}/?$`);
};

/** Compiles `(method, path) → value` pairs once, for {@link matchRoute}. */
export const compileRoutes = <TValue>(
  routes: ReadonlyArray<{ route: Pick<RouteManifest<never>, 'method' | 'path'>; value: TValue }>,
): CompiledRoute<TValue>[] => routes.map(({ route, value }) => ({ method: route.method, pattern: patternOf(route.path), value }));

const decode = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    throw badRequest(`The path segment "${value.slice(0, 100)}" is not valid percent-encoding.`);
  }
};

/**
 * The route for a method and path: an unknown path is `404`, a known path with another method `405`
 * with `Allow` listing the methods of that path. Nothing of the request but its method and path is
 * read, so the answer is the same whatever the body.
 */
export const matchRoute = <TValue>(routes: readonly CompiledRoute<TValue>[], method: string, path: string): RouteMatch<TValue> => {
  const allowed: string[] = [];
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method !== method) {
      if (!allowed.includes(route.method)) allowed.push(route.method);
      continue;
    }
    const pathParameters: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) pathParameters[name] = decode(value);
    return { value: route.value, pathParameters };
  }
  if (allowed.length > 0) throw methodNotAllowed(allowed);
  throw notFound(`No route for ${method} ${path.slice(0, 200)}.`);
};
