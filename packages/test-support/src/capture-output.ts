import { jest } from '@jest/globals';

/** What the process wrote to stdout and stderr while captured, one entry per write. */
export interface CapturedOutput {
  readonly writes: string[];
  /** Every non-empty written line. */
  lines(): string[];
  /** Every written line, parsed as JSON (throws if a line is not JSON). */
  entries(): Record<string, unknown>[];
  /** Everything written, as one string. */
  text(): string;
}

/**
 * Captures (and silences) `process.stdout.write` and `process.stderr.write`: the Powertools
 * logger writes INFO lines to stdout and ERROR lines to stderr. Jest's `restoreMocks` undoes it.
 */
export const captureOutput = (): CapturedOutput => {
  const writes: string[] = [];
  const capture = (chunk: unknown): boolean => {
    writes.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  jest.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
  jest.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write);
  const lines = (): string[] => writes.join('').split('\n').filter((line) => line.trim() !== '');
  return {
    writes,
    lines,
    entries: () => lines().map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => writes.join(''),
  };
};
