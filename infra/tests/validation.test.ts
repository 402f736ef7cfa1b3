import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Validations } from 'aws-cdk-lib';
import { RegoEngine, TemplateFile } from '@aws/cloudformation-validate';
import nag from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { createApp } from '../src/app.js';
import { eventFixture, httpFixture } from './fixtures/manifests.js';
import { loadManifests } from './support/app.js';

// The stacks as `pnpm synth` writes them (the repository's manifests), and with a third and fourth
// function of each kind, so that every branch of the stack (stream source, dead-letter queue,
// topic publishing) is checked before a real function needs it.
const real = await loadManifests();
const variants = { 'the repository\'s manifests': real, 'with an event and an HTTP fixture': [...real, eventFixture, httpFixture] };

const synthesizeChecked = (manifests: typeof real) => {
  const outdir = mkdtempSync(join(tmpdir(), 'file-sla-nag-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const { app } = createApp({ manifests, outdir });
  Validations.of(app).addPlugins(new nag.AwsSolutionsChecks(app), new nag.ServerlessChecks(app));
  let failure: unknown;
  try {
    app.synth();
  } catch (error) {
    failure = error;
  }
  const reportFile = join(outdir, 'validation-report.json');
  return { app, outdir, failure, report: existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : '' };
};

type Acknowledged = { id: string; reason: string; path: string };
const acknowledgments = (root: IConstruct): Acknowledged[] =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ id, reason, path: construct.node.path })),
  );

// One validator engine for the file (loading its rules is the slow part), freed at the end.
let validator: InstanceType<typeof RegoEngine> | undefined;
const engine = () => (validator ??= new RegoEngine());
afterAll(() => validator?.free());

describe.each(Object.entries(variants))('the stacks, %s', (_what, manifests) => {
  const checked = synthesizeChecked(manifests);

  it('pass cdk-nag\'s AwsSolutions and Serverless packs: every finding is acknowledged in code', () => {
    expect({ failure: checked.failure === undefined ? undefined : String(checked.failure), report: checked.failure === undefined ? '' : checked.report }).toEqual({ failure: undefined, report: '' });
  });

  it('give every acknowledgment a written reason', () => {
    const acknowledged = acknowledgments(checked.app);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const rule of acknowledged) expect({ ...rule, reason: rule.reason.length >= 30 }).toEqual({ ...rule, reason: true });
  });

  it.each(['service', 'bootstrap'])('%s passes the offline CloudFormation validator with no finding at WARN or above', (stack) => {
    const report = engine().validateStandard(new TemplateFile(join(checked.outdir, `${stack}.template.json`)), { severityLevel: 'WARN' });
    expect(report.diagnostics.map((diagnostic) => `${diagnostic.severity} ${diagnostic.ruleId}: ${diagnostic.message}`)).toEqual([]);
  });
});
