import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** A background process the stack started and must stop. */
export interface ManagedProcess {
  readonly child: ChildProcess;
  /** Everything it printed so far (for error messages). */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `command` with piped output kept in memory (last 64 KiB). */
export const startProcess = (
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv },
): ManagedProcess => {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-65536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = once(child, 'exit').then(() => undefined);
  return {
    child,
    output: () => output,
    async stop(graceMs = 3000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
};

/** Polls `probe` until it resolves true, or fails after `timeoutMs` with `describe()` in the message. */
export const waitUntil = async (
  probe: () => Promise<boolean>,
  { timeoutMs, what, describe }: { timeoutMs: number; what: string; describe?: () => string },
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs} ms${describe ? `:\n${describe()}` : ''}`);
};
