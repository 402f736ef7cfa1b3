import { App, Tags } from 'aws-cdk-lib';
import { BootstrapStack } from './bootstrap/bootstrap-stack.js';
import type { FunctionManifest } from './manifests.js';
import { ServiceStack } from './service/service-stack.js';
import { plainCloudFormation } from './synthesizer.js';

/** The two stacks' construct ids, also the names of their template files. */
export const STACK_IDS = { service: 'service', bootstrap: 'bootstrap' } as const;

/**
 * The CDK app: the service stack built from the manifests, and the bootstrap stack (artifact
 * bucket, GitHub OIDC provider, deploy role) that a first deploy needs. Neither has an account or
 * region: both are deployed with `aws cloudformation deploy` wherever the credentials point.
 *
 * @example
 * ```ts
 * const { app } = createApp({ manifests: await loadManifests(), outdir: 'infra/cdk.out' });
 * app.synth();
 * ```
 */
export const createApp = (options: { manifests: readonly FunctionManifest[]; outdir?: string }) => {
  const app = new App({ ...(options.outdir ? { outdir: options.outdir } : {}), analyticsReporting: false });
  const service = new ServiceStack(app, STACK_IDS.service, { manifests: options.manifests, synthesizer: plainCloudFormation(), analyticsReporting: false });
  const bootstrap = new BootstrapStack(app, STACK_IDS.bootstrap, { synthesizer: plainCloudFormation(), analyticsReporting: false });
  for (const stack of [service, bootstrap]) Tags.of(stack).add('application', 'file-sla-errors');
  return { app, service, bootstrap };
};
