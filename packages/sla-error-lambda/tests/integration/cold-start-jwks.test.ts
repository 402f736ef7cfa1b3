import { execFile } from 'node:child_process';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { unzipSync } from 'fflate';
import { httpApiEvent } from '@file-sla/local-stack';
import { BASE_ENV, CLIENT_ID, POOL_ID } from '../support/env.js';

// The cold path through the built bundle (dist/sla-error-lambda.zip), each case in a fresh
// process: with the pool's JWKS preloaded from COGNITO_JWKS a token of a known key costs no JWKS
// request; a kid the preloaded JWKS lacks costs exactly one; and no request ever goes through
// Node's fetch (undici is not even loaded). The routes answer 403 (no group) once the token is
// verified, so no DynamoDB is needed: 403 proves the token passed, 401 that it did not.

const run = promisify(execFile);
const CHILD = join(import.meta.dirname, '..', 'support', 'cold-start-child.mjs');
const ZIP = join(import.meta.dirname, '..', '..', '..', '..', 'dist', 'sla-error-lambda.zip');

interface Key {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, string>;
}
const rsaKey = (kid: string): Key => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { n, e } = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, jwk: { kty: 'RSA', n: String(n), e: String(e), kid, alg: 'RS256', use: 'sig' } };
};

let dir: string;
let bundle: string;
let server: Server;
let issuer: string;
let fetches = 0;
let published: Key;
let rotated: Key;
let unknown: Key;

const tokenOf = (key: Key, extra: Record<string, unknown> = {}): string => {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: 'cold-start-sub', iss: issuer, client_id: CLIENT_ID, token_use: 'access', username: 'svc-cold', exp: now + 600, iat: now - 5, ...extra };
  const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
};

const eventWith = (token: string): unknown =>
  httpApiEvent({ method: 'GET', path: '/sla-errors/0f1e2d3c4b5a69788796a5b4c3d2e1f0', headers: { authorization: `Bearer ${token}` } });

/** A DynamoDB that answers every call 200 with a body that is not JSON: the SDK fails to parse it, inside the bundle. */
const startGarbledDynamoDb = async (): Promise<{ endpoint: string; close: () => Promise<void> }> => {
  const garbled = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{"Item": not json'));
  });
  await new Promise<void>((resolve) => garbled.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(garbled.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => garbled.close(() => resolve())),
  };
};

/** One cold start: the status of each event, fetch() calls, undici loaded, and the JWKS requests it made. */
const coldStart = async (env: Record<string, string>, tokens: string[]) => {
  const before = fetches;
  const { stdout, stderr } = await run(process.execPath, [CHILD, bundle, JSON.stringify(tokens.map(eventWith))], {
    // As deployed: no --enable-source-maps (the logger maps stacks itself).
    env: { PATH: process.env.PATH ?? '', ...BASE_ENV, READER_GROUP: 'sla-readers', JWT_ISSUER: issuer, JWKS_URI: `${issuer}/.well-known/jwks.json`, ...env },
    timeout: 30_000,
  });
  const line = stdout.split('\n').find((text) => text.startsWith('COLD-START-RESULT '));
  if (!line) throw new Error(`no result from the child:\n${stdout}`);
  const result = JSON.parse(line.slice('COLD-START-RESULT '.length)) as { statusCodes: number[]; fetchCalls: number; loadedBeforeImport: boolean; undiciLoaded: boolean };
  return { ...result, jwksRequests: fetches - before, log: `${stdout}\n${stderr}` };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sla-cold-start-'));
  for (const [file, content] of Object.entries(unzipSync(new Uint8Array(await readFile(ZIP))))) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), content);
  }
  bundle = join(dir, 'index.mjs');
  [published, rotated, unknown] = [rsaKey('published-key'), rsaKey('rotated-key'), rsaKey('unknown-key')];
  server = createServer((request, response) => {
    if (request.url !== `/${POOL_ID}/.well-known/jwks.json`) {
      response.writeHead(404).end();
      return;
    }
    fetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [published.jwk, rotated.jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${POOL_ID}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('cold start of the built bundle with COGNITO_JWKS', () => {
  it('preloaded: the first request verifies its token with 0 JWKS requests, and undici is never loaded', async () => {
    const result = await coldStart({ COGNITO_JWKS: JSON.stringify({ keys: [published.jwk] }) }, [tokenOf(published), tokenOf(published)]);
    expect(result.statusCodes).toEqual([403, 403]);
    expect(result.jwksRequests).toBe(0);
    expect(result.fetchCalls).toBe(0);
    expect(result.loadedBeforeImport).toBe(false);
    expect(result.undiciLoaded).toBe(false);
  });

  it('a kid the preloaded JWKS lacks: 1 JWKS request (over node:http, not fetch), then the rotated key verifies', async () => {
    const result = await coldStart({ COGNITO_JWKS: JSON.stringify({ keys: [published.jwk] }) }, [tokenOf(rotated), tokenOf(published), tokenOf(rotated)]);
    expect(result.statusCodes).toEqual([403, 403, 403]);
    expect(result.jwksRequests).toBe(1);
    expect(result.fetchCalls).toBe(0);
    expect(result.undiciLoaded).toBe(false);
  });

  it('an unknown kid: 1 JWKS request, 401; the next unknown kid waits in the penalty box (no request)', async () => {
    const result = await coldStart({ COGNITO_JWKS: JSON.stringify({ keys: [published.jwk] }) }, [tokenOf(unknown), tokenOf(unknown), tokenOf(published)]);
    expect(result.statusCodes).toEqual([401, 401, 403]);
    expect(result.jwksRequests).toBe(1);
    expect(result.undiciLoaded).toBe(false);
  });

  it('no COGNITO_JWKS: the first request fetches the JWKS once (over node:http), later ones use the cache', async () => {
    const result = await coldStart({}, [tokenOf(published), tokenOf(published)]);
    expect(result.statusCodes).toEqual([403, 403]);
    expect(result.jwksRequests).toBe(1);
    expect(result.undiciLoaded).toBe(false);
  });

  it('an unusable COGNITO_JWKS: a warning at init, then as without one — the right answers', async () => {
    const result = await coldStart({ COGNITO_JWKS: '{"keys": [' }, [tokenOf(published), tokenOf(published), tokenOf(unknown)]);
    expect(result.statusCodes).toEqual([403, 403, 401]);
    // The first token's fetch, and the unknown kid's.
    expect(result.jwksRequests).toBe(2);
    const warning = result.log.split('\n').find((line) => line.includes('COGNITO_JWKS ignored'));
    expect(warning && JSON.parse(warning)).toMatchObject({ level: 'WARN', service: 'sla-error-lambda' });
  });

  it('a fault of ours logs a stack naming source files and lines, without --enable-source-maps', async () => {
    const dynamodb = await startGarbledDynamoDb();
    const result = await coldStart({ COGNITO_JWKS: JSON.stringify({ keys: [published.jwk] }), DYNAMODB_ENDPOINT: dynamodb.endpoint }, [
      tokenOf(published, { 'cognito:groups': ['sla-readers'] }),
    ]).finally(() => dynamodb.close());
    expect(result.statusCodes).toEqual([500]);
    const errorLine = result.log.split('\n').find((line) => line.includes('"level":"ERROR"'));
    expect(errorLine).toBeDefined();
    const logged = JSON.stringify(JSON.parse(errorLine as string));
    expect(logged).toMatch(/(packages|node_modules)\/[^"]+\.(ts|js):\d+:\d+/);
    expect(logged).not.toMatch(/index\.mjs:\d+:\d+/);
  });
});
