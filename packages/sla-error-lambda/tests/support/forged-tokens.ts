/**
 * Tokens an attacker (or a test) makes by hand, for the end-to-end JWT attack tests: re-signed with
 * cognito-local's own key (which its package ships, so realistic tokens of the emulator's `kid`
 * can be made with any claims), signed with a key of one's own, `alg: none`, HS256 with the
 * public key as HMAC secret, or a real token with its payload swapped.
 */
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { cognitoEmulatorSigningKey } from '@file-sla/local-stack';

export type Claims = Record<string, unknown>;

const base64url = (input: string | Buffer): string => Buffer.from(input).toString('base64url');
const encode = (header: object, payload: object): string => `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Header and payload of a JWT, decoded without any check. */
export const decodeJwt = (token: string): { header: Claims; payload: Claims } => {
  const [header = '', payload = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Claims,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims,
  };
};

/** Signs `payload` with RS256 and `key`; `header` adds to or overrides `{alg, typ, kid}`. */
export const signRs256 = (payload: Claims, key: KeyObject, kid: string, header: Claims = {}): string => {
  const input = encode({ alg: 'RS256', typ: 'JWT', kid, ...header }, payload);
  return `${input}.${base64url(sign('sha256', Buffer.from(input), key))}`;
};

/** HS256 with `secret` as the HMAC key (the key-confusion attack uses the RSA public key). */
export const signHs256 = (payload: Claims, secret: string | Buffer, header: Claims = {}): string => {
  const input = encode({ alg: 'HS256', typ: 'JWT', ...header }, payload);
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

/** `alg: none`: header.payload. and `signature` (default empty). */
export const unsignedJwt = (payload: Claims, header: Claims = {}, signature = ''): string =>
  `${encode({ alg: 'none', typ: 'JWT', ...header }, payload)}.${signature}`;

/** A signed token with its payload replaced, header and signature kept. */
export const withPayload = (token: string, payload: Claims): string => {
  const [header, , signature] = token.split('.');
  return `${header}.${base64url(JSON.stringify(payload))}.${signature}`;
};

/** An RSA key of the attacker's own. */
export const attackerKey = (): KeyObject => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

/** The emulator's signing key: signs tokens cognito-local would have issued, with any claims. */
export interface EmulatorSigner {
  kid: string;
  sign(payload: Claims, header?: Claims): string;
  /** The public key as SPKI PEM and as PKCS#1 PEM (what an HS256 key-confusion attack tries). */
  publicPems: string[];
}

export const emulatorSigner = async (): Promise<EmulatorSigner> => {
  const key = await cognitoEmulatorSigningKey();
  const privateKey = createPrivateKey(key.privateKeyPem);
  const publicKey = createPublicKey({ key: key.publicJwk as JsonWebKey, format: 'jwk' });
  return {
    kid: key.kid,
    sign: (payload, header = {}) => signRs256(payload, privateKey, key.kid, header),
    publicPems: [publicKey.export({ type: 'spki', format: 'pem' }).toString(), publicKey.export({ type: 'pkcs1', format: 'pem' }).toString()],
  };
};
