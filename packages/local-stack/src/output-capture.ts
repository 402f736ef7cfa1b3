/** What the process wrote to stdout and stderr while captured. */
export interface OutputCapture {
  /** Everything written so far, as one string. */
  text(): string;
  /** Every non-empty line written so far. */
  lines(): string[];
  /** Puts the original `write` functions back (idempotent). */
  restore(): void;
}

type Write = typeof process.stdout.write;

/**
 * Captures (and silences) `process.stdout.write` and `process.stderr.write` — where the functions'
 * Powertools loggers write their JSON lines — by replacing them by hand, not with `jest.spyOn`:
 * a Jest config with `restoreMocks` would undo a spy before each test. Install it in `beforeAll`,
 * `restore()` it in `afterAll`.
 */
export const captureProcessOutput = (): OutputCapture => {
  const chunks: string[] = [];
  const original = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = ((chunk: unknown, ...rest: unknown[]): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as Write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  let restored = false;
  return {
    text: () => chunks.join(''),
    lines: () => chunks.join('').split('\n').filter((line) => line.trim() !== ''),
    restore() {
      if (restored) return;
      restored = true;
      process.stdout.write = original.stdout;
      process.stderr.write = original.stderr;
    },
  };
};
