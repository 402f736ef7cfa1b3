import { globalAgent as httpAgent } from 'node:http';
import { NonRetryableFetchError } from 'aws-jwt-verify/error';
import { SimpleFetcher } from 'aws-jwt-verify/https';

type FetchRequestOptions = Parameters<SimpleFetcher['fetch']>[1];

/** Options for {@link HttpFetcher}. */
export interface HttpFetcherOptions {
  /** Give up on one attempt when the whole answer has not come within this many ms. Default 3,000. */
  timeoutMs?: number | undefined;
  /** Also fetch `http:` URLs — a local issuer (emulator) only. Default `false`: `https:` only. */
  allowHttp?: boolean | undefined;
}

/**
 * The JWKS fetcher for aws-jwt-verify: its own `SimpleFetcher` (`node:https`, one immediate retry
 * unless the error is a {@link NonRetryableFetchError}, a status other than 200 is one), the HTTP
 * stack the AWS SDK uses too — Node's `fetch` (undici) is never loaded. With `allowHttp`, an
 * `http:` URL (a local emulator) goes through `node:http`: `https.request` with an `http.Agent`
 * speaks plain http. A URL it may not fetch is refused before any request.
 *
 * @example
 * ```ts
 * import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
 * const jwksCache = new SimpleJwksCache({ fetcher: new HttpFetcher({ timeoutMs: 2_000 }) });
 * ```
 */
export class HttpFetcher extends SimpleFetcher {
  private readonly allowHttp: boolean;

  constructor({ timeoutMs = 3_000, allowHttp = false }: HttpFetcherOptions = {}) {
    super({ defaultRequestOptions: { timeout: timeoutMs, responseTimeout: timeoutMs } });
    this.allowHttp = allowHttp;
  }

  override async fetch(uri: string, requestOptions?: FetchRequestOptions, data?: ArrayBuffer): Promise<ArrayBuffer> {
    const protocol = URL.parse(uri)?.protocol;
    if (protocol === 'http:' && this.allowHttp) return super.fetch(uri, { agent: httpAgent, ...requestOptions }, data);
    if (protocol === 'https:') return super.fetch(uri, requestOptions, data);
    throw new NonRetryableFetchError(uri, protocol ? `Protocol ${protocol} not allowed (${this.allowHttp ? 'http: or https:' : 'https: only'})` : 'Not an absolute URL');
  }
}
