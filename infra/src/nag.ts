import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** A CloudFormation value as cdk-nag names it in a finding: `<Table.Arn>/index/*`, `arn:<AWS::Partition>:…`. */
const label = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const object = value as Record<string, unknown>;
  if ('Ref' in object) return `<${String(object.Ref)}>`;
  if ('Fn::GetAtt' in object) return `<${(object['Fn::GetAtt'] as string[]).join('.')}>`;
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map(label).join(separator);
  }
  return JSON.stringify(value);
};

/**
 * Acknowledges cdk-nag's `AwsSolutions-IAM5` finding for each wildcard in these actions and
 * resources (one finding per wildcard, as cdk-nag 3 reports them), with the reason why that
 * wildcard is the narrowest grant there is.
 *
 * @example
 * ```ts
 * acknowledgeWildcards(role, { resources: [`${table.tableArn}/index/*`] }, 'Query on the table\'s indexes, as the manifest declares.');
 * ```
 */
export const acknowledgeWildcards = (scope: IConstruct, grant: { actions?: readonly string[]; resources?: readonly string[] }, reason: string): void => {
  const stack = Stack.of(scope);
  const ids = [
    ...(grant.actions ?? []).filter((action) => action.includes('*')).map((action) => `AwsSolutions-IAM5[Action::${action}]`),
    ...(grant.resources ?? []).map((resource) => label(stack.resolve(resource))).filter((resource) => resource.includes('*')).map((resource) => `AwsSolutions-IAM5[Resource::${resource}]`),
  ];
  for (const id of ids) Validations.of(scope).acknowledge({ id, reason });
};
