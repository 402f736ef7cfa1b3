import type { BaseHandler } from './http-handler.js';
import { badRequest, methodNotAllowed, notFound } from './errors.js';

/** One route of a function: `path` may hold `{name}` segments, matched into `pathParameters`. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route types its own body
  handler: BaseHandler<any>;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
}

const compile = (route: Route): CompiledRoute => {
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      return param ? `(?<${param[1]}>[^/]+)` : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}/?$`) };
};

const decode = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    throw badRequest(`The path segment "${value.slice(0, 100)}" is not valid percent-encoding.`);
  }
};

/**
 * Dispatches a normalised request to the route matching its method and path: an unknown path is
 * `404`, a known path with another method `405` with `Allow`. (`@middy/http-router` works on raw
 * events and has no `405`, hence this small router over the normalised request.)
 */
export const httpRouter = (routes: readonly Route[]): BaseHandler => {
  const compiled = routes.map(compile);
  return async (request, context) => {
    const allowed: string[] = [];
    for (const route of compiled) {
      const match = route.pattern.exec(request.path);
      if (!match) continue;
      if (route.method !== request.method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(match.groups ?? {})) params[name] = decode(value);
      request.pathParameters = { ...request.pathParameters, ...params };
      return route.handler(request, context);
    }
    if (allowed.length > 0) throw methodNotAllowed(allowed);
    throw notFound(`No route for ${request.method} ${request.path.slice(0, 200)}.`);
  };
};
