import { randomBytes } from 'node:crypto';

/** What the gateway knows about one HTTP request. */
export interface GatewayRequest {
  method: string;
  /** Path and query as received, e.g. `/sla-errors?date=2026-11-24`. */
  url: string;
  /** Header pairs as received (`IncomingMessage.rawHeaders` style or a plain record). */
  headers: Record<string, string | string[] | undefined>;
  body?: Buffer | string;
  sourceIp?: string;
  /** The matched route, e.g. `GET /sla-errors/{errorId}`; `$default` when none. */
  routeKey?: string;
  pathParameters?: Record<string, string>;
  requestId?: string;
}

/** Content types API Gateway passes as text; every other body arrives base64-encoded. */
const TEXT_TYPE = /^(text\/|application\/(json|[\w.+-]+\+json|xml|[\w.+-]+\+xml|javascript|x-www-form-urlencoded)\b)/i;

/** An API Gateway-style request id: 16 random bytes, base64 without padding, like `KxQ3sjBfoAMEVZw=`. */
export const newRequestId = (): string => randomBytes(12).toString('base64').replace(/[+/]/g, (c) => (c === '+' ? 'A' : 'B')) + '=';

const HTTP_DATE = (date: Date): string => {
  const [day, month, year, time] = date.toUTCString().slice(5, 25).split(' ');
  return `${day}/${month}/${year}:${time} +0000`;
};

/**
 * Turns an HTTP request into the API Gateway HTTP API payload 2.0 event a Lambda receives: lower-
 * case headers (repeats joined with `,`), cookies apart, query parameters (repeats joined with
 * `,`), path parameters, request context with ids and times, and a body that is text for text
 * types and base64 (`isBase64Encoded`) for anything else.
 */
export const toHttpApiEvent = (request: GatewayRequest): Record<string, unknown> => {
  const url = new URL(request.url, 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const values = Array.isArray(value) ? value : [value];
    if (key === 'cookie') {
      cookies = values.flatMap((cookie) => cookie.split(/;\s*/)).filter((cookie) => cookie !== '');
      continue;
    }
    headers[key] = headers[key] === undefined ? values.join(',') : `${headers[key]},${values.join(',')}`;
  }
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = query[key] === undefined ? value : `${query[key]},${value}`;

  const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
  const hasBody = body !== undefined && body.length > 0;
  const isText = TEXT_TYPE.test(headers['content-type'] ?? 'text/plain');
  const now = new Date();
  const requestId = request.requestId ?? newRequestId();
  const routeKey = request.routeKey ?? '$default';
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies ? { cookies } : {}),
    headers,
    ...(url.search ? { queryStringParameters: query } : {}),
    ...(request.pathParameters && Object.keys(request.pathParameters).length > 0 ? { pathParameters: request.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: request.method.toUpperCase(),
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: HTTP_DATE(now),
      timeEpoch: now.getTime(),
    },
    ...(hasBody ? { body: isText ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !isText } : { isBase64Encoded: false }),
  };
};
