import dynalite from 'dynalite';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { assertPortFree } from './free-port.ts';

/** A dynalite server running inside this process. */
export interface DynaliteServer {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Closes the server, its connections and its store. */
  stop(): Promise<void>;
}

/** Where and how to run it. */
export interface DynaliteServerOptions {
  port: number;
  /** Persist in the LevelDB folder `<dataDir>/.dynalite` (created when missing); in memory without it. */
  dataDir?: string;
}

/**
 * Starts dynalite (pure Node, in this process) on 127.0.0.1 with tables that are ACTIVE at once.
 * It has no UpdateTimeToLive and reports TTL as DISABLED; items do not expire.
 */
export const startDynalite = async ({ port, dataDir }: DynaliteServerOptions): Promise<DynaliteServer> => {
  await assertPortFree(port, 'dynalite');
  let path: string | undefined;
  if (dataDir) {
    path = join(dataDir, '.dynalite');
    await mkdir(path, { recursive: true });
  }
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) });
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} (dynalite) is already in use; choose another.`) : error);
    server.once('error', failed);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', failed);
      resolve();
    });
  });
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return stopped;
    },
  };
};
