import type { Context } from 'aws-lambda';

/** The API Gateway request id of every fixture event (and so the `requestId` of every answer). */
export const REQUEST_ID = 'req-1';

/** A Lambda context object as the Node.js runtime passes it. */
export const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'file-sla-auth',
  functionVersion: '3',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:file-sla-auth:live',
  memoryLimitInMB: '256',
  awsRequestId: '6f1d2c3b-4a59-4e8f-9a0b-1c2d3e4f5a6b',
  logGroupName: '/aws/lambda/file-sla-auth',
  logStreamName: '2027/03/14/[3]0123456789abcdef0123456789abcdef',
  getRemainingTimeInMillis: () => 5_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

export interface AuthEventOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** A value to send as JSON, or the raw body string when `raw` is set. */
  body?: unknown;
  raw?: boolean;
  requestId?: string;
}

/** An API Gateway HTTP API payload 2.0 event for `POST /auth` (or whatever method and path are given). */
export const authEvent = ({
  method = 'POST',
  path = '/auth',
  headers = { 'content-type': 'application/json' },
  body,
  raw = false,
  requestId = REQUEST_ID,
}: AuthEventOptions = {}): Record<string, unknown> => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: '',
  headers: {
    accept: 'application/json',
    host: 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
    'user-agent': 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-GB) WindowsPowerShell/5.1.20348.2849',
    'x-forwarded-for': '198.51.100.23',
    'x-forwarded-proto': 'https',
    ...headers,
  },
  requestContext: {
    accountId: '123456789012',
    apiId: 'a1b2c3d4e5',
    domainName: 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
    domainPrefix: 'a1b2c3d4e5',
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.23', userAgent: 'WindowsPowerShell/5.1' },
    requestId,
    routeKey: '$default',
    stage: '$default',
    time: '14/Mar/2027:09:26:53 +0000',
    timeEpoch: 1805016413000,
  },
  ...(body === undefined ? {} : { body: raw ? body : JSON.stringify(body) }),
  isBase64Encoded: false,
});

/** The parsed JSON body of a handler response. */
export const jsonOf = (response: { body: string }): Record<string, unknown> => JSON.parse(response.body) as Record<string, unknown>;
