import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import Ajv from 'ajv';
import { loadConfig, type ConfigResult } from '../../src/config.js';
import { methodNotAllowed, notFound } from '../../src/errors.js';

const PROBLEM_TYPE_BASE = 'https://problems.example/';
import { httpHandler, type HttpHandlerOptions, type RouteHandler } from '../../src/http-handler.js';
import { defineHttpLambda, type BodyRule } from '../../src/manifest.js';
import type { CompiledValidator } from '../../src/middlewares/validate-body.js';
import type { HttpContext, HttpRequest, HttpResponse } from '../../src/http-types.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { captureOutput, type CapturedOutput } from '@file-sla/test-support';
import {
  GATEWAY_REQUEST_ID,
  LAMBDA_REQUEST_ID,
  functionUrlEvent,
  httpApiEvent,
  lambdaContext,
  restApiEvent,
} from '../support/http-events.js';

interface TestConfig {
  table: string;
}

const validConfig = (): ConfigResult<TestConfig> =>
  loadConfig((env) => ({ table: env.required('DYNAMODB_TABLE') }), { DYNAMODB_TABLE: 'FileSlaErrors' });

const INTERNAL_ERROR = {
  type: `${PROBLEM_TYPE_BASE}internal-error`,
  title: 'Internal server error',
  status: 500,
  detail: 'Internal server error',
};

const ITEM = {
  fileName: 'GL_EXPORT_20270314.csv',
  sourceSystem: 'SAP-FI',
  slaDeadline: '2027-03-14T06:00:00.000Z',
  errorType: 'MISSING',
  errorMessage: 'File not found in \\\\fs01\\inbound\\sap by 06:00 UTC',
};

let output: CapturedOutput;
let logger: Logger;

beforeEach(() => {
  delete process.env.POWERTOOLS_DEV;
  output = captureOutput();
  logger = createLogger({ serviceName: 'sla-error-api', logLevel: 'INFO' });
});

/** Accepts any body (a route that parses JSON but has no schema to check). */
const acceptAll: CompiledValidator = () => true;

/** A function with public routes on `/sla-errors` and `/sla-errors/{id}`, all bound to `base`. */
const manifestOf = (body: BodyRule = { validate: acceptAll }) =>
  defineHttpLambda<TestConfig>()({
    kind: 'http',
    name: 'test-lambda',
    description: 'test',
    memoryMb: 128,
    timeoutSeconds: 3,
    environment: {},
    permissions: [],
    routes: {
      report: { method: 'POST', path: '/sla-errors', auth: 'public', body },
      list: { method: 'GET', path: '/sla-errors', auth: 'public' },
      remove: { method: 'DELETE', path: '/sla-errors', auth: 'public' },
      get: { method: 'GET', path: '/sla-errors/{errorId}', auth: 'public' },
    },
  });

const bindAll = (base: RouteHandler) => ({ report: base, list: base, remove: base, get: base });

const build = (
  base: RouteHandler,
  { body, ...options }: Partial<Omit<HttpHandlerOptions<TestConfig, string>, 'routes'>> & { body?: BodyRule } = {},
): ((event: unknown, context?: HttpContext) => Promise<HttpResponse>) => {
  const handler = httpHandler(manifestOf(body), { logger, config: validConfig(), routes: bindAll(base), problems: { typeBase: PROBLEM_TYPE_BASE }, ...options });
  return (event, context = lambdaContext()) => handler(event, context);
};

const created: RouteHandler = async () => ({ statusCode: 200, body: { errorId: 'a1b2c3', status: 'created', createdAt: '2027-03-14T09:26:53.000Z' } });

const parseBody = (response: HttpResponse): Record<string, unknown> => JSON.parse(response.body) as Record<string, unknown>;

