import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { FetchError, NonRetryableFetchError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';

/** Options for {@link HttpFetcher}. */
export interface HttpFetcherOptions {
  /** Give up on one attempt after this many ms without an answer (connect, idle or whole response). Default 3,000. */
  timeoutMs?: number;
  /** Also fetch `http:` URLs — a local issuer (emulator) only. Default `false`: `https:` only. */
  allowHttp?: boolean;
  /** Largest response body accepted, in bytes (default 1 MiB; a JWKS is about 1 KiB). */
  maxBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 3_000;
const DEFAULT_MAX_BYTES = 1024 * 1024;

/**
 * The JWKS fetcher for aws-jwt-verify over `node:https` (and `node:http` for a local issuer): the
 * HTTP stack the AWS SDK uses too, so that no second HTTP client (Node's `fetch`, i.e. undici and
 * its WebAssembly parser) is ever loaded. Like aws-jwt-verify's own `SimpleFetcher`: one immediate
 * retry unless the error is a {@link NonRetryableFetchError} (a status other than 200, a URL it may
 * not fetch, a body too large); every failure is a `FetchError` naming the URL.
 *
 * @example
 * ```ts
 * import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
 * const jwksCache = new SimpleJwksCache({ fetcher: new HttpFetcher({ timeoutMs: 2_000 }) });
 * ```
 */
export class HttpFetcher implements Fetcher {
  private readonly timeoutMs: number;
  private readonly allowHttp: boolean;
  private readonly maxBytes: number;

  constructor(options: HttpFetcherOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.allowHttp = options.allowHttp ?? false;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  async fetch(uri: string): Promise<ArrayBuffer> {
    try {
      return await this.fetchOnce(uri);
    } catch (error) {
      if (error instanceof NonRetryableFetchError) throw error;
      return this.fetchOnce(uri);
    }
  }

  private fetchOnce(uri: string): Promise<ArrayBuffer> {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return Promise.reject(new NonRetryableFetchError(uri, 'Not an absolute URL'));
    }
    const request = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' && this.allowHttp ? httpRequest : undefined;
    if (!request) {
      return Promise.reject(new NonRetryableFetchError(uri, `Protocol ${url.protocol} not allowed (${this.allowHttp ? 'http: or https:' : 'https: only'})`));
    }
    return new Promise<ArrayBuffer>((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | undefined, body?: ArrayBuffer): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        if (error) {
          req.destroy();
          reject(error instanceof FetchError ? error : new FetchError(uri, error.message));
        } else {
          resolve(body as ArrayBuffer);
        }
      };
      const onResponse = (response: IncomingMessage): void => {
        if (response.statusCode !== 200) {
          response.resume();
          finish(new NonRetryableFetchError(uri, `Status code is ${response.statusCode}, expected 200`));
          return;
        }
        const chunks: Buffer[] = [];
        let length = 0;
        response.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (length > this.maxBytes) finish(new NonRetryableFetchError(uri, `Response larger than ${this.maxBytes} bytes`));
          else chunks.push(chunk);
        });
        response.on('error', (error) => finish(error));
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          finish(undefined, body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
        });
      };
      // `timeout` below is the socket's idle time-out; this one bounds the whole attempt.
      const deadline = setTimeout(() => finish(new FetchError(uri, `No complete answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      deadline.unref();
      const req = request(url, { method: 'GET', headers: { accept: 'application/json' }, timeout: this.timeoutMs }, onResponse);
      req.on('timeout', () => finish(new FetchError(uri, `Socket idle for ${this.timeoutMs} ms`)));
      req.on('error', (error) => finish(error));
      req.end();
    });
  }
}
