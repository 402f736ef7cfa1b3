/** Minimal types for `dynalite` 4 (CommonJS, ships none): the factory of its HTTP server. */
declare module 'dynalite' {
  import type { Server } from 'node:http';

  /** The options this stack uses (see dynalite's index.js for the rest). */
  export interface DynaliteOptions {
    /** LevelDB folder; in memory when absent. */
    path?: string;
    /** How long tables stay CREATING / DELETING / UPDATING (default 500 ms each). */
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    /** Maximum item size (default 400). */
    maxItemSizeKb?: number;
    verbose?: boolean;
    debug?: boolean;
  }

  /** A plain `http.Server`; its `close()` also closes the store. */
  const dynalite: (options?: DynaliteOptions) => Server;
  export default dynalite;
}