const expectCommonHeaders = (response: HttpResponse, requestId = GATEWAY_REQUEST_ID): void => {
  for (const name of Object.keys(response.headers)) expect(name).toBe(name.toLowerCase());
  expect(response.headers).toMatchObject({
    'x-request-id': requestId,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
  expect(response.headers['content-type']).toMatch(/^application\/(problem\+)?json/);
};

const expectProblem = (response: HttpResponse, status: number, type: string, requestId = GATEWAY_REQUEST_ID): Record<string, unknown> => {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json');
  expectCommonHeaders(response, requestId);
  const body = parseBody(response);
  expect(body).toMatchObject({ type: `${PROBLEM_TYPE_BASE}${type}`, status, requestId });
  return body;
};

describe('httpHandler: success', () => {
  it('hands the handler a normalised request with the parsed body and answers 200 with JSON', async () => {
    const base = jest.fn<RouteHandler>(created);
    const response = await build(base)(httpApiEvent({ body: JSON.stringify(ITEM), headers: { 'Content-Type': 'application/json; charset=utf-8' } }));

    expect(response.statusCode).toBe(200);
    expect(parseBody(response)).toEqual({ errorId: 'a1b2c3', status: 'created', createdAt: '2027-03-14T09:26:53.000Z' });
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expectCommonHeaders(response);

    expect(base).toHaveBeenCalledTimes(1);
    const [request, context] = base.mock.calls[0]!;
    expect(request).toMatchObject({ method: 'POST', path: '/sla-errors', body: ITEM, requestId: GATEWAY_REQUEST_ID, sourceIp: '198.51.100.23' });
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(context.requestId).toBe(GATEWAY_REQUEST_ID);
    expect(context.awsRequestId).toBe(LAMBDA_REQUEST_ID);
  });

  it('accepts what Windows PowerShell 5.1 sends without -ContentType: a form content type, a JSON body', async () => {
    const base = jest.fn<RouteHandler>(created);
    const body = Buffer.from(JSON.stringify([ITEM]), 'utf8').toString('base64');
    const response = await build(base)(
      httpApiEvent({ body, isBase64Encoded: true, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    );
    expect(response.statusCode).toBe(200);
    expect(base.mock.calls[0]![0].body).toEqual([ITEM]);
  });

  it('lower-cases the headers a handler returns', async () => {
    const response = await build(async () => ({ statusCode: 200, body: { ok: true }, headers: { 'Retry-After': '1', ETag: '"v1"' } }))(
      httpApiEvent({ method: 'GET', body: undefined }),
    );
    expect(response.headers).toMatchObject({ 'retry-after': '1', etag: '"v1"' });
    expect(response.headers).not.toHaveProperty('Retry-After');
  });

  it('does not parse a body on GET', async () => {
    const base = jest.fn<RouteHandler>(async (request: HttpRequest) => ({ statusCode: 200, body: { query: request.query, body: request.body ?? null } }));
    const response = await build(base)(httpApiEvent({ method: 'GET', query: { date: '2027-03-14' }, headers: { 'content-type': 'text/plain' }, body: 'ignored' }));
    expect(response.statusCode).toBe(200);
    expect(parseBody(response)).toEqual({ query: { date: '2027-03-14' }, body: 'ignored' });
  });

  it('works with a REST API 1.0 event and a function URL event', async () => {
    const rest = await build(created)(restApiEvent({ body: JSON.stringify(ITEM), headers: { 'Content-Type': 'application/json' } }));
    expect(rest.statusCode).toBe(200);
    expectCommonHeaders(rest, 'c0ffee00-1111-2222-3333-444455556666');

    const fnUrl = await build(async (request) => ({ statusCode: 200, body: { path: request.path } }))(functionUrlEvent());
    expect(fnUrl.statusCode).toBe(200);
    expect(parseBody(fnUrl)).toEqual({ path: '/sla-errors/abc' });
    expectCommonHeaders(fnUrl, 'fn-url-7d1e2f3a-0000-4000-8000-000000000001');
  });

  it('validates the parsed body with the compiled schema', async () => {
    const validate = new Ajv({ allErrors: true, strict: true }).compile({
      type: 'object',
      properties: { fileName: { type: 'string' }, fileSizeBytes: { type: 'integer' } },
      required: ['fileName'],
      additionalProperties: false,
    });
    const base = jest.fn<RouteHandler>(created);
    const response = await build(base, { body: { validate } })(httpApiEvent({ body: '{"fileSizeBytes":"12","FileNmae":"a.csv"}' }));
    const body = expectProblem(response, 400, 'validation-error');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { path: '/fileName', message: 'is required' },
        { path: '/FileNmae', message: expect.stringContaining('not an allowed property') },
        { path: '/fileSizeBytes', message: expect.stringContaining('integer') },
      ]),
    );
    expect(base).not.toHaveBeenCalled();
  });
});

describe('httpHandler: errors', () => {
  it('answers a plain Error with 500 problem+json that says nothing but "Internal server error", and logs the cause', async () => {
    const response = await build(async () => {
      throw new Error('Cannot read properties of undefined (reading "Item") at /var/task/index.mjs:1:2345');
    })(httpApiEvent({ body: JSON.stringify(ITEM) }));

    expectProblem(response, 500, 'internal-error');
    expect(parseBody(response)).toEqual({ ...INTERNAL_ERROR, requestId: GATEWAY_REQUEST_ID });
    expect(response.body).not.toMatch(/Item|index\.mjs|stack|at /);

    const errors = output.entries().filter((entry) => entry.level === 'ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ message: 'Unhandled error', requestId: GATEWAY_REQUEST_ID });
    expect(JSON.stringify(errors[0])).toContain('reading \\"Item\\"');
  });

  it('answers an AWS SDK error with 500 without its name or text', async () => {
    const response = await build(async () => {
      throw Object.assign(new Error('Requested resource not found: Table: FileSlaErrors not found'), {
        name: 'ResourceNotFoundException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400, requestId: 'DDB0123456789', attempts: 1, totalRetryDelay: 0 },
      });
    })(httpApiEvent({ body: JSON.stringify(ITEM) }));
    expect(parseBody(response)).toEqual({ ...INTERNAL_ERROR, requestId: GATEWAY_REQUEST_ID });
    expect(response.body).not.toMatch(/ResourceNotFound|FileSlaErrors|DDB0123456789/);
    expect(response.headers['content-type']).toBe('application/problem+json');
  });

  it('renders the problems a handler throws, with their headers', async () => {
    const notAllowed = await build(async () => {
      throw methodNotAllowed(['GET', 'POST']);
    })(httpApiEvent({ method: 'DELETE' }));
    expectProblem(notAllowed, 405, 'method-not-allowed');
    expect(notAllowed.headers.allow).toBe('GET, POST');

    const missing = await build(async () => {
      throw notFound('No SLA error with id "a1b2c3".');
    })(httpApiEvent({ method: 'GET', path: '/sla-errors/a1b2c3' }));
    expect(expectProblem(missing, 404, 'not-found').detail).toBe('No SLA error with id "a1b2c3".');
  });

  describe('bad bodies', () => {
    const base = jest.fn<RouteHandler>(created);
    const send = (event: Record<string, unknown>) => build(base)(event);

    it('malformed JSON: 400, the body not echoed', async () => {
      const response = await send(httpApiEvent({ body: '{"fileName":"a.csv","password":"Hunter2!",' }));
      const body = expectProblem(response, 400, 'malformed-json');
      expect(response.body).not.toContain('Hunter2');
      expect(output.text()).not.toContain('Hunter2');
      expect(body.title).toBe('Bad request');
    });

    it('empty body: 400', async () => {
      expectProblem(await send(httpApiEvent({ body: '' })), 400, 'empty-body');
      expectProblem(await send(httpApiEvent({ body: undefined })), 400, 'empty-body');
    });

    it('over 256 KiB: 413, also when base64-encoded', async () => {
      const big = JSON.stringify({ ...ITEM, errorMessage: 'x'.repeat(256 * 1024) });
      expectProblem(await send(httpApiEvent({ body: big })), 413, 'payload-too-large');
      expectProblem(await send(httpApiEvent({ body: Buffer.from(big).toString('base64'), isBase64Encoded: true })), 413, 'payload-too-large');
    });

    it('not JSON: 415', async () => {
      expectProblem(await send(httpApiEvent({ body: 'fileName=a.csv', headers: { 'content-type': 'text/plain' } })), 415, 'unsupported-media-type');
      expectProblem(
        await send(httpApiEvent({ body: 'a=1&b=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } })),
        415,
        'unsupported-media-type',
      );
    });

    it('__proto__ key: 400', async () => {
      expectProblem(await send(httpApiEvent({ body: '{"__proto__":{"admin":true}}' })), 400, 'malformed-json');
      expect(base).not.toHaveBeenCalled();
    });
  });

  it.each([
    ['null', null],
    ['a string', 'ping'],
    ['a scheduled event', { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} }],
  ])('answers a non-HTTP event (%s) with 400 and the Lambda request id', async (_, event) => {
    const base = jest.fn<RouteHandler>(created);
    expectProblem(await build(base)(event), 400, 'bad-request', LAMBDA_REQUEST_ID);
    expect(base).not.toHaveBeenCalled();
  });
});

describe('httpHandler: invalid configuration', () => {
  it('logs one error line at creation, then answers every request 500 without calling the handler', async () => {
    const config = loadConfig((env) => ({ table: env.required('DYNAMODB_TABLE') }), {});
    const base = jest.fn<RouteHandler>(created);
    const handler = httpHandler(manifestOf(), { logger, config, routes: bindAll(base), problems: { typeBase: PROBLEM_TYPE_BASE } });

    const atCreation = output.entries();
    expect(atCreation).toHaveLength(1);
    expect(atCreation[0]).toMatchObject({ level: 'ERROR', message: 'Invalid configuration: DYNAMODB_TABLE is required' });

    for (const event of [httpApiEvent({ body: JSON.stringify(ITEM) }), httpApiEvent({ method: 'GET' }), restApiEvent({ method: 'GET' })]) {
      const response = await handler(event, lambdaContext());
      expect(response.statusCode).toBe(500);
      // The gateway's request id, as on every other response.
      const gatewayRequestId = (event.requestContext as { requestId: string }).requestId;
      expect(parseBody(response)).toEqual({ ...INTERNAL_ERROR, requestId: gatewayRequestId });
      expectCommonHeaders(response, gatewayRequestId);
      expect(response.body).not.toContain('DYNAMODB_TABLE');
    }
    expect(base).not.toHaveBeenCalled();
  });
});

describe('httpHandler never throws', () => {
  const expectLastResort = (response: HttpResponse, requestId: string): void => {
    expect(response.statusCode).toBe(500);
    expect(parseBody(response)).toEqual({ ...INTERNAL_ERROR, requestId });
    expectCommonHeaders(response, requestId);
  };

  it('when the logger throws while the handler fails', async () => {
    jest.spyOn(logger, 'error').mockImplementation(() => {
      throw new Error('log sink broken');
    });
    const handler = build(async () => {
      throw new Error('boom');
    });
    expectLastResort(await handler(httpApiEvent({ body: JSON.stringify(ITEM) })), GATEWAY_REQUEST_ID);
  });

  it('when the logger throws on every call, on success and refusal paths alike', async () => {
    const broken = new Proxy({} as Logger, {
      get: () => () => {
        throw new Error('log sink broken');
      },
    });
    const handler = httpHandler(manifestOf(), { logger: broken, config: validConfig(), routes: bindAll(created), problems: { typeBase: PROBLEM_TYPE_BASE } });
    for (const event of [httpApiEvent({ body: JSON.stringify(ITEM) }), httpApiEvent({ body: '{' }), null]) {
      const response = await handler(event, lambdaContext());
      expectLastResort(response, LAMBDA_REQUEST_ID);
    }
  });

  it('the last-resort response carries the same security headers as any other', async () => {
    const normal = await build(created)(httpApiEvent({ body: JSON.stringify(ITEM) }));
    jest.spyOn(logger, 'error').mockImplementation(() => {
      throw new Error('log sink broken');
    });
    const lastResort = await build(async () => {
      throw new Error('boom');
    })(httpApiEvent({ body: JSON.stringify(ITEM) }));
    for (const name of ['strict-transport-security', 'x-content-type-options', 'cache-control']) {
      expect(lastResort.headers[name]).toBe(normal.headers[name]);
    }
  });

  it('when the context is missing', async () => {
    const handler = httpHandler(manifestOf(), { logger, config: validConfig(), routes: bindAll(created), problems: { typeBase: PROBLEM_TYPE_BASE } });
    const response = await handler(httpApiEvent({ method: 'GET' }), undefined as never);
    expect(response.statusCode).toBe(200);
    expectCommonHeaders(response);
  });
});
