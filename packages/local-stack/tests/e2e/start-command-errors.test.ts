import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../../src/free-port.ts';
import { repoRoot } from '../../src/lambda-bundle.ts';

// The run command's refusals: one clear line on stderr and a non-zero exit code.

const run = (args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['src/cli.ts', ...args], { cwd: join(repoRoot, 'packages', 'local-stack'), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });

const occupy = async (): Promise<{ port: number; server: Server }> => {
  const port = await freePort();
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, server };
};

describe('pnpm start refusals', () => {
  it('a port in use: one line naming it, exit code 1', async () => {
    const { port, server } = await occupy();
    try {
      const result = await run(['--port', String(port), '--cognito-port', String(await freePort()), '--dynamodb-port', String(await freePort())]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`local-stack: Port ${port} (gateway, --port) is already in use; choose another.\n`);
    } finally {
      server.close();
    }
  }, 30_000);

  it('--dynamodb=local without Java: one line saying so, exit code 1', async () => {
    const env = { ...process.env, PATH: '/nonexistent', JAVA_HOME: '' };
    const result = await run(['--dynamodb', 'local', '--port', String(await freePort()), '--cognito-port', String(await freePort()), '--dynamodb-port', String(await freePort())], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^local-stack: DynamoDB Local needs Java 17 or newer: .+\n$/);
    expect(result.stderr.split('\n')).toHaveLength(2);
  }, 30_000);

  it('a bad option: one line pointing to --help, exit code 1', async () => {
    const result = await run(['--port', 'eighty']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('local-stack: --port must be a port number from 1 to 65535 (got "eighty")\n');
    // What `pnpm start -- --port eighty` runs: pnpm passes the `--` on.
    const throughPnpm = await run(['--', '--port', 'eighty']);
    expect(throughPnpm.code).toBe(1);
    expect(throughPnpm.stderr).toBe('local-stack: --port must be a port number from 1 to 65535 (got "eighty")\n');
    const unknown = await run(['--colour']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^local-stack: .*--colour.*; see --help\n$/);
  }, 30_000);
});
