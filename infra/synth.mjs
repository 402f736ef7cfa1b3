// Runs the CDK app (src/synth.ts): esbuild turns the TypeScript into one module under
// node_modules/.cache (so that aws-cdk-lib resolves from infra/node_modules), which is then run.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const outfile = new URL('node_modules/.cache/file-sla-synth/synth.mjs', import.meta.url).pathname;
await build({
  entryPoints: [new URL('src/synth.ts', import.meta.url).pathname],
  outfile,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node24',
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
