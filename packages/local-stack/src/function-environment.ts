import type { FunctionDescription } from './functions.ts';

/** What the local stack provides to the functions' environments. */
export interface LocalPlatform {
  /** The value of each platform reference (`user-pool-id`, `table-name`, `group-name:<id>`…). */
  refs: Readonly<Record<string, string>>;
  /** The local-only values (`cognito-endpoint`, `dynamodb-endpoint`, `jwt-issuer`, `jwks-uri`…). */
  local: Readonly<Record<string, string>>;
  /** Deploy-time parameters set for this run, by name; every other one takes its default. */
  parameters: Readonly<Record<string, string>>;
}

/** The region the local functions and emulators use. */
export const LOCAL_REGION = 'local';

/**
 * One function's own environment, resolved from its manifest: a `value` as is, a `parameter` as set
 * for this run or its default, a `ref` or `local` value from what the stack provides — plus the
 * variables the Lambda runtime itself sets. Nothing of this process's environment (the developer's
 * shell, AWS credentials) gets in. Throws, naming the function and the variable, for a reference
 * the stack does not provide or a parameter value outside its `allowedValues`.
 *
 * @example
 * ```ts
 * const env = resolveEnvironment(fn, { refs: { 'table-name': 'FileSlaErrors' }, local: {}, parameters: { LogLevel: 'DEBUG' } });
 * ```
 */
export const resolveEnvironment = (fn: FunctionDescription, platform: LocalPlatform): Record<string, string> => {
  const env: Record<string, string> = {};
  for (const [name, source] of Object.entries(fn.environment)) {
    const where = `${fn.name}: ${name}`;
    if ('value' in source) env[name] = source.value;
    else if ('parameter' in source) {
      const value = platform.parameters[source.parameter] ?? source.default;
      if (source.allowedValues && !source.allowedValues.includes(value)) {
        throw new Error(`${where}: parameter ${source.parameter} must be one of ${source.allowedValues.join(', ')} (got "${value}")`);
      }
      env[name] = value;
    } else if ('ref' in source) {
      const value = platform.refs[source.ref];
      if (value === undefined) throw new Error(`${where} needs "${source.ref}", which the local stack does not provide`);
      env[name] = value;
    } else {
      const value = platform.local[source.local];
      if (value === undefined) throw new Error(`${where} needs the local value "${source.local}", which the local stack does not provide`);
      env[name] = value;
    }
  }
  return { ...env, ...lambdaRuntimeEnvironment(fn) };
};

/** What the Lambda runtime sets in every function's environment (the reserved variables used here). */
export const lambdaRuntimeEnvironment = (fn: Pick<FunctionDescription, 'name' | 'memoryMb'>): Record<string, string> => ({
  AWS_REGION: LOCAL_REGION,
  AWS_DEFAULT_REGION: LOCAL_REGION,
  AWS_LAMBDA_FUNCTION_NAME: fn.name,
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
});
