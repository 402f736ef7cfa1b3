/**
 * Reads a CloudFormation YAML template the way CloudFormation does: every short-form intrinsic
 * (`!Ref`, `!GetAtt`, `!Sub`, …) in scalar, sequence and mapping form becomes its long form
 * (`{ Ref: … }`, `{ 'Fn::GetAtt': [resource, attribute] }`, …), so tests can assert on plain data.
 */
import { parseDocument, type CollectionTag, type ScalarTag } from 'yaml';

/** Every CloudFormation short form, by tag name. */
export const INTRINSIC_TAGS = [
  'Ref',
  'GetAtt',
  'Sub',
  'Join',
  'If',
  'Equals',
  'Not',
  'Select',
  'Split',
  'FindInMap',
  'ImportValue',
  'Base64',
  'Cidr',
  'GetAZs',
  'And',
  'Or',
  'Condition',
] as const;

/** `Ref` and `Condition` keep their name; every other function is `Fn::<name>`. */
const longName = (name: string): string => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);

/** `!GetAtt Resource.Attribute` → `['Resource', 'Attribute']` (the attribute may hold dots). */
const splitGetAtt = (value: string): string[] => {
  const dot = value.indexOf('.');
  return dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
};

/** Custom tags for the `yaml` package: scalar, sequence and mapping form of each short form. */
export const cloudFormationTags: (ScalarTag | CollectionTag)[] = INTRINSIC_TAGS.flatMap((name) => {
  const key = longName(name);
  const scalar: ScalarTag = {
    tag: `!${name}`,
    identify: () => false,
    resolve: (value: string) => ({ [key]: name === 'GetAtt' ? splitGetAtt(value) : value }),
  };
  const collections = (['seq', 'map'] as const).map(
    (collection): CollectionTag => ({
      tag: `!${name}`,
      collection,
      identify: () => false,
      resolve: (node) => ({ [key]: node.toJSON() }),
    }),
  );
  return [scalar, ...collections];
});

/** Parses CloudFormation YAML; any YAML error or warning (an unknown tag included) throws. */
export const parseCloudFormation = (text: string): unknown => {
  const document = parseDocument(text, { customTags: cloudFormationTags, prettyErrors: true });
  const problems = [...document.errors, ...document.warnings];
  if (problems.length > 0) throw new Error(problems.map((problem) => problem.message).join('\n'));
  return document.toJS({ maxAliasCount: -1 });
};

/** The CloudFormation pseudo parameters (`!Ref AWS::Region`, `${AWS::AccountId}`, …). */
export const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/** A reference found in a template: what refers, to what, and where. */
export interface Reference {
  kind: 'Ref' | 'GetAtt' | 'Sub' | 'Condition';
  /** The logical id, parameter or condition referred to. */
  target: string;
  /** `GetAtt`, `${X.Attr}`: the attribute. */
  attribute?: string;
  /** Where in the template, e.g. `Resources.AuthFunction.Properties.Role`. */
  path: string;
  /** The conditions of the `Fn::If` branches the reference sits in (`!Cond` for the false branch). */
  underConditions: string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The `${Name}` / `${Name.Attribute}` variables of a `Fn::Sub` string (`${!Literal}` skipped). */
export const subVariables = (text: string): { name: string; attribute?: string }[] =>
  [...text.matchAll(/\$\{([^}]*)\}/g)]
    .map((match) => match[1]!.trim())
    .filter((variable) => !variable.startsWith('!'))
    .map((variable) => {
      const [name, attribute] = splitGetAtt(variable);
      return attribute === undefined ? { name: name! } : { name: name!, attribute };
    });

/** Every `Ref`, `Fn::GetAtt`, `Fn::Sub` variable and `Condition` reference below `value`. */
export const collectReferences = (value: unknown, path = '', underConditions: string[] = []): Reference[] => {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => collectReferences(item, `${path}[${index}]`, underConditions));
  }
  if (!isObject(value)) return [];
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const argument = value[key];
    const at = (suffix: string) => `${path}.${suffix}`;
    if (key === 'Ref' && typeof argument === 'string') {
      return [{ kind: 'Ref', target: argument, path, underConditions }];
    }
    if (key === 'Fn::GetAtt') {
      const [target, attribute] = typeof argument === 'string' ? splitGetAtt(argument) : (argument as string[]);
      return [{ kind: 'GetAtt', target: String(target), attribute: String(attribute), path, underConditions }];
    }
    if (key === 'Fn::Sub') {
      const [text, variables] = typeof argument === 'string' ? [argument, {}] : (argument as [string, Record<string, Json>]);
      const local = new Set(Object.keys(variables ?? {}));
      const own = subVariables(text)
        .filter(({ name }) => !local.has(name))
        .map(({ name, attribute }): Reference => ({
          kind: 'Sub',
          target: name,
          ...(attribute === undefined ? {} : { attribute }),
          path,
          underConditions,
        }));
      return [...own, ...collectReferences(variables, at('Fn::Sub[1]'), underConditions)];
    }
    if (key === 'Condition' && typeof argument === 'string') {
      return [{ kind: 'Condition', target: argument, path, underConditions }];
    }
    if (key === 'Fn::If' && Array.isArray(argument)) {
      const [condition, whenTrue, whenFalse] = argument as [string, Json, Json];
      return [
        { kind: 'Condition', target: condition, path, underConditions },
        ...collectReferences(whenTrue, at('Fn::If[1]'), [...underConditions, condition]),
        ...collectReferences(whenFalse, at('Fn::If[2]'), [...underConditions, `!${condition}`]),
      ];
    }
  }
  return keys.flatMap((key) => collectReferences(value[key], path === '' ? key : `${path}.${key}`, underConditions));
};
