import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Logger } from '@aws-lambda-powertools/logger';
import { secretRegistryOf } from './logger.js';
import type { Context } from 'aws-lambda';
import type { ConfigResult } from './config.js';
import { InternalError } from './errors.js';
import type { HttpContext, HttpRequest, HttpResponse, HttpResult } from './http-types.js';
import type { AccessTokenVerifier } from './jwt/access-token-verifier.js';
import type { HttpLambdaManifest, RouteManifest } from './manifest.js';
import { caseInsensitiveNames } from './middlewares/case-insensitive-names.js';
import { configGuard } from './middlewares/config-guard.js';
import { httpRequestNormalizer } from './middlewares/http-request-normalizer.js';
import { jsonBody } from './middlewares/json-body.js';
import { jwtAuth } from './middlewares/jwt-auth.js';
import { normalizeBody } from './middlewares/normalize-body.js';
import { problemBody, problemDetails, type ProblemOptions } from './middlewares/problem-details.js';
import { responseHeaders, SECURITY_HEADERS } from './middlewares/response-headers.js';
import { validateBody } from './middlewares/validate-body.js';
import { compileRoutes, matchRoute } from './router.js';

/**
 * A route's own logic: a normalised request in (body parsed and validated if the route has a body rule), a status and a body out.
 *
 * @example
 * ```ts
 * const get: RouteHandler = async (request) => ({ statusCode: 200, body: { id: request.pathParameters.orderId } });
 * ```
 */
export type RouteHandler<TBody = unknown> = (request: HttpRequest<TBody>, context: HttpContext) => Promise<HttpResult>;

/**
 * One implementation per route id of the manifest; TypeScript requires every id, and no other.
 *
 * @example
 * ```ts
 * const routes: RouteBindings<'get' | 'list'> = { get: getOrder, list: listOrders };
 * ```
 */
export type RouteBindings<TRoute extends string> = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route types its own body
  readonly [K in TRoute]: RouteHandler<any>;
};

/**
 * What {@link httpHandler} needs besides the manifest.
 *
 * @example
 * ```ts
 * const options: HttpHandlerOptions<MyConfig, 'hello'> = { config, logger, routes: { hello: async () => ({ statusCode: 200 }) } };
 * ```
 */
export interface HttpHandlerOptions<TConfig, TRoute extends string> {
  /** The configuration read at cold start; while invalid every request answers `500`. */
  config: ConfigResult<TConfig>;
  /** The logger of this function (see `createLogger`). */
  logger: Logger;
  /**
   * Builds the container's one access-token verifier from the valid configuration (see
   * `createAccessTokenVerifier`); required when any route is not public. A function whose routes
   * are all public leaves it out and bundles no JWT code.
   */
  verifier?: (config: TConfig) => AccessTokenVerifier;
  /** The implementation of each route of the manifest. */
  routes: RouteBindings<TRoute>;
  /** What the answers say about problems: the base URI of problem types, how to obtain a token. */
  problems?: ProblemOptions;
  /**
   * Secrets of the configuration (an app client's secret, say), cut out of every log line; the
   * token and the secret-named fields of a body are added per request.
   */
  secrets?: (config: TConfig) => readonly (string | undefined)[];
}

type Stack = (event: HttpRequest, context: HttpContext) => Promise<unknown>;

/** The last line of defence: what answers if the middleware stack itself fails. */
const lastResort = (context: Context | undefined, problems: ProblemOptions): HttpResponse => {
  const requestId = (context as HttpContext | undefined)?.requestId ?? context?.awsRequestId ?? 'unknown';
  return {
    statusCode: 500,
    headers: {
      'content-type': 'application/problem+json',
      ...SECURITY_HEADERS,
      'cache-control': 'no-store',
      'x-request-id': requestId,
    },
    body: JSON.stringify(problemBody(new InternalError('Unhandled error in the HTTP stack'), requestId, problems)),
  };
};

/**
 * The stack of one route, built once: access-token check (public routes: none; protected ones:
 * always, with the route's group), then the route's body rule (parse → normalise → validate),
 * then its handler. The outer stack's time-out handling covers it, so it has none of its own.
 */
