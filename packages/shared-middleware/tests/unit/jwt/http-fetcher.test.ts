import { createServer } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { FetchError, NonRetryableFetchError } from 'aws-jwt-verify/error';
import { HttpFetcher } from '../../../src/jwt/http-fetcher.js';
import { closedPortUrl, generateRsaKey, rejectionOf, startJwksServer, startSilentServer, type JwksServer } from '../../support/jwt-fixtures.js';

let server: JwksServer;
let jwk: Record<string, string>;

beforeAll(async () => {
  jwk = generateRsaKey('key-1').jwk;
  server = await startJwksServer([jwk]);
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.setStatus(200);
  server.setRawBody(undefined);
});

describe('HttpFetcher', () => {
  it('GETs a plain-http URL (allowHttp) and returns the body as an ArrayBuffer', async () => {
    const before = server.fetches;
    const body = await new HttpFetcher({ allowHttp: true }).fetch(server.jwksUri);
    expect(body).toBeInstanceOf(ArrayBuffer);
    expect(JSON.parse(new TextDecoder().decode(body))).toEqual({ keys: [jwk] });
    expect(server.fetches - before).toBe(1);
    expect(server.requests.at(-1)).toBe(`GET ${new URL(server.jwksUri).pathname}`);
  });

  it.each([404, 500, 503])('throws a NonRetryableFetchError (a FetchError) on status %i', async (status) => {
    server.setStatus(status);
    const error = await rejectionOf(new HttpFetcher({ allowHttp: true }).fetch(server.jwksUri));
    expect(error).toBeInstanceOf(NonRetryableFetchError);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).toContain(`Status code is ${status}, expected 200`);
    expect((error as Error).message).toContain(server.jwksUri);
  });

  it('throws a (retryable) FetchError when the port is closed', async () => {
    const url = await closedPortUrl();
    const error = await rejectionOf(new HttpFetcher({ allowHttp: true }).fetch(url));
    expect(error).toBeInstanceOf(FetchError);
    expect(error).not.toBeInstanceOf(NonRetryableFetchError);
    expect((error as Error).message).toContain(url);
  });

  it('throws a FetchError when the URL is not fetchable at all', async () => {
    expect(await rejectionOf(new HttpFetcher({ allowHttp: true }).fetch('not a url'))).toBeInstanceOf(FetchError);
  });

  it('gives up after its time-out when the server never answers', async () => {
    const silent = await startSilentServer();
    try {
      const started = Date.now();
      const error = await rejectionOf(new HttpFetcher({ allowHttp: true, timeoutMs: 50 }).fetch(silent.url));
      expect(error).toBeInstanceOf(FetchError);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await silent.close();
    }
  });

  it('refuses http: unless allowHttp, without a request and without a retry', async () => {
    const before = server.fetches;
    const error = await rejectionOf(new HttpFetcher().fetch(server.jwksUri));
    expect(error).toBeInstanceOf(NonRetryableFetchError);
    expect((error as Error).message).toContain('https: only');
    expect(server.fetches - before).toBe(0);
  });

  it.each(['file:///etc/passwd', 'ftp://127.0.0.1/jwks.json'])('refuses %s even with allowHttp', async (url) => {
    const error = await rejectionOf(new HttpFetcher({ allowHttp: true }).fetch(url));
    expect(error).toBeInstanceOf(NonRetryableFetchError);
    expect((error as Error).message).toContain('not allowed');
  });

  it('retries once, immediately, after a retryable failure', async () => {
    let connections = 0;
    const flaky = createServer((request, response) => {
      connections += 1;
      if (connections === 1) {
        request.socket.destroy();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    try {
      const address = flaky.address() as { port: number };
      const body = await new HttpFetcher({ allowHttp: true }).fetch(`http://127.0.0.1:${address.port}/jwks.json`);
      expect(JSON.parse(new TextDecoder().decode(body))).toEqual({ keys: [] });
      expect(connections).toBe(2);
    } finally {
      flaky.closeAllConnections();
      await new Promise((resolve) => flaky.close(resolve));
    }
  });

  it("never uses Node's fetch (undici): the request goes through node:http", async () => {
    const spy = jest.spyOn(globalThis, 'fetch');
    try {
      await new HttpFetcher({ allowHttp: true }).fetch(server.jwksUri);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});
