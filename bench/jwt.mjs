// An RSA signing key of our own: the fake JWKS serves its public half, the bench signs the
// Cognito-style access tokens the sla function verifies.
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';

const base64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/**
 * Creates an RS256 signing key with its key id.
 * @returns {{ kid: string, privateKey: import('node:crypto').KeyObject, jwks: { keys: object[] } }}
 */
export const createSigningKey = () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `bench-${randomUUID()}`;
  return { kid, privateKey, jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] } };
};

/**
 * Signs a JWT with RS256.
 * @param {{ kid: string, privateKey: import('node:crypto').KeyObject }} key
 * @param {Record<string, unknown>} payload
 * @returns {string}
 */
export const signJwt = ({ kid, privateKey }, payload) => {
  const input = `${base64url({ kid, alg: 'RS256', typ: 'JWT' })}.${base64url(payload)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url');
  return `${input}.${signature}`;
};

/**
 * A Cognito access token (token_use `access`) valid for a year.
 * @param {{ kid: string, privateKey: import('node:crypto').KeyObject }} key
 * @param {{ issuer: string, clientId: string, username: string, groups?: string[] }} claims
 * @returns {string}
 */
export const signAccessToken = (key, { issuer, clientId, username, groups }) => {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(key, {
    sub: randomUUID(),
    ...(groups && groups.length > 0 ? { 'cognito:groups': groups } : {}),
    iss: issuer,
    client_id: clientId,
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: now,
    iat: now,
    exp: now + 365 * 86_400,
    jti: randomUUID(),
    username,
  });
};

/**
 * A Cognito id token (token_use `id`), only as realistic payload for the fake Cognito's answers.
 * @param {{ kid: string, privateKey: import('node:crypto').KeyObject }} key
 * @param {{ issuer: string, clientId: string, username: string }} claims
 * @returns {string}
 */
export const signIdToken = (key, { issuer, clientId, username }) => {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(key, {
    sub: randomUUID(),
    aud: clientId,
    iss: issuer,
    token_use: 'id',
    'cognito:username': username,
    auth_time: now,
    iat: now,
    exp: now + 3600,
  });
};
