import { describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../../src/free-port.ts';
import { portOpen } from '../support/port-open.ts';
import { repoRoot } from '../../src/repo-root.ts';

// Ctrl-C on the README's run command, in a terminal, as a user presses it: `npx -y pnpm@<pinned>
// start` runs in a pseudo-terminal (util-linux `script`, its own session and process group), and
// Ctrl-C is typed into it. Without the local stack taking Ctrl-C as a key, the terminal signals
// the whole process group — npm, both pnpm processes and the shells between them — and the
// command ends with pnpm's `ELIFECYCLE Command failed` / `ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL` and
// status 130 although the stack stopped cleanly. Now it ends with status 0 and no error report.

const hasScript = process.platform === 'linux' && spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

(hasScript ? describe : describe.skip)('Ctrl-C on the run command in a terminal', () => {
  it('stops everything, prints no error report and ends with status 0', async () => {
    const { packageManager } = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { packageManager: string };
    const ports = [await freePort(), await freePort(), await freePort()];
    const command = `npx -y ${packageManager} start -- --port ${ports[0]} --cognito-port ${ports[1]} --dynamodb-port ${ports[2]}`;
    // -q quiet, -f flush, -e the command's exit status, -c the command; no typescript file.
    const terminal = spawn('script', ['-qfec', command, '/dev/null'], { cwd: repoRoot, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    terminal.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    terminal.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => terminal.once('exit', (code, signal) => resolve({ code, signal })));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not ready after 90 s:\n${output}`)), 90_000);
        const check = (): void => {
          if (/Ready: http/.test(output)) {
            clearTimeout(timer);
            resolve();
          } else if (terminal.exitCode !== null) {
            clearTimeout(timer);
            reject(new Error(`ended before it was ready:\n${output}`));
          } else setTimeout(check, 100);
        };
        check();
      });
      terminal.stdin.write('\x03'); // Ctrl-C
      const result = await Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 30_000))]);
      expect({ result, tail: output.slice(-600) }).toEqual({ result: { code: 0, signal: null }, tail: expect.stringContaining('Stopped.') });
      expect(output).not.toMatch(/ELIFECYCLE|ERR_PNPM|Command failed/);
      for (const port of ports) expect(await portOpen(port!)).toBe(false);
    } finally {
      terminal.stdin.end();
      if (terminal.exitCode === null && terminal.signalCode === null) process.kill(-terminal.pid!, 'SIGKILL');
    }
  }, 150_000);
});
