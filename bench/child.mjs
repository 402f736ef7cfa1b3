// Runs one measurement in a fresh Node process and collects its result over the IPC channel.
import { fork } from 'node:child_process';

/**
 * Forks `script` with exactly `env` (nothing inherited; NODE_OPTIONS in it applies) and the node
 * arguments `execArgv` (default none), and resolves with the
 * value of the child's `{ type: 'result', value }` message (advanced serialization: typed arrays pass). A `{ type: 'mark', name }` message is
 * passed to `onMark` and answered `{ type: 'ack' }` once it returns, so the child can wait for the
 * parent (e.g. to snapshot the fake endpoints' counters). Rejects when the child fails, exits
 * without a result or outlives `timeoutMs`; the error carries the tail of its stderr.
 * @param {string} script - absolute path of the child module
 * @param {string[]} args
 * @param {{ env: Record<string, string>, execArgv?: string[], timeoutMs: number, onMark?: (name: string) => void }} options
 * @returns {Promise<any>}
 */
export const runChild = (script, args, { env, execArgv = [], timeoutMs, onMark }) =>
  new Promise((resolve, reject) => {
    const child = fork(script, args, { env, execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    let result;
    let settled = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const fail = (message) => {
      if (settled) return;
      settled = true;
      reject(new Error(`${message}${stderr.trim() ? `\n--- child stderr ---\n${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`${script} ${args.join(' ')}: no result after ${timeoutMs} ms (BENCH_CHILD_TIMEOUT_MS)`);
    }, timeoutMs);
    child.on('message', (message) => {
      if (message?.type === 'mark') {
        onMark?.(message.name);
        child.send({ type: 'ack', name: message.name });
      } else if (message?.type === 'result') {
        result = message.value;
      } else if (message?.type === 'error') {
        fail(`${script}: ${message.message}`);
      }
    });
    child.on('error', (error) => fail(`${script}: ${error.message}`));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (settled) return;
      if (result === undefined) {
        fail(`${script} ${args.join(' ')} exited (${signal ?? `code ${code}`}) without a result`);
        return;
      }
      settled = true;
      resolve(result);
    });
  });
