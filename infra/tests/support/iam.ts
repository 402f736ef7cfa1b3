/** A small IAM evaluator for the tests: Allow statements, Action/Resource globs, StringEquals/StringLike conditions. */
export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** One request an AWS CLI command makes: its IAM action, resource and condition context. */
export interface Request {
  action: string;
  resource: string;
  context?: Record<string, string>;
}

const glob = (pattern: string) => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const conditionHolds = (condition: Statement['Condition'], context: Record<string, string>): boolean =>
  Object.entries(condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      const actual = context[key];
      if (actual === undefined) return false;
      if (operator === 'StringEquals') return list(expected).includes(actual);
      if (operator === 'StringLike') return list(expected).some((pattern) => glob(pattern).test(actual));
      throw new Error(`condition operator ${operator} is not understood by this evaluator`);
    }),
  );

/** The statement that allows the request, if any (an explicit Deny wins). */
export const allowedBy = (statements: readonly Statement[], request: Request): Statement | undefined => {
  const matches = (statement: Statement) =>
    list(statement.Action).some((action) => glob(action).test(request.action)) &&
    list(statement.Resource).some((resource) => glob(resource).test(request.resource)) &&
    conditionHolds(statement.Condition, request.context ?? {});
  if (statements.some((statement) => statement.Effect === 'Deny' && matches(statement))) return undefined;
  return statements.find((statement) => statement.Effect === 'Allow' && matches(statement));
};

/** Resolves Ref / Fn::GetAtt / Fn::Join / Fn::Sub / Fn::If (`Condition:<name>`: 'false' takes the second branch) with the given values. */
export const resolve = (value: unknown, refs: Record<string, string>): unknown => {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => resolve(item, refs));
  const object = value as Record<string, unknown>;
  const lookup = (name: string) => {
    if (!(name in refs)) throw new Error(`no value for ${name}`);
    return refs[name]!;
  };
  if ('Ref' in object) return lookup(object.Ref as string);
  if ('Fn::GetAtt' in object) return lookup((object['Fn::GetAtt'] as string[]).join('.'));
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => resolve(part, refs)).join(separator);
  }
  if ('Fn::If' in object) {
    const [condition, whenTrue, whenFalse] = object['Fn::If'] as [string, unknown, unknown];
    return resolve(refs[`Condition:${condition}`] === 'false' ? whenFalse : whenTrue, refs);
  }
  if ('Fn::Sub' in object) return (object['Fn::Sub'] as string).replace(/\$\{([^}]+)\}/g, (_, name: string) => lookup(name));
  return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, resolve(item, refs)]));
};
