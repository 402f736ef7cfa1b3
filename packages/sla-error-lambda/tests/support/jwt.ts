/**
 * Real access tokens for the handler tests: an RSA key generated in the test, tokens signed by hand
 * with node:crypto, and the JWKS served over http on 127.0.0.1 (port 0), so that the handler's
 * verifier (aws-jwt-verify with the local-issuer settings `JWT_ISSUER`/`JWKS_URI`) really verifies.
 * (The same approach as shared-middleware's `tests/support/jwt-fixtures.ts`, trimmed to what is used here.)
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLIENT_ID, POOL_ID } from './env.js';

const base64url = (input: string | Buffer): string => Buffer.from(input).toString('base64url');

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** The user the default token belongs to (stored as `submittedBy`). */
export const USERNAME = 'svc-file-monitor';

/** A local issuer: its JWKS server and a signer of access tokens. */
export interface TokenIssuer {
  /** `http://127.0.0.1:<port>/<pool id>` */
  issuer: string;
  /** `<issuer>/.well-known/jwks.json` */
  jwksUri: string;
  /** `JWT_ISSUER` and `JWKS_URI` of this issuer. */
  env: { JWT_ISSUER: string; JWKS_URI: string };
  /** JWKS requests served so far. */
  readonly fetches: number;
  /** A signed access token for `CLIENT_ID`; `overrides` replace or add claims (`undefined` removes one). */
  accessToken(overrides?: Record<string, unknown>): string;
  /** A token signed by a key this issuer does not publish. */
  foreignToken(overrides?: Record<string, unknown>): string;
  close(): Promise<void>;
}

interface RsaKey {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, string>;
}

const generateRsaKey = (kid: string): RsaKey => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const exported = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, jwk: { kty: 'RSA', n: String(exported.n), e: String(exported.e), kid, alg: 'RS256', use: 'sig' } };
};

const signRs256 = (payload: object, key: RsaKey): string => {
  const input = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid }))}.${base64url(JSON.stringify(payload))}`;
  return `${input}.${base64url(sign('sha256', Buffer.from(input), key.privateKey))}`;
};

const accessClaims = (issuer: string, overrides: Record<string, unknown>): Record<string, unknown> => {
  const now = nowSeconds();
  const claims: Record<string, unknown> = {
    sub: '0f1e2d3c-4b5a-4697-8877-665544332211',
    iss: issuer,
    client_id: CLIENT_ID,
    origin_jti: 'origin-jti-1',
    event_id: 'event-id-1',
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: now - 10,
    exp: now + 3600,
    iat: now - 10,
    jti: 'jti-1',
    username: USERNAME,
    ...overrides,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return claims;
};

const listen = async (server: Server): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

/** Generates a key (~100 ms: once per file, in `beforeAll`) and serves its JWKS. Close it in `afterAll`. */
export const startTokenIssuer = async (): Promise<TokenIssuer> => {
  const key = generateRsaKey('unit-test-key-1');
  const foreign = generateRsaKey('unit-test-key-1');
  const jwksPath = `/${POOL_ID}/.well-known/jwks.json`;
  let fetches = 0;
  const server = createServer((req, res) => {
    if (req.url !== jwksPath) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    fetches += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [key.jwk] }));
  });
  const port = await listen(server);
  const issuer = `http://127.0.0.1:${port}/${POOL_ID}`;
  const jwksUri = `${issuer}/.well-known/jwks.json`;
  return {
    issuer,
    jwksUri,
    env: { JWT_ISSUER: issuer, JWKS_URI: jwksUri },
    get fetches() {
      return fetches;
    },
    accessToken: (overrides = {}) => signRs256(accessClaims(issuer, overrides), key),
    foreignToken: (overrides = {}) => signRs256(accessClaims(issuer, overrides), foreign),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
