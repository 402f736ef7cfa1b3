import { CfnParameter, type Stack } from 'aws-cdk-lib';
import type { EnvSource } from '@file-sla/shared-middleware';

type ParameterSource = Extract<EnvSource, { parameter: string }>;

/**
 * The stack parameters that manifests declare (`{ parameter }` environment sources and group
 * names): one CfnParameter per name, shared by every function that reads it. Two manifests that
 * declare the same name differently are refused, so no function silently gets another's default.
 */
export class ManifestParameters {
  private readonly byName = new Map<string, { parameter: CfnParameter; signature: string }>();

  constructor(private readonly stack: Stack) {}

  /** The parameter for a `{ parameter, default, description, allowedValues? }` source. */
  fromSource(source: ParameterSource): CfnParameter {
    return this.get(source.parameter, {
      type: 'String',
      default: source.default,
      description: source.description,
      ...(source.allowedValues ? { allowedValues: [...source.allowedValues] } : {}),
    });
  }

  /** A parameter with explicit CloudFormation properties. */
  get(name: string, props: { type: string; default?: string | number; description: string; allowedValues?: string[]; allowedPattern?: string; minValue?: number; maxValue?: number }): CfnParameter {
    const signature = JSON.stringify({ ...props, description: undefined });
    const known = this.byName.get(name);
    if (known) {
      if (known.signature !== signature) throw new Error(`stack parameter ${name} is declared twice with different settings: ${known.signature} and ${signature}`);
      return known.parameter;
    }
    const parameter = new CfnParameter(this.stack, name, props);
    this.byName.set(name, { parameter, signature });
    return parameter;
  }
}
