import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { ConfigResult } from './config.js';
import type { HttpContext, HttpRequest, HttpResponse, HttpResult } from './http-types.js';
import type { AccessTokenVerifier } from './jwt/access-token-verifier.js';
import { configGuard } from './middlewares/config-guard.js';
import { httpRequestNormalizer } from './middlewares/http-request-normalizer.js';
import { jsonBody } from './middlewares/json-body.js';
import { jwtAuth } from './middlewares/jwt-auth.js';
import { problemDetails } from './middlewares/problem-details.js';
import { responseHeaders, SECURITY_HEADERS } from './middlewares/response-headers.js';
import { validateBody, type CompiledValidator } from './middlewares/validate-body.js';

/** A lambda's own logic: a normalised request in, a status and a body out. */
export type BaseHandler<TBody = unknown> = (request: HttpRequest<TBody>, context: HttpContext) => Promise<HttpResult>;

/** What a lambda declares about its HTTP surface. */
export interface HttpHandlerOptions<TConfig> {
  /** The logger of this function (see `createLogger`). */
  logger: Logger;
  /** The configuration read at cold start; while invalid every request answers `500`. */
  config: ConfigResult<TConfig>;
  /**
   * Require a Cognito access token: returns the container's one verifier (see
   * `createAccessTokenVerifier`), built once from the valid configuration. A function without
   * tokens leaves this out and so bundles no JWT code at all.
   */
  auth?: (config: TConfig) => AccessTokenVerifier;
  /**
   * Parse a JSON body (on POST, PUT and PATCH), reshape it with `normalize` (e.g. case-insensitive
   * property names, trimming), then validate it with a precompiled schema.
   */
  body?: { normalize?: (body: unknown) => unknown; validate?: CompiledValidator; maxBytes?: number };
}

/** The last line of defence: what answers if the middleware stack itself fails. */
const lastResort = (context: Context | undefined): HttpResponse => {
  const requestId = (context as HttpContext | undefined)?.requestId ?? context?.awsRequestId ?? 'unknown';
  return {
    statusCode: 500,
    headers: {
      'content-type': 'application/problem+json',
      ...SECURITY_HEADERS,
      'cache-control': 'no-store',
      'x-request-id': requestId,
    },
    body: JSON.stringify({ type: 'https://file-sla-errors.dev/problems/internal-error', title: 'Internal server error', status: 500, detail: 'Internal server error', requestId }),
  };
};

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Wraps a base handler in the service's HTTP stack, in this order:
 * configuration guard → Lambda context on the logger → header and event normalisation →
 * access-token verification → JSON body parsing → schema validation → handler; every response
 * gets security headers, `x-request-id` and a JSON content type; every error becomes
 * `application/problem+json` (5xx: "Internal server error" + request id, cause logged).
 * The returned function never throws.
 */
export const httpHandler = <TBody, TConfig>(
  baseHandler: BaseHandler<TBody>,
  options: HttpHandlerOptions<TConfig>,
): ((event: unknown, context: Context) => Promise<HttpResponse>) => {
  const { logger, config } = options;
  if (!config.ok) logger.error(config.error.message);

  const stack = middy<unknown, unknown, Error, HttpContext>()
    .use(responseHeaders())
    .use(httpErrorHandler({ logger: false }))
    // Before problemDetails in this list, so its key reset runs after the error is logged.
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(problemDetails(logger))
    // The request normaliser (header names lower-cased there) comes before the configuration
    // guard, so that even a configuration 500 carries the gateway's request id.
    .use(httpRequestNormalizer(logger))
    .use(configGuard(config));

  const auth = options.auth;
  if (auth && config.ok) {
    const verifier = auth(config.value);
    stack.use(
      jwtAuth({ verifier: () => verifier, requiredGroup: verifier.requiredGroup }) as middy.MiddlewareObj<unknown, unknown, Error, HttpContext>,
    );
  }

  const body = options.body;
  if (body) {
    const parse = jsonBody({ maxBytes: body.maxBytes });
    const validate = body.validate ? validateBody(body.validate) : undefined;
    stack.use({
      before: async (request) => {
        const httpRequest = request as unknown as middy.Request<HttpRequest, unknown, Error, HttpContext>;
        if (!BODY_METHODS.has(httpRequest.event.method)) return;
        parse.before?.(httpRequest);
        if (body.normalize) httpRequest.event.body = body.normalize(httpRequest.event.body);
        await validate?.before?.(httpRequest);
      },
    });
  }

  const wrapped = stack.handler((event, context) => baseHandler(event as HttpRequest<TBody>, context));

  return async (event, context) => {
    try {
      return (await wrapped(event, context as HttpContext)) as HttpResponse;
    } catch (error) {
      try {
        logger.error('Unhandled error in the HTTP stack', { error });
      } catch {
        // Nothing left to report with; the response below still goes out.
      }
      return lastResort(context);
    }
  };
};
