// Runs the CDK app (src/synth.ts): esbuild turns the TypeScript into one module next to this file
// (build/, so that aws-cdk-lib resolves from infra/node_modules), which is then run as is.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const outfile = new URL('build/synth.mjs', import.meta.url).pathname;
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
