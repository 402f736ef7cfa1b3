import type middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { HttpContext, HttpRequest } from '../http-types.js';
import { badRequest } from '../errors.js';

type Dict = Record<string, unknown>;

const isObject = (value: unknown): value is Dict => typeof value === 'object' && value !== null && !Array.isArray(value);

const stringValues = (value: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (!isObject(value)) return out;
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (typeof item === 'string') out[key] = item;
  }
  return out;
};

/**
 * The string-valued headers under lower-case names; REST API (1.0) multi-value headers joined into
 * single values, as HTTP API 2.0 does, replacing a single value of the same name.
 */
const headersOf = (headers: unknown, multi: unknown): Record<string, string> => {
  const merged: Record<string, string> = {};
  if (isObject(headers)) {
    for (const key of Object.keys(headers)) {
      const value = headers[key];
      if (typeof value === 'string') merged[key.toLowerCase()] = value;
    }
  }
  if (!isObject(multi)) return merged;
  for (const key of Object.keys(multi)) {
    const values = multi[key];
    if (Array.isArray(values) && values.every((item) => typeof item === 'string')) {
      merged[key.toLowerCase()] = values.join(',');
    }
  }
  return merged;
};

const firstString = (first: unknown, second: unknown): string | undefined =>
  typeof first === 'string' ? first : typeof second === 'string' ? second : undefined;

/**
 * Turns an API Gateway HTTP API 2.0, REST API 1.0 or function URL event into one
 * {@link HttpRequest} shape (header names lower-cased), sets `context.requestId`, and puts the
 * request id on every log line as correlation id. An event that is none of these (including
 * `null`) answers `400`: use it before any middleware that reads `event.headers`.
 */
export const httpRequestNormalizer = (logger?: Logger): middy.MiddlewareObj<unknown, unknown, Error, HttpContext> => ({
  before: (request) => {
    const event = request.event;
    const context = request.context;
    if (!isObject(event)) throw badRequest('The event is not an HTTP request.');
    const requestContext = isObject(event.requestContext) ? event.requestContext : {};
    const http = isObject(requestContext.http) ? requestContext.http : {};
    const identity = isObject(requestContext.identity) ? requestContext.identity : {};
    const method = typeof http.method === 'string' ? http.method : event.httpMethod;
    const stage = requestContext.stage;
    let path = typeof event.rawPath === 'string' ? event.rawPath : event.path;
    // HTTP API 2.0 keeps a named stage in rawPath ("/live/auth"); routes are matched without it.
    if (typeof path === 'string' && typeof event.rawPath === 'string' && typeof stage === 'string' && stage !== '$default' && path.startsWith(`/${stage}/`)) {
      path = path.slice(stage.length + 1);
    }
    if (typeof method !== 'string' || typeof path !== 'string') {
      throw badRequest('The event is not an HTTP request (no method or path).');
    }
    const requestId =
      (typeof requestContext.requestId === 'string' && requestContext.requestId) || context.awsRequestId || 'unknown';
    const body = event.body;
    const normalized: HttpRequest = {
      method: method.toUpperCase(),
      path,
      headers: headersOf(event.headers, event.multiValueHeaders),
      query: stringValues(event.queryStringParameters),
      pathParameters: stringValues(event.pathParameters),
      body: typeof body === 'string' ? body : undefined,
      isBase64Encoded: event.isBase64Encoded === true,
      requestId,
      sourceIp: firstString(http.sourceIp, identity.sourceIp),
      rawEvent: event,
    };
    request.event = normalized;
    context.requestId = requestId;
    logger?.setCorrelationId(requestId);
  },
});
