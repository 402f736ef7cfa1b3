import { BootstraplessSynthesizer } from 'aws-cdk-lib';

/**
 * Both stacks are plain CloudFormation for `aws cloudformation deploy` in an account that was never
 * CDK-bootstrapped: no BootstrapVersion rule or parameter, and no assets (this synthesizer refuses
 * any, so a construct that would need one fails the synth instead of the deploy).
 */
export const plainCloudFormation = (): BootstraplessSynthesizer => new BootstraplessSynthesizer();
