import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { eventFixture } from './fixtures/manifests.js';
import { loadManifests, synthesize } from './support/app.js';
import { deployWorkspace } from './support/deploy-script.js';

// scripts/deploy.sh and the service stack agree: every parameter the deploy sets and every output
// it reads exist in the synthesized template, for the repository's manifests and with one more.
const real = await loadManifests();
const work = mkdtempSync(join(tmpdir(), 'deploy-template-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each([
  ['the repository\'s manifests', real],
  ['one more function', [...real, eventFixture]],
])('the deploy plan and the service template, %s', (what, manifests) => {
  const template = synthesize(manifests).service.toJSON() as { Parameters: Record<string, unknown>; Outputs: Record<string, unknown> };
  const ws = deployWorkspace(join(work, what.replace(/\W+/g, '-')), manifests);
  const lines = ws.deploySh(['--dry-run', '--region', 'eu-west-1', '--artifact-bucket', 'b', '--stage', 'prod', '--dist-dir', ws.dist]).lines;

  it('sets only parameters the template declares, and every code key it has', () => {
    const deploys = lines.filter((line) => line.startsWith('aws cloudformation deploy '));
    expect(deploys).toHaveLength(2);
    for (const line of deploys) {
      const overrides = line.split(' --parameter-overrides ')[1]!.split(' --region ')[0]!.split(' ').map((pair) => pair.split('=')[0]!);
      expect(overrides.filter((key) => !(key in template.Parameters))).toEqual([]);
      expect(Object.keys(template.Parameters).filter((key) => key.endsWith('CodeKey')).filter((key) => !overrides.includes(key))).toEqual([]);
    }
  });

  it('reads only outputs the template has', () => {
    const outputs = lines.flatMap((line) => [...line.matchAll(/OutputKey=='([A-Za-z0-9]+)'/g)].map((match) => match[1]!));
    expect(outputs.length).toBe(manifests.length + 1);
    expect(outputs.filter((key) => !(key in template.Outputs))).toEqual([]);
  });
});
