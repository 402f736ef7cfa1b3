import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

/** Resolves when `port` is free on 127.0.0.1, rejects with a clear message when it is taken. */
export const assertPortFree = (port: number, what: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', () => reject(new Error(`Port ${port} (${what}) is already in use; choose another.`)));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });

/** What a start that lost its port says (our check, Node, or the JVM's Jetty). */
const PORT_TAKEN = /already in use|EADDRINUSE|Failed to bind|BindException/i;

/**
 * Starts a server on a free port, and on another one when that port was taken between finding it
 * and binding it: any process on the machine — an outgoing connection included — may take a port
 * the moment it is free. For tests and tools that need some port, not a given one.
 *
 * @param start - starts the server on the port it is given
 * @param attempts - ports to try before giving up
 */
export const startOnFreePort = async <T>(start: (port: number) => Promise<T>, attempts = 3): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start(await freePort());
    } catch (error) {
      if (attempt >= attempts || !PORT_TAKEN.test(error instanceof Error ? error.message : String(error))) throw error;
    }
  }
};
