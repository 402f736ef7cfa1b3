import { describe, expect, it } from '@jest/globals';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultJavaCommand, parseJavaMajorVersion, requireJava } from '../../src/java.ts';

const JAVA_17 = `openjdk version "17.0.15" 2025-04-15
OpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)
OpenJDK 64-Bit Server VM (build 17.0.15+6-Debian-1deb12u1, mixed mode, sharing)
`;
const JAVA_21 = `openjdk version "21" 2023-09-19
OpenJDK Runtime Environment (build 21+35-2513)
OpenJDK 64-Bit Server VM (build 21+35-2513, mixed mode, sharing)
`;
const JAVA_8 = `java version "1.8.0_381"
Java(TM) SE Runtime Environment (build 1.8.0_381-b09)
Java HotSpot(TM) 64-Bit Server VM (build 25.381-b09, mixed mode)
`;

describe('parseJavaMajorVersion', () => {
  it.each([
    ['17.0.15', JAVA_17, 17],
    ['21 (GA, no minor)', JAVA_21, 21],
    ['1.8.0_381 (old scheme)', JAVA_8, 8],
    ['an early-access build', 'openjdk version "22-ea" 2024-03-19', 22],
    ['Picked up JAVA_TOOL_OPTIONS first', `Picked up JAVA_TOOL_OPTIONS: -Xmx1g\n${JAVA_17}`, 17],
  ])('reads %s', (_name, output, major) => {
    expect(parseJavaMajorVersion(output)).toBe(major);
  });

  it('gives undefined when there is no version', () => {
    expect(parseJavaMajorVersion('bash: java: command not found')).toBeUndefined();
  });
});

describe('defaultJavaCommand', () => {
  it('uses JAVA_HOME when set, else java from PATH', () => {
    expect(defaultJavaCommand({ JAVA_HOME: '/opt/jdk-21' })).toBe(join('/opt/jdk-21', 'bin', process.platform === 'win32' ? 'java.exe' : 'java'));
    expect(defaultJavaCommand({})).toBe('java');
  });
});

describe('requireJava', () => {
  it('fails with one clear message when Java is missing', async () => {
    await expect(requireJava(join(tmpdir(), 'no-such-dir', 'java'))).rejects.toThrow(
      /^DynamoDB Local needs Java 17 or newer: ".*java" was not found \(install a Java 17\+ runtime/,
    );
  });

  // A fake `java` that prints a given `-version` text on stderr, as the real one does.
  const withFakeJava = async (output: string, run: (command: string) => Promise<void>): Promise<void> => {
    const dir = await mkdtemp(join(tmpdir(), 'fake-java-'));
    const command = join(dir, 'java');
    await writeFile(command, `#!/bin/sh\ncat >&2 <<'END'\n${output}END\n`);
    await chmod(command, 0o755);
    try {
      await run(command);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  const posixIt = process.platform === 'win32' ? it.skip : it;

  posixIt('fails with one clear message when Java is older than 17', async () => {
    await withFakeJava(JAVA_8, async (command) => {
      await expect(requireJava(command)).rejects.toThrow(
        `DynamoDB Local needs Java 17 or newer: "${command}" is Java 8 (java version "1.8.0_381"); install Java 17+ or point JAVA_HOME at one.`,
      );
    });
  });

  posixIt('fails clearly when the output has no version', async () => {
    await withFakeJava('something else\n', async (command) => {
      await expect(requireJava(command)).rejects.toThrow(/^DynamoDB Local needs Java 17 or newer: .* did not report a version .*"something else"/);
    });
  });

  posixIt('accepts Java 21', async () => {
    await withFakeJava(JAVA_21, async (command) => {
      await expect(requireJava(command)).resolves.toEqual({ command, majorVersion: 21, versionLine: 'openjdk version "21" 2023-09-19' });
    });
  });
});
