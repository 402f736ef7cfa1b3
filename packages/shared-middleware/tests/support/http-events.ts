import type middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { HttpContext, HttpRequest } from '../../src/http-types.js';

/** The Lambda request id every fixture context carries. */
export const LAMBDA_REQUEST_ID = '3f1c9a2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
/** The API Gateway request id every fixture event carries. */
export const GATEWAY_REQUEST_ID = 'KxQ3sjBfoAMEVZw=';

/** A Lambda context object as the Node.js runtime passes it. */
export const lambdaContext = (overrides: Partial<Context> = {}): HttpContext =>
  ({
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'file-sla-sla-error',
    functionVersion: '7',
    invokedFunctionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:file-sla-sla-error:live',
    memoryLimitInMB: '512',
    awsRequestId: LAMBDA_REQUEST_ID,
    logGroupName: '/aws/lambda/file-sla-sla-error',
    logStreamName: '2027/03/14/[7]0123456789abcdef0123456789abcdef',
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...overrides,
  }) as HttpContext;

interface EventOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
}

/** An API Gateway HTTP API payload 2.0 event, header names lower-cased as the gateway sends them. */
export const httpApiEvent = ({
  method = 'POST',
  path = '/sla-errors',
  headers = { 'content-type': 'application/json' },
  body,
  isBase64Encoded = false,
  query,
  pathParameters,
}: EventOptions = {}): Record<string, unknown> => ({
  version: '2.0',
  routeKey: `${method} ${path}`,
  rawPath: path,
  rawQueryString: query ? new URLSearchParams(query).toString() : '',
  headers: {
    accept: '*/*',
    host: 'a1b2c3d4e5.execute-api.eu-central-1.amazonaws.com',
    'user-agent': 'Mozilla/5.0 (Windows NT; Windows NT 10.0; de-DE) WindowsPowerShell/5.1.20348.2849',
    'x-amzn-trace-id': 'Root=1-65f2c0de-0123456789abcdef01234567',
    'x-forwarded-for': '198.51.100.23',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    ...headers,
  },
  ...(query ? { queryStringParameters: query } : {}),
  ...(pathParameters ? { pathParameters } : {}),
  requestContext: {
    accountId: '123456789012',
    apiId: 'a1b2c3d4e5',
    domainName: 'a1b2c3d4e5.execute-api.eu-central-1.amazonaws.com',
    domainPrefix: 'a1b2c3d4e5',
    http: {
      method,
      path,
      protocol: 'HTTP/1.1',
      sourceIp: '198.51.100.23',
      userAgent: 'Mozilla/5.0 (Windows NT; Windows NT 10.0; de-DE) WindowsPowerShell/5.1.20348.2849',
    },
    requestId: GATEWAY_REQUEST_ID,
    routeKey: `${method} ${path}`,
    stage: '$default',
    time: '14/Mar/2027:09:26:53 +0000',
    timeEpoch: 1805016413000,
  },
  ...(body === undefined ? {} : { body }),
  isBase64Encoded,
});

/** An API Gateway REST API payload 1.0 event (mixed-case headers, `multiValueHeaders`). */
export const restApiEvent = ({
  method = 'POST',
  path = '/sla-errors',
  headers = { 'Content-Type': 'application/json' },
  body,
  isBase64Encoded = false,
}: EventOptions = {}): Record<string, unknown> => {
  const allHeaders = { Host: 'a1b2c3d4e5.execute-api.eu-central-1.amazonaws.com', 'X-Forwarded-For': '198.51.100.23', ...headers };
  return {
    resource: path,
    path,
    httpMethod: method,
    headers: allHeaders,
    multiValueHeaders: Object.fromEntries(Object.entries(allHeaders).map(([name, value]) => [name, [value]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'a1b2c3d4e5',
      httpMethod: method,
      identity: { sourceIp: '198.51.100.23', userAgent: 'curl/8.5.0' },
      path: `/prod${path}`,
      protocol: 'HTTP/1.1',
      requestId: 'c0ffee00-1111-2222-3333-444455556666',
      requestTimeEpoch: 1805016413000,
      resourcePath: path,
      stage: 'prod',
    },
    body: body ?? null,
    isBase64Encoded,
  };
};

/** A Lambda function URL event (payload 2.0 shape, `routeKey` `$default`). */
export const functionUrlEvent = ({ method = 'GET', path = '/sla-errors/abc', body }: EventOptions = {}): Record<string, unknown> => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: 'limit=5',
  headers: { host: 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-central-1.on.aws', 'x-forwarded-for': '203.0.113.9' },
  queryStringParameters: { limit: '5' },
  requestContext: {
    accountId: 'anonymous',
    apiId: 'abcdefghijklmnopqrstuvwxyz012345',
    domainName: 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-central-1.on.aws',
    domainPrefix: 'abcdefghijklmnopqrstuvwxyz012345',
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'curl/8.5.0' },
    requestId: 'fn-url-7d1e2f3a-0000-4000-8000-000000000001',
    routeKey: '$default',
    stage: '$default',
    time: '14/Mar/2027:09:26:53 +0000',
    timeEpoch: 1805016413000,
  },
  ...(body === undefined ? {} : { body }),
  isBase64Encoded: false,
});

/** A normalised request as the body middlewares see it. */
export const httpRequest = (overrides: Partial<HttpRequest> = {}): HttpRequest => ({
  method: 'POST',
  path: '/sla-errors',
  headers: { 'content-type': 'application/json' },
  query: {},
  pathParameters: {},
  body: undefined,
  isBase64Encoded: false,
  requestId: GATEWAY_REQUEST_ID,
  sourceIp: '198.51.100.23',
  rawEvent: {},
  ...overrides,
});

/** A Middy request object, to call one middleware's hooks directly. */
export const middyRequest = <TEvent>(
  event: TEvent,
  context: HttpContext = lambdaContext(),
): middy.Request<TEvent, unknown, Error, HttpContext> => ({
  event,
  context,
  response: undefined,
  error: undefined,
  internal: {},
});
