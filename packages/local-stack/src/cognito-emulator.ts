import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startProcess, waitUntil, type ManagedProcess } from './child-process.ts';

/** A running cognito-local. */
export interface CognitoEmulator {
  /** `http://127.0.0.1:<port>`: the Cognito endpoint, and the issuer domain of its tokens. */
  readonly endpoint: string;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

/** Where and how to run it. */
export interface CognitoEmulatorOptions {
  port: number;
  /** Its database lives in `<dataDir>/.cognito`; keep the folder to keep pools and users. */
  dataDir: string;
}

const require = createRequire(import.meta.url);

/**
 * Starts cognito-local on 127.0.0.1 as a child process (usernames need not be emails; the issuer of
 * its tokens is `http://127.0.0.1:<port>/<poolId>`) and waits until it answers.
 */
export const startCognitoEmulator = async ({ port, dataDir }: CognitoEmulatorOptions): Promise<CognitoEmulator> => {
  const endpoint = `http://127.0.0.1:${port}`;
  await mkdir(join(dataDir, '.cognito'), { recursive: true });
  await writeFile(
    join(dataDir, '.cognito', 'config.json'),
    JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] }, TokenConfig: { IssuerDomain: endpoint } }, null, 2),
  );
  const bin = join(require.resolve('cognito-local/package.json'), '..', 'lib', 'bin', 'start.js');
  const orphanGuard = join(import.meta.dirname, 'orphan-guard.cjs');
  const child = startProcess(process.execPath, ['--require', orphanGuard, bin], {
    cwd: dataDir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DEBUG: '' },
  });
  try {
    await waitUntil(
      async () => {
        if (child.child.exitCode !== null) throw new Error('cognito-local exited');
        const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
        return response.status < 500;
      },
      { timeoutMs: 20_000, what: 'cognito-local', describe: child.output },
    );
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { endpoint, process: child, stop: () => child.stop() };
};

/** The RSA key cognito-local signs every token of every pool with. */
export interface CognitoEmulatorSigningKey {
  /** `CognitoLocal`: the `kid` of its tokens and of its JWKS. */
  kid: string;
  /** PKCS#1 PEM. */
  privateKeyPem: string;
  /** The public JWK its JWKS serves. */
  publicJwk: Record<string, string>;
}

/**
 * The emulator's signing key, which cognito-local ships in its package
 * (`lib/keys/cognitoLocal.private.json`): tests use it to sign realistic tokens the emulator
 * itself cannot issue (expired, not yet valid…). Never a secret: it is public, and local only.
 */
export const cognitoEmulatorSigningKey = async (): Promise<CognitoEmulatorSigningKey> => {
  const keys = join(require.resolve('cognito-local/package.json'), '..', 'lib', 'keys');
  const read = async (file: string) =>
    JSON.parse(await readFile(join(keys, file), 'utf8')) as { jwk: Record<string, string>; pem: string };
  const [privateKey, publicKey] = await Promise.all([read('cognitoLocal.private.json'), read('cognitoLocal.public.json')]);
  return { kid: publicKey.jwk.kid ?? 'CognitoLocal', privateKeyPem: privateKey.pem, publicJwk: publicKey.jwk };
};
