import type { Context } from 'aws-lambda';

/** The API Gateway request id of every fixture event (and so the `requestId` of every answer). */
export const REQUEST_ID = 'Kx9fYjBfoAMEVZw=';

/** A Lambda context object as the Node.js runtime passes it. */
export const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'file-sla-sla-error',
  functionVersion: '7',
  invokedFunctionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:file-sla-sla-error:live',
  memoryLimitInMB: '512',
  awsRequestId: '9b2f4c1e-7d3a-4e8f-9a0b-1c2d3e4f5a6b',
  logGroupName: '/aws/lambda/file-sla-sla-error',
  logStreamName: '2027/03/14/[7]0123456789abcdef0123456789abcdef',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

export interface SlaEventOptions {
  method?: string;
  path?: string;
  /** Extra or replacing headers (lower-case names, as HTTP API 2.0 sends them). */
  headers?: Record<string, string>;
  /** A value sent as JSON, or the raw body string when `raw` is set. */
  body?: unknown;
  raw?: boolean;
  /** Query string parameters, as the gateway passes them (decoded) in `queryStringParameters`. */
  query?: Record<string, string>;
}

/** An API Gateway HTTP API payload 2.0 event, `POST /sla-errors` unless told otherwise. */
export const slaEvent = ({
  method = 'POST',
  path = '/sla-errors',
  headers = {},
  body,
  raw = false,
  query,
}: SlaEventOptions = {}): Record<string, unknown> => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: query ? new URLSearchParams(query).toString() : '',
  ...(query ? { queryStringParameters: query } : {}),
  headers: {
    accept: 'application/json',
    'content-type': 'application/json; charset=utf-8',
    host: 'a1b2c3d4e5.execute-api.eu-central-1.amazonaws.com',
    'user-agent': 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-GB) WindowsPowerShell/5.1.20348.2849',
    'x-forwarded-for': '198.51.100.23',
    'x-forwarded-proto': 'https',
    ...headers,
  },
  requestContext: {
    accountId: '123456789012',
    apiId: 'a1b2c3d4e5',
    domainName: 'a1b2c3d4e5.execute-api.eu-central-1.amazonaws.com',
    domainPrefix: 'a1b2c3d4e5',
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.23', userAgent: 'WindowsPowerShell/5.1' },
    requestId: REQUEST_ID,
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
