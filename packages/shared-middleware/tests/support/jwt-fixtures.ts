/**
 * Test helpers for the JWT code: RSA keys, JWTs signed by hand with node:crypto, and a JWKS
 * served over plain http on 127.0.0.1 that counts how often it is fetched.
 */
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Issuer, app client and pool the test tokens are minted for. */
export const TEST_POOL_ID = 'local_TestPool1';
export const TEST_CLIENT_ID = 'test-client-id';

/** One RSA signing key with its public JWK. */
export interface RsaKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as SPKI PEM (what an HS256 key-confusion attack uses as HMAC secret). */
  publicPem: string;
  /** The public JWK as a JWKS lists it (`kid`, `alg: RS256`, `use: sig`). */
  jwk: Record<string, string>;
}

/** Generates a 2048-bit RSA key pair (takes ~100 ms; do it once per file in `beforeAll`). */
export const generateRsaKey = (kid: string): RsaKey => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const exported = publicKey.export({ format: 'jwk' });
  return {
    kid,
    privateKey,
    publicKey,
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    jwk: { kty: 'RSA', n: String(exported.n), e: String(exported.e), kid, alg: 'RS256', use: 'sig' },
  };
};

export const base64url = (input: string | Buffer): string => Buffer.from(input).toString('base64url');

const encodeParts = (header: object, payload: object): string =>
  `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;

/** Signs `payload` with RS256; the header gets `kid` of `key` unless `header` overrides it. */
export const signRs256 = (payload: object, key: RsaKey, header: Record<string, unknown> = {}): string => {
  const input = encodeParts({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header }, payload);
  return `${input}.${base64url(sign('sha256', Buffer.from(input), key.privateKey))}`;
};

/** Signs with HS256, using `secret` as the HMAC key (e.g. the RSA public key PEM). */
export const signHs256 = (payload: object, secret: string | Buffer, header: Record<string, unknown> = {}): string => {
  const input = encodeParts({ alg: 'HS256', typ: 'JWT', ...header }, payload);
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

/** An `alg: none` token: header.payload. plus whatever `signature` is given (default empty). */
export const unsignedJwt = (payload: object, header: Record<string, unknown> = {}, signature = ''): string =>
  `${encodeParts({ alg: 'none', typ: 'JWT', ...header }, payload)}.${signature}`;

/** Replaces the payload of a signed token, keeping its header and original signature. */
export const withPayload = (token: string, payload: object): string => {
  const [header, , signature] = token.split('.');
  return `${header}.${base64url(JSON.stringify(payload))}.${signature}`;
};

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Claims of a valid Cognito access token for `issuer`; `overrides` replace or add claims. */
export const accessClaims = (issuer: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => {
  const now = nowSeconds();
  return {
    sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    iss: issuer,
    client_id: TEST_CLIENT_ID,
    origin_jti: 'origin-jti',
    event_id: 'event-id',
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: now - 10,
    exp: now + 3600,
    iat: now - 10,
    jti: 'jti-1',
    username: 'svc-monitor',
    ...overrides,
  };
};

/** Claims of a Cognito id token (audience instead of client_id) for `issuer`. */
export const idClaims = (issuer: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => {
  const now = nowSeconds();
  return {
    sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    aud: TEST_CLIENT_ID,
    iss: issuer,
    token_use: 'id',
    auth_time: now - 10,
    exp: now + 3600,
    iat: now - 10,
    'cognito:username': 'svc-monitor',
    ...overrides,
  };
};

/** A JWKS endpoint on 127.0.0.1 that counts its fetches. */
export interface JwksServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The issuer its tokens carry: `<origin>/<pool id>`. */
  issuer: string;
  /** `<issuer>/.well-known/jwks.json` */
  jwksUri: string;
  /** Requests served on the JWKS path so far. */
  readonly fetches: number;
  /** Every request path seen, with its method. */
  readonly requests: readonly string[];
  /** The keys it serves from now on. */
  setKeys(keys: readonly Record<string, string>[]): void;
  /** Answer with this status (and a non-JWKS body) from now on; `200` restores the JWKS. */
  setStatus(status: number): void;
  /** Serve this raw body (e.g. malformed JSON) with status 200 from now on; `undefined` restores. */
  setRawBody(body: string | undefined): void;
  close(): Promise<void>;
}

const listen = async (server: Server): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

const closeServer = async (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** Starts a JWKS server with `keys`. Close it in `afterAll`. */
export const startJwksServer = async (keys: readonly Record<string, string>[]): Promise<JwksServer> => {
  let current = [...keys];
  let status = 200;
  let rawBody: string | undefined;
  let fetches = 0;
  const requests: string[] = [];
  let jwksPath = '';

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
    if (req.url !== jwksPath) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    fetches += 1;
    if (status !== 200) {
      res.writeHead(status, { 'content-type': 'text/plain' }).end('server error');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(rawBody ?? JSON.stringify({ keys: current }));
  });
  const port = await listen(server);
  const origin = `http://127.0.0.1:${port}`;
  const issuer = `${origin}/${TEST_POOL_ID}`;
  jwksPath = `/${TEST_POOL_ID}/.well-known/jwks.json`;

  return {
    origin,
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    get fetches() {
      return fetches;
    },
    requests,
    setKeys: (next) => {
      current = [...next];
    },
    setStatus: (next) => {
      status = next;
    },
    setRawBody: (next) => {
      rawBody = next;
    },
    close: () => closeServer(server),
  };
};

/** An http server that accepts requests and never answers (for time-out tests). */
export const startSilentServer = async (): Promise<{ url: string; close(): Promise<void> }> => {
  const server = createServer(() => {
    // Never respond.
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/jwks.json`, close: () => closeServer(server) };
};

/** A URL on 127.0.0.1 whose port was just free and is closed now: connecting is refused. */
export const closedPortUrl = async (path = `/${TEST_POOL_ID}/.well-known/jwks.json`): Promise<string> => {
  const server = createServer();
  const port = await listen(server);
  await closeServer(server);
  return `http://127.0.0.1:${port}${path}`;
};

/** Awaits `promise` and returns what it rejected with; fails if it resolved. */
export const rejectionOf = async (promise: Promise<unknown> | unknown): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected a rejection, but the promise resolved');
};
