import { AdminDisableUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { captureProcessOutput, ensureCognitoSetup, ensureServiceAccount, type CognitoSetup, type OutputCapture } from '@file-sla/local-stack';
import {
  attackerKey,
  decodeJwt,
  emulatorSigner,
  nowSeconds,
  signHs256,
  signRs256,
  unsignedJwt,
  withPayload,
  type Claims,
  type EmulatorSigner,
} from '../support/forged-tokens.js';
import { READER, startLocalServices, WRITER, type Answer, type LocalServices, type Tokens } from '../support/local-services.js';

// JWT attacks end to end: forged, foreign and misused tokens through the built bundle of the SLA
// error function (dist/sla-error-lambda.zip) against cognito-local and DynamoDB Local. The
// function fetches the pool's JWKS through a counting proxy in front of the emulator.
//
// Tokens the emulator will not issue (expired, not yet valid, wrong issuer…) are signed with the
// emulator's own key: cognito-local ships it in its package (lib/keys/cognitoLocal.private.json)
// and signs every token of every pool with it (kid "CognitoLocal"), so these are exactly the
// tokens it would have issued with those claims — the function verifies them against the
// emulator's real JWKS, no stand-in issuer needed.

const SOURCE = 'jwt-attacks';
/** An account that logs in, then is disabled. */
const LEAVER = { username: 'svc-sla-leaver', password: 'Leaver-Passw0rd!9' } as const;

let capture: OutputCapture;
let services: LocalServices;
let signer: EmulatorSigner;
let writer: Tokens;
let claims: Claims;
let otherClient: CognitoSetup;
let otherPool: CognitoSetup;
/** Every secret the log must not contain: passwords, client secrets, every token sent or received. */
const secrets = new Set<string>([WRITER.password, READER.password, LEAVER.password]);
/** Printed once the capture is off (it would swallow console output). */
const notes: string[] = [];

const keep = (token: string): string => {
  secrets.add(token);
  const signature = token.split('.')[2];
  if (signature && signature.length >= 16) secrets.add(signature);
  return token;
};
const keepTokens = (tokens: Tokens): Tokens => {
  for (const token of [tokens.accessToken, tokens.idToken, tokens.refreshToken]) keep(token);
  return tokens;
};

const jwksFetches = (): number =>
  services.cognitoProxy!.requests.filter((request) => request.method === 'GET' && request.url.endsWith('/.well-known/jwks.json')).length;

const report = (label: string) => ({
  fileName: `ATTACK_${label.replace(/\W+/g, '_').toUpperCase()}.csv`,
  sourceSystem: SOURCE,
  slaDeadline: '2026-11-24T06:00:00Z',
  errorType: 'MISSING',
  errorMessage: `Sent with: ${label}.`,
});

const post = (label: string, authorization: string | undefined, handler = services.slaErrors): Promise<Answer> =>
  services.call({ method: 'POST', path: '/sla-errors', headers: authorization === undefined ? {} : { authorization }, body: JSON.stringify(report(label)), handler });

const storedFor = async (label: string): Promise<Record<string, unknown>[]> =>
  (await services.tableItems()).filter((item) => item.fileName === report(label).fileName);

beforeAll(async () => {
  capture = captureProcessOutput();
  services = await startLocalServices({ LOG_LEVEL: 'DEBUG', POWERTOOLS_LOGGER_LOG_EVENT: 'true' }, { proxies: true });
  secrets.add(services.cognito.clientSecret);
  signer = await emulatorSigner();
  writer = keepTokens(await services.loginTokens());
  claims = decodeJwt(writer.accessToken).payload;

  // A second app client of the same pool, and a second pool (same emulator, same signing key,
  // same username and group name): only `client_id` and `iss` tell their tokens apart.
  otherClient = await ensureCognitoSetup(services.admin, services.cognito.endpoint, { poolName: 'sla-it', clientName: 'sla-it-other-client', groups: [] });
  otherPool = await ensureCognitoSetup(services.admin, services.cognito.endpoint, {
    poolName: 'sla-it-other-pool',
    clientName: 'sla-it-other-pool-client',
    groups: ['sla-writers'],
  });
  await ensureServiceAccount(services.admin, otherPool.userPoolId, { ...WRITER, permanent: true, groups: ['sla-writers'] });
  secrets.add(otherClient.clientSecret);
  secrets.add(otherPool.clientSecret);
}, 90_000);

afterAll(async () => {
  capture?.restore();
  // The observed outcomes, for the test output (after the capture, which would swallow them).
  // eslint-disable-next-line no-console
  for (const note of notes) console.log(note);
  await services?.stop();
});

describe('the emulator key', () => {
  it('signs what the emulator signs: the forgeries below fail for what they change, not for their signature', async () => {
    // RS256 is deterministic: the emulator's own access token, reproduced byte for byte.
    expect(signer.sign(claims)).toBe(writer.accessToken);
    const control = keep(signer.sign({ ...claims, jti: 'control-jti' }));
    const response = await post('control, re-signed', `Bearer ${control}`);
    expect(response.statusCode).toBe(200);
    expect(await storedFor('control, re-signed')).toHaveLength(1);
  });
});

describe('tokens the SLA error function must refuse (401, WWW-Authenticate: Bearer, nothing written)', () => {
  const now = nowSeconds();
  // [what is sent, the Authorization header, what the 401 says when it is specific]
  const cases: Array<[label: string, authorization: () => Promise<string> | string, detail?: RegExp]> = [
    ['no Authorization header', () => '', /^Missing access token/],
    ['expired', () => `Bearer ${keep(signer.sign({ ...claims, iat: now - 7200, auth_time: now - 7200, exp: now - 60 }))}`, /has expired/],
    ['nbf in the future', () => `Bearer ${keep(signer.sign({ ...claims, nbf: now + 3600 }))}`],
    ['iat and nbf in the future', () => `Bearer ${keep(signer.sign({ ...claims, iat: now + 3600, nbf: now + 3600, exp: now + 7200 }))}`],
    ['wrong iss (another pool id)', () => `Bearer ${keep(signer.sign({ ...claims, iss: `${services.cognito.endpoint}/local_0ther9ool` }))}`],
    ['wrong iss (real Cognito)', () => `Bearer ${keep(signer.sign({ ...claims, iss: `https://cognito-idp.eu-central-1.amazonaws.com/${services.cognito.userPoolId}` }))}`],
    ['no iss', () => `Bearer ${keep(signer.sign({ ...claims, iss: undefined }))}`],
    ['wrong client_id (forged)', () => `Bearer ${keep(signer.sign({ ...claims, client_id: 'another-app-client' }))}`, /another app client/],
    [
      'wrong client_id (a real token of another app client of the pool)',
      async () => `Bearer ${keepTokens(await services.loginWithClient(otherClient, WRITER)).accessToken}`,
      /another app client/,
    ],
    ['id token instead of access token', () => `Bearer ${writer.idToken}`, /not the id token/],
    ['refresh token instead of access token', () => `Bearer ${writer.refreshToken}`],
    ['token_use id on an access token', () => `Bearer ${keep(signer.sign({ ...claims, token_use: 'id' }))}`, /not the id token/],
    ['alg none', () => `Bearer ${keep(unsignedJwt(claims, { kid: signer.kid }))}`],
    ['alg none with the original signature', () => `Bearer ${keep(unsignedJwt(claims, { kid: signer.kid }, writer.accessToken.split('.')[2]))}`],
    ['alg NONE', () => `Bearer ${keep(unsignedJwt(claims, { alg: 'NONE', kid: signer.kid }))}`],
    ['HS256 signed with the pool public key (SPKI PEM)', () => `Bearer ${keep(signHs256(claims, signer.publicPems[0]!, { kid: signer.kid }))}`],
    ['HS256 signed with the pool public key (PKCS#1 PEM)', () => `Bearer ${keep(signHs256(claims, signer.publicPems[1]!, { kid: signer.kid }))}`],
    ['unknown kid', () => `Bearer ${keep(signRs256(claims, attackerKey(), 'attacker-key-1'))}`],
    ['another key under the pool kid', () => `Bearer ${keep(signRs256(claims, attackerKey(), signer.kid))}`],
    ['no kid', () => `Bearer ${keep(signer.sign(claims, { kid: undefined }))}`],
    ['tampered payload (other user, extra group)', () => `Bearer ${keep(withPayload(writer.accessToken, { ...claims, username: 'svc-admin', 'cognito:groups': ['sla-writers', 'admins'] }))}`],
    ['tampered payload (later exp)', () => `Bearer ${keep(withPayload(writer.accessToken, { ...claims, exp: Number(claims.exp) + 86_400 }))}`],
    ['token of another user pool of the same emulator', async () => `Bearer ${keepTokens(await services.loginWithClient(otherPool, WRITER)).accessToken}`],
    [
      // A validly signed, unexpired token: refused for its size alone, without being parsed.
      'Authorization header over 8 KiB',
      () => `Bearer ${keep(signer.sign({ ...claims, padding: 'x'.repeat(9 * 1024) }))}`,
      /^The Authorization header is too large\.$/,
    ],
    ['Bearer with no token', () => 'Bearer ', /^Malformed Authorization header/],
    ['two tokens', () => `Bearer ${writer.accessToken} ${writer.accessToken}`, /^Malformed Authorization header/],
    ['Basic scheme', () => `Basic ${keep(Buffer.from(`${WRITER.username}:${WRITER.password}`).toString('base64'))}`, /^Malformed Authorization header/],
    ['garbage', () => 'Bearer not.a.jwt'],
  ];

  it.each(cases)('%s', async (label, authorization, detail = /^The access token is invalid\.$/) => {
    const header = await authorization();
    const response = await post(label, header === '' ? undefined : header);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer\b/);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.json).toMatchObject({ status: 401, type: expect.stringMatching(/unauthorized$/) });
    expect(response.json.detail).toMatch(detail);
    expect(await storedFor(label)).toEqual([]);
  });

  it('refuses a token without the writer group with 403, and writes nothing', async () => {
    const readerToken = keep(await services.login(READER));
    const response = await post('reader without the writer group', `Bearer ${readerToken}`);
    expect(response.statusCode).toBe(403);
    expect(response.json).toMatchObject({ status: 403, type: expect.stringMatching(/forbidden$/), detail: expect.stringContaining('sla-writers') });
    expect(await storedFor('reader without the writer group')).toEqual([]);
    // And the other way round: the writer may not read (READER_GROUP).
    const read = await services.call({ method: 'GET', path: '/sla-errors', query: `sourceSystem=${SOURCE}&fileName=x.csv`, token: writer.accessToken });
    expect(read.statusCode).toBe(403);
  });

  it('still accepts the genuine token (the attacks poisoned nothing)', async () => {
    const response = await post('genuine token', `Bearer ${writer.accessToken}`);
    expect(response.statusCode).toBe(200);
    expect(response.json.status).toBe('created');
    expect(await storedFor('genuine token')).toHaveLength(1);
  });
});

