import type { Context } from 'aws-lambda';
import type { AccessTokenClaims } from './jwt/access-token-verifier.js';
import type { RequestSecrets } from './request-secrets.js';

/**
 * One HTTP request, whatever carried it: API Gateway HTTP API (payload 2.0), REST API
 * (payload 1.0) or a Lambda function URL.
 *
 * @example
 * ```ts
 * const route = async (request: HttpRequest<{ name: string }>) => ({ statusCode: 200, body: { hello: request.body.name, from: request.sourceIp } });
 * ```
 */
export interface HttpRequest<TBody = unknown> {
  /** Upper-case method, e.g. `POST`. */
  method: string;
  /** Request path, e.g. `/sla-errors/abc`. */
  path: string;
  /** Header names in lower case; repeated headers joined with `,`. */
  headers: Record<string, string>;
  /** Query string parameters (last value wins when repeated). */
  query: Record<string, string>;
  /** Path parameters matched by the gateway or the router. */
  pathParameters: Record<string, string>;
  /** The raw body before parsing; the parsed JSON after the body parser. */
  body: TBody;
  /** Whether the raw body is base64-encoded. */
  isBase64Encoded: boolean;
  /** API Gateway / function URL request id, else the Lambda request id. */
  requestId: string;
  /** Caller IP as seen by the gateway, when known. */
  sourceIp: string | undefined;
  /** The event as Lambda delivered it. */
  rawEvent: unknown;
}

/**
 * The Lambda context plus what the HTTP stack learnt about the request.
 *
 * @example
 * ```ts
 * const route = async (_request: HttpRequest, context: HttpContext) => ({ statusCode: 200, body: { user: context.auth?.username, requestId: context.requestId } });
 * ```
 */
export interface HttpContext extends Context {
  /** Same as {@link HttpRequest.requestId}. */
  requestId: string;
  /** Verified access-token claims, when the route requires authentication. */
  auth?: AccessTokenClaims;
  /** The secret values of this request (token, body secrets…), cut out of every log line while it is handled. */
  secrets?: RequestSecrets;
}

/**
 * What a base handler returns; `body` is serialised to JSON by the stack.
 *
 * @example
 * ```ts
 * const result: HttpResult = { statusCode: 200, body: { ok: true }, headers: { ETag: '"v1"' } };
 * ```
 */
export interface HttpResult {
  statusCode: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The response the stack hands back to API Gateway / the function URL.
 *
 * @example
 * ```ts
 * const response: HttpResponse = await handler(event, context); // response.body is JSON text
 * ```
 */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}
