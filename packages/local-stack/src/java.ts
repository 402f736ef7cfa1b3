import { execFile, type ExecFileException } from 'node:child_process';
import { join } from 'node:path';

/** The oldest Java that DynamoDB Local 3.x runs on. */
export const MIN_JAVA_VERSION = 17;

/** A Java runtime that answered `java -version`. */
export interface JavaRuntime {
  /** What to run: `$JAVA_HOME/bin/java`, or `java` from PATH. */
  readonly command: string;
  /** 8 for `1.8.0_381`, 17 for `17.0.15`, 21 for `21`. */
  readonly majorVersion: number;
  /** The first line of `java -version`, e.g. `openjdk version "17.0.15" 2025-04-15`. */
  readonly versionLine: string;
}

/**
 * The major version in `java -version` output (`version "1.8.0_381"` → 8, `version "17.0.15"` → 17,
 * `version "21"` → 21, `version "22-ea"` → 22); `undefined` when there is none.
 */
export const parseJavaMajorVersion = (output: string): number | undefined => {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(output);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
};

/** `$JAVA_HOME/bin/java` when JAVA_HOME is set, else `java` (looked up on PATH). */
export const defaultJavaCommand = (env: NodeJS.ProcessEnv = process.env): string =>
  env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', process.platform === 'win32' ? 'java.exe' : 'java') : 'java';

/** Runs `<command> -version` (it prints to stderr); the error says why it could not. */
const runVersion = (command: string): Promise<{ output: string; error?: ExecFileException }> =>
  new Promise((resolve) => {
    execFile(command, ['-version'], { timeout: 15_000, windowsHide: true }, (error, stdout, stderr) => {
      resolve({ output: `${stderr}${stdout}`, ...(error ? { error } : {}) });
    });
  });

/**
 * Asks `command` for its version. Fails with one message starting
 * "DynamoDB Local needs Java 17 or newer: " when Java is missing, unreadable or older than 17.
 */
export const requireJava = async (command: string = defaultJavaCommand()): Promise<JavaRuntime> => {
  const failure = (why: string): Error => new Error(`DynamoDB Local needs Java ${MIN_JAVA_VERSION} or newer: ${why}`);
  const { output, error } = await runVersion(command);
  if (error?.code === 'ENOENT') {
    throw failure(`"${command}" was not found (install a Java ${MIN_JAVA_VERSION}+ runtime and put it on PATH, or set JAVA_HOME).`);
  }
  const majorVersion = parseJavaMajorVersion(output);
  const versionLine = output.split(/\r?\n/).find((line) => line.trim() !== '')?.trim() ?? '';
  if (majorVersion === undefined) {
    throw failure(`"${command} -version" did not report a version (${error ? `${error.message}; ` : ''}output: ${JSON.stringify(versionLine)}).`);
  }
  if (majorVersion < MIN_JAVA_VERSION) {
    throw failure(`"${command}" is Java ${majorVersion} (${versionLine}); install Java ${MIN_JAVA_VERSION}+ or point JAVA_HOME at one.`);
  }
  return { command, majorVersion, versionLine };
};
