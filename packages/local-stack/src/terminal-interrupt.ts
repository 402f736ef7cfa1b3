/** The bytes a terminal in raw mode sends for Ctrl-C and Ctrl-\ (otherwise SIGINT and SIGQUIT). */
const INTERRUPT = 0x03;
const QUIT = 0x1c;

/**
 * Takes Ctrl-C from the terminal as a key instead of a signal: with stdin a TTY, the terminal goes
 * to raw mode (no SIGINT for Ctrl-C), and Ctrl-C or Ctrl-\ calls `stop`. Why: a terminal's Ctrl-C
 * signals its whole foreground process group — the `pnpm` processes and the `sh -c` between them
 * and this one too — and they report a failed command (`ELIFECYCLE`, exit 130) even when this
 * process stops cleanly. As a key, only this process sees it, stops, and exits 0, so `pnpm start`
 * ends as cleanly. Returns a function that puts the terminal back (also done when the process
 * exits). Does nothing without a TTY (signals still work: see `cli.ts`).
 *
 * @example
 * ```ts
 * const restore = stopOnCtrlC(() => void shutdown('Ctrl-C'));
 * ```
 */
export const stopOnCtrlC = (stop: () => void, stdin: NodeJS.ReadStream = process.stdin): (() => void) => {
  if (!stdin.isTTY) return () => undefined;
  const onData = (chunk: Buffer): void => {
    if (chunk.includes(INTERRUPT) || chunk.includes(QUIT)) stop();
  };
  stdin.setRawMode(true);
  stdin.on('data', onData);
  stdin.resume();
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    stdin.off('data', onData);
    stdin.setRawMode(false);
    stdin.pause();
  };
  process.once('exit', restore);
  return restore;
};
