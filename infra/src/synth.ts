// `pnpm synth`: writes the two stacks as plain CloudFormation to dist/infra/<stack>.template.json
// (and the cloud assembly to infra/cdk.out). `--outdir DIR` writes the templates elsewhere.
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp, STACK_IDS } from './app.js';
import { loadManifests } from './manifests.js';
import { repoRoot } from './repo-root.js';

const root = repoRoot();
const { values } = parseArgs({ options: { outdir: { type: 'string', default: join(root, 'dist', 'infra') } } });
const outdir = resolve(values.outdir);
const { app } = createApp({ manifests: await loadManifests(), outdir: join(root, 'infra', 'cdk.out') });
const assembly = app.synth();
await mkdir(outdir, { recursive: true });
for (const id of Object.values(STACK_IDS)) {
  const stack = assembly.getStackByName(id);
  const target = join(outdir, `${id}.template.json`);
  await copyFile(join(assembly.directory, stack.templateFile), target);
  process.stdout.write(`synthesized ${id}: ${target}\n`);
}