describe('a user disabled after login', () => {
  it('keeps a working access token until it expires (verification is offline; see README, Security notes)', async () => {
    await ensureServiceAccount(services.admin, services.cognito.userPoolId, { ...LEAVER, permanent: true, groups: ['sla-writers'] });
    const tokens = keepTokens(await services.loginTokens(LEAVER));
    await services.admin.send(new AdminDisableUserCommand({ UserPoolId: services.cognito.userPoolId, Username: LEAVER.username }));

    // Accepted: an access token is verified offline — signature against the cached JWKS, then
    // iss, exp, token_use, client_id and group — and Cognito is never asked whether the user is
    // still enabled. Disabling a user (or a global sign-out) takes effect only when the access
    // tokens already issued expire; hence a short access-token validity.
    const response = await post('disabled user', `Bearer ${tokens.accessToken}`);
    expect(response.statusCode).toBe(200);
    expect(response.json.status).toBe('created');
    const [stored] = await storedFor('disabled user');
    expect(stored).toMatchObject({ submittedBy: LEAVER.username });
    expect(decodeJwt(tokens.accessToken).payload.exp).toBeGreaterThan(nowSeconds());
  });
});

describe('1,000 tokens with random kids', () => {
  it('are all refused with 401, and make no more than a handful of JWKS fetches', async () => {
    // A cold function (a new container): its first request has to fetch the JWKS at all.
    const cold = await services.coldSlaErrors();
    const before = jwksFetches();
    const key = attackerKey();
    const tokens = Array.from({ length: 1000 }, () => signRs256({ ...claims, jti: randomUUID() }, key, randomUUID()));
    const statuses: number[] = [];
    const concurrency = 25;
    for (let start = 0; start < tokens.length; start += concurrency) {
      const answers = await Promise.all(tokens.slice(start, start + concurrency).map((token) => post('random kid', `Bearer ${token}`, cold)));
      statuses.push(...answers.map((answer) => answer.statusCode));
    }
    const fetches = jwksFetches() - before;
    notes.push(`1,000 random kids: ${fetches} JWKS fetch(es); statuses ${JSON.stringify(Object.fromEntries(statuses.map((s) => [s, statuses.filter((t) => t === s).length])))}`);
    expect(statuses).toHaveLength(1000);
    expect(statuses.every((status) => status === 401)).toBe(true);
    expect(fetches).toBeGreaterThanOrEqual(1);
    expect(fetches).toBeLessThanOrEqual(5);
    expect(await storedFor('random kid')).toEqual([]);
    for (const token of tokens.slice(0, 20)) keep(token);

    // The genuine kid is still served (from the cache the first fetch filled), at no extra fetch.
    const genuine = await post('after random kids', `Bearer ${writer.accessToken}`, cold);
    expect(genuine.statusCode).toBe(200);
    expect(jwksFetches() - before).toBe(fetches);
  }, 60_000);
});

describe('the log of all of the above', () => {
  it('holds no password, token or client secret', () => {
    const log = capture.text();
    expect(log).toContain('Request refused');
    const leaked = [...secrets].filter((secret) => log.includes(secret));
    expect(leaked).toEqual([]);
    // Nothing shaped like a JWT at all (the random-kid tokens included).
    expect(log).not.toMatch(/eyJ[\w-]{8,}\.eyJ[\w-]{8,}/);
  });
});
