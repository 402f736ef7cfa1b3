import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from '@jest/globals';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '../../src/app.js';
import type { FunctionManifest } from '../../src/manifests.js';

/** The repository's manifests, read once per test file (`scripts/manifests.mjs`). */
export { loadManifests } from '../../src/manifests.js';

/**
 * Synthesizes the app once, into a temporary folder removed after the calling file's tests (call
 * it while the tests are collected), and returns both stacks as templates.
 */
export const synthesize = (manifests: readonly FunctionManifest[]) => {
  const outdir = mkdtempSync(join(tmpdir(), 'file-sla-cdk-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const { app, service, bootstrap } = createApp({ manifests, outdir });
  const assembly = app.synth();
  return {
    app,
    assembly,
    outdir,
    service: Template.fromStack(service),
    bootstrap: Template.fromStack(bootstrap),
    serviceStack: service,
    bootstrapStack: bootstrap,
  };
};

type Json = Record<string, unknown>;

/** The one resource of `type` whose logical id starts with `prefix`. */
export const resourceOf = (template: Template, type: string, prefix: string): { id: string; resource: Json } => {
  const matches = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  if (matches.length !== 1) throw new Error(`expected one ${type} ${prefix}*, found ${matches.map(([id]) => id).join(', ') || 'none'}`);
  return { id: matches[0]![0], resource: matches[0]![1] as Json };
};

/** Every IAM statement of the policies attached to a role (by the role's logical id). */
export const statementsOfRole = (template: Template, roleId: string): Json[] =>
  Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => ((policy as Json).Properties as { Roles: unknown[] }).Roles.some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId })))
    .flatMap((policy) => ((policy as Json).Properties as { PolicyDocument: { Statement: Json[] } }).PolicyDocument.Statement);

/** A statement's actions, always as a list. */
export const actionsOf = (statement: Json): string[] => [statement.Action as string | string[]].flat();
