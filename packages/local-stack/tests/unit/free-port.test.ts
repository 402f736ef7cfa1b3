import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { assertPortFree, freePort, startOnFreePort } from '../../src/free-port.ts';

describe('freePort', () => {
  it('gives a port that can be listened on at once', async () => {
    const port = await freePort();
    await expect(assertPortFree(port, 'test')).resolves.toBeUndefined();
  });
});

describe('startOnFreePort', () => {
  it('tries another port when the start says its port was taken, and returns what the start returned', async () => {
    const ports: number[] = [];
    const started = await startOnFreePort(async (port) => {
      ports.push(port);
      if (ports.length === 1) throw new Error(`DynamoDB Local exited while starting: java.net.BindException: Address already in use (port ${port})`);
      return `started on ${port}`;
    });
    expect(ports).toHaveLength(2);
    expect(started).toBe(`started on ${ports[1]}`);
  });

  it('recognises a port that a real server holds (EADDRINUSE)', async () => {
    const holder = createServer();
    const held = await new Promise<number>((resolve) => holder.listen(0, '127.0.0.1', () => resolve((holder.address() as { port: number }).port)));
    let calls = 0;
    try {
      const port = await startOnFreePort(async (free) => {
        calls += 1;
        const server = createServer();
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(calls === 1 ? held : free, '127.0.0.1', () => resolve());
        });
        server.close();
        return free;
      });
      expect(calls).toBe(2);
      expect(port).not.toBe(held);
    } finally {
      holder.close();
    }
  });

  it('does not retry other failures', async () => {
    let calls = 0;
    await expect(
      startOnFreePort(async () => {
        calls += 1;
        throw new Error('Java 17 or newer is needed');
      }),
    ).rejects.toThrow('Java 17 or newer is needed');
    expect(calls).toBe(1);
  });

  it('gives up after the given number of ports, with the last failure', async () => {
    let calls = 0;
    await expect(
      startOnFreePort(async (port) => {
        calls += 1;
        throw new Error(`Port ${port} (gateway) is already in use; choose another.`);
      }, 3),
    ).rejects.toThrow(/already in use/);
    expect(calls).toBe(3);
  });
});
