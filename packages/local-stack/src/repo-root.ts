import { join } from 'node:path';

/** The repository root (this file is `packages/local-stack/src/repo-root.ts`). */
export const repoRoot = join(import.meta.dirname, '..', '..', '..');
