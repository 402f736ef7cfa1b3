// Names shared by the stacks (src/service, src/bootstrap) and scripts/deploy.sh (through
// deploy-functions.mjs): one function's stack parameters and outputs are derived from its manifest
// name here, and nowhere else. Plain JavaScript so that the deploy script runs it with any Node.

/** Prefix of every named resource: `file-sla-<Stage>-…`; the bootstrap's policies are scoped to it. */
export const RESOURCE_PREFIX = 'file-sla';

/** The alias the HTTP API and event sources invoke, moved by the deploy script. */
export const LIVE_ALIAS = 'live';

/** `hello-world-lambda` → `hello-world`: the function's name inside `file-sla-<Stage>-…`. */
export const shortName = (name) => name.replace(/-lambda$/, '');

/** `hello-world` → `HelloWorld`. */
export const pascalCase = (text) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');

/**
 * The stack parameters and outputs of one function, from its manifest name.
 *
 * @example
 * functionNames('hello-world-lambda').codeKeyParameter // 'HelloWorldCodeKey'
 */
export const functionNames = (name) => {
  const id = pascalCase(shortName(name));
  return {
    id,
    codeKeyParameter: `${id}CodeKey`,
    memoryParameter: `${id}MemorySize`,
    timeoutParameter: `${id}Timeout`,
    functionNameOutput: `${id}FunctionName`,
    aliasArnOutput: `${id}LiveAliasArn`,
  };
};