const routeStack = <TConfig>(
  route: RouteManifest<TConfig>,
  handler: RouteHandler,
  config: TConfig,
  verifier: () => AccessTokenVerifier,
  login: string | undefined,
): Stack => {
  const stack = middy<HttpRequest, unknown, Error, HttpContext>({ timeoutEarlyInMillis: 0 });
  if (route.auth !== 'public') {
    stack.use(jwtAuth({ verifier, requiredGroup: route.auth.group?.(config) || undefined, login }));
  }
  const body = route.body;
  if (body) {
    stack.use(jsonBody(body.maxBytes === undefined ? {} : { maxBytes: body.maxBytes }));
    if (body.normalize) stack.use(normalizeBody(body.normalize));
    if (body.duplicateNames === 'case-insensitive') stack.use(caseInsensitiveNames());
    stack.use(validateBody(body.validate));
  }
  return stack.handler((event, context) => handler(event, context));
};

/**
 * The HTTP entry of a function, built from its manifest. Every request goes through, in order:
 * security headers and `x-request-id` on the answer, errors rendered as
 * `application/problem+json`, Lambda context on the logger, event normalisation, the
 * configuration guard — then routing by method and path alone (`404`; `405` with `Allow`), before
 * anything reads the body — then the matched route's own stack (see the manifest: its auth rule and
 * its body rule) and its handler. 5xx answers say only "Internal server error" and the request id;
 * the cause is logged. The returned function never throws.
 *
 * @example
 * ```ts
 * export const handler = httpHandler(manifest, {
 *   config, logger,
 *   verifier: ({ userPoolId, clientId }) => createAccessTokenVerifier({ userPoolId, clientId }),
 *   routes: { hello: async () => ({ statusCode: 200, body: { hello: 'world' } }) },
 * });
 * ```
 */
export const httpHandler = <TConfig, TRoute extends string>(
  manifest: HttpLambdaManifest<TConfig, TRoute>,
  options: HttpHandlerOptions<TConfig, TRoute>,
): ((event: unknown, context: Context) => Promise<HttpResponse>) => {
  const { logger, config, problems = {} } = options;
  if (!config.ok) logger.error(config.error.message);

  const entries = Object.entries(manifest.routes) as Array<[TRoute, RouteManifest<TConfig>]>;
  const needsToken = entries.some(([, route]) => route.auth !== 'public');
  if (needsToken && !options.verifier) throw new TypeError(`${manifest.name}: a route requires an access token, but no verifier was given`);

  let routes: ReturnType<typeof compileRoutes<Stack>> = [];
  if (config.ok) {
    const verifier = needsToken && options.verifier ? options.verifier(config.value) : undefined;
    const getVerifier = (): AccessTokenVerifier => verifier!;
    routes = compileRoutes(
      entries.map(([id, route]) => ({ route, value: routeStack(route, options.routes[id] as RouteHandler, config.value, getVerifier, problems.login) })),
    );
  }

  const stack = middy<unknown, unknown, Error, HttpContext>()
    .use(responseHeaders())
    .use(httpErrorHandler({ logger: false }))
    // Before problemDetails in this list, so its key reset runs after the error is logged.
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(problemDetails({ logger, ...problems }))
    // The request normaliser (header names lower-cased there) comes before the configuration
    // guard, so that even a configuration 500 carries the gateway's request id.
    .use(httpRequestNormalizer(logger))
    .use(configGuard(config) as middy.MiddlewareObj<unknown, unknown, Error, HttpContext>);

  const wrapped = stack.handler((event, context) => {
    const request = event as HttpRequest;
    const match = matchRoute(routes, request.method, request.path);
    request.pathParameters = { ...request.pathParameters, ...match.pathParameters };
    return match.value(request, context);
  });

  const registry = secretRegistryOf(logger);
  const configSecrets = config.ok && options.secrets ? options.secrets(config.value) : [];

  return async (event, context) => {
    const secrets = registry?.begin(configSecrets);
    try {
      if (secrets && context) (context as HttpContext).secrets = secrets;
      return (await wrapped(event, context as HttpContext)) as HttpResponse;
    } catch (error) {
      try {
        logger.error('Unhandled error in the HTTP stack', { error });
      } catch {
        // Nothing left to report with; the response below still goes out.
      }
      return lastResort(context, problems);
    } finally {
      if (secrets) registry?.end(secrets);
    }
  };
};
